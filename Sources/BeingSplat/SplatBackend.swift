/// What a forward pass leaves for its backward pass; opaque to callers apart from the output.
public protocol SplatRenderContext {
    var output: RenderOutput { get }
}

/// A rendering engine for 3D Gaussian splats. The CPU backend is the reference; a CUDA backend
/// implements the same contract over the same buffers.
///
///     let context = try backend.forward(parameters, camera: camera, options: options)
///     let gradients = try backend.backward(context, colorGradient: dLdC, alphaGradient: nil)
public protocol SplatBackend: Sendable {
    associatedtype Context: SplatRenderContext

    /// Projects, bins and composites the Gaussians as seen by `camera`.
    func forward(_ parameters: SplatParameters, camera: Camera, options: RenderOptions) throws -> Context

    /// Gradients of a loss with respect to every parameter, given dL/dcolour [H, W, 3] and
    /// optionally dL/dalpha [H, W], for the pass that made `context`.
    func backward(_ context: Context, colorGradient: [Float], alphaGradient: [Float]?) throws -> SplatGradients
}
