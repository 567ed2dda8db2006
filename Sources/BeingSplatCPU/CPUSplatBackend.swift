import BeingMath
import BeingSplat
import BeingSplatRaster

/// What the CPU forward pass keeps for its backward pass.
public struct CPUSplatContext: SplatRenderContext, Sendable {
    public let output: RenderOutput
    let parameters: SplatParameters
    let camera: Camera
    let options: RenderOptions
    let projected: ProjectedSplats
    let binning: TileBinning
    let tileSplats: [RasterSplat]  // [I]
    let images: CompositedImages
    let background: [Float]  // [H, W, 3] or [3]: `backgroundPixels`

    /// Splat-tile pairs composited (for profiling).
    public var intersectionCount: Int { binning.intersectionCount }
}

extension ProjectedSplats: @unchecked Sendable {}

/// The reference splatting backend: projection, tile binning, compositing and their adjoints on
/// the CPU, multithreaded and deterministic (the same inputs give bitwise the same outputs).
public struct CPUSplatBackend: SplatBackend {
    /// When set, phases are timed into it.
    public let profiler: CPUProfiler?
    /// The build of the compositing kernels it runs.
    public let compositing: CompositingWidth

    /// - Parameter compositing: a width this CPU supports (`isSupported`); the widest by default.
    public init(profiler: CPUProfiler? = nil, compositing: CompositingWidth = .best) {
        precondition(compositing.isSupported, "CPUSplatBackend: this CPU cannot run the \(compositing) compositing kernels")
        self.profiler = profiler
        self.compositing = compositing
    }

    private func measure<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        guard let profiler else { return try body() }
        return try profiler.measure(phase, body)
    }

    public func forward(_ parameters: SplatParameters, camera: Camera, options: RenderOptions) throws -> CPUSplatContext {
        try parameters.validate()
        try camera.validate()
        let w = camera.width, h = camera.height
        let background: [Float] = try measure("forward: background") { try Self.backgroundPixels(options, width: w, height: h) }
        let projected = measure("forward: project") { ProjectedSplats(parameters, camera: camera, options: options) }
        let compositor = compositing.compositor
        let binning = measure("forward: bin and sort") {
            projected.raster.withUnsafeBufferPointer { raster in
                TileBinning(boxes: projected.footprints, depths: projected.depths, visible: projected.visible,
                            width: w, height: h, touches: { raster[$0].touches($1) },
                            keptTiles: { compositor.keptTiles(raster[$0], $1, width: w, height: h) })
            }
        }
        let tileSplats = measure("forward: gather") { TileLists.gather(projected, binning) }
        let images = measure("forward: composite") {
            compositor.forward(tileSplats, binning, width: w, height: h, options: options, background: background)
        }
        let output = RenderOutput(width: w, height: h, color: images.color, alpha: images.alpha, depth: images.depth,
                                  radii: projected.radii, visible: projected.visible)
        return CPUSplatContext(output: output, parameters: parameters, camera: camera, options: options,
                               projected: projected, binning: binning, tileSplats: tileSplats, images: images,
                               background: background)
    }

    /// The background as compositing reads it: the image, [H, W, 3], or for one colour that
    /// colour alone, [3] (read with a pixel stride of 0, so no image is filled and read back).
    static func backgroundPixels(_ options: RenderOptions, width w: Int, height h: Int) throws -> [Float] {
        switch options.background {
        case let .color(c):
            return [c.x, c.y, c.z]
        case let .image(image):
            guard image.count == w * h * 3 else { throw SplatError.shapeMismatch("background image", expected: w * h * 3, got: image.count) }
            return image
        }
    }

    public func backward(_ context: CPUSplatContext, colorGradient: [Float], alphaGradient: [Float]?) throws -> SplatGradients {
        let w = context.camera.width, h = context.camera.height
        guard colorGradient.count == w * h * 3 else { throw SplatError.shapeMismatch("colorGradient", expected: w * h * 3, got: colorGradient.count) }
        if let a = alphaGradient, a.count != w * h { throw SplatError.shapeMismatch("alphaGradient", expected: w * h, got: a.count) }
        let perIntersection = measure("backward: composite") {
            compositing.compositor.backward(
                context.tileSplats, context.binning, context.images, width: w, height: h, options: context.options,
                background: context.background, colorGradient: colorGradient, alphaGradient: alphaGradient)
        }
        let screen = measure("backward: reduce") { TileLists.reduce(perIntersection, context.binning, count: context.parameters.count) }
        return measure("backward: project") { Self.projectionBackward(context, screen) }
    }

    /// The adjoint of `ProjectedSplats.init`, per splat (chunks of splats over threads, each
    /// writing only its rows):
    ///
    ///     dL/dΣ' = −Q·G_Q·Q;  dL/dΣ = Tᵀ·G₂·T, dL/dT = 2·G₂·T·Σ (T = J·W);  dL/dJ = dL/dT·Wᵀ
    ///     dL/dt = J-adjoint + π-adjoint;  dL/dp = Wᵀ·dL/dt (+ the SH view-direction term)
    ///     Σ = R·S·Sᵀ·Rᵀ → dL/dR, dL/ds → dL/dq, dL/dv through the scale activation.
    static func projectionBackward(_ context: CPUSplatContext, _ screen: [ScreenGradient]) -> SplatGradients {
        let p = context.parameters, camera = context.camera, s = context.projected
        let n = p.count
        // Each chunk writes every row it owns (zeros for splats not visible), so nothing is cleared first.
        let cw = p.colorEncoding.width
        var grads = SplatGradients(count: 0, colorWidth: cw)
        grads.means = uninitializedArray(3 * n); grads.scales = uninitializedArray(3 * n)
        grads.rotations = uninitializedArray(4 * n); grads.opacities = uninitializedArray(n)
        grads.colors = uninitializedArray(cw * n); grads.imageMeanGradientNorms = uninitializedArray(n)
        let w = camera.rotation, wt = w.transposed, trans = camera.translation, eye = camera.position
        let pinhole = camera.intrinsics
        let out = (SharedPointer(&grads.means), SharedPointer(&grads.scales), SharedPointer(&grads.rotations),
                   SharedPointer(&grads.opacities), SharedPointer(&grads.colors), SharedPointer(&grads.imageMeanGradientNorms))
        p.means.withUnsafeBufferPointer { mp in
        p.scales.withUnsafeBufferPointer { sp in
        p.rotations.withUnsafeBufferPointer { qp in
        p.colors.withUnsafeBufferPointer { cp in
            parallelChunks(n, chunk: 2048) { range in
                for i in range {
                    for a in 0..<cw { out.4[cw * i + a] = 0 }  // the SH adjoint adds into its row
                    guard s.visible[i] else {
                        for a in 0..<3 { out.0[3 * i + a] = 0; out.1[3 * i + a] = 0 }
                        for a in 0..<4 { out.2[4 * i + a] = 0 }
                        out.3[i] = 0; out.5[i] = 0
                        continue
                    }
                    let gs = screen[i]
                    out.5[i] = (gs.mean * gs.mean).sum().squareRoot()
                    let o = s.opacities[i]
                    out.3[i] = Activation.sigmoidVJP(output: o, gs.opacity)
                    let mean = SIMD3(mp[3 * i], mp[3 * i + 1], mp[3 * i + 2])
                    var dMean = SIMD3<Float>.zero
                    switch p.colorEncoding {
                    case .rgb:
                        for ch in 0..<3 { out.4[3 * i + ch] = gs.color[ch] }
                    case .sphericalHarmonics1:
                        let v = mean - eye
                        let d = v / (v * v).sum().squareRoot()
                        let c = SphericalHarmonics.evaluate(degree: 1, cp.baseAddress! + 12 * i, direction: d)
                        let dc = gs.color.replacing(with: 0, where: c .< 0)  // the clamp at zero
                        let dDir = SphericalHarmonics.evaluateVJP(degree: 1, cp.baseAddress! + 12 * i, direction: d, dc,
                                                                  into: out.4.base + 12 * i)
                        dMean += SphericalHarmonics.normalizeVJP(v, dDir)
                    }
                    let t = w * mean + trans
                    let q = SIMD4(qp[4 * i], qp[4 * i + 1], qp[4 * i + 2], qp[4 * i + 3])
                    let raw = SIMD3(sp[3 * i], sp[3 * i + 1], sp[3 * i + 2])
                    let scale = ProjectedSplats.activate(raw, p.scaleActivation)
                    let r = QuaternionRotation.matrix(q)
                    let sigma = Covariance.world(rotation: r, scale: scale)
                    let j = pinhole.jacobian(t)
                    let tw = j * w
                    let dCov = Covariance.conicVJP(conic: s.conics[i], gs.conic)
                    let (dT, dSigma) = Covariance.imageVJP(tw, sigma, dCov)
                    let dJ = dT * wt
                    var dt = pinhole.jacobianVJP(t, dJ) + pinhole.projectVJP(t, gs.mean)
                    dt = wt * dt
                    dMean += dt
                    for a in 0..<3 { out.0[3 * i + a] = dMean[a] }
                    let (dR, dScale) = Covariance.worldVJP(rotation: r, scale: scale, dSigma)
                    let dq = QuaternionRotation.matrixVJP(q, dR)
                    for a in 0..<4 { out.2[4 * i + a] = dq[a] }
                    for a in 0..<3 {
                        switch p.scaleActivation {
                        case .exponential: out.1[3 * i + a] = Activation.exponentialVJP(output: scale[a], dScale[a])
                        case .softplus: out.1[3 * i + a] = Activation.softplusVJP(input: raw[a], dScale[a])
                        }
                    }
                }
            }
        }}}}
        return grads
    }
}
