/// dL/d(parameters) from one backward pass: the same field names and shapes as `SplatParameters`,
/// with respect to the stored (pre-activation) values.
public struct SplatGradients: Sendable, Equatable {
    public var means: [Float]      // [N, 3]
    public var scales: [Float]     // [N, 3]
    public var rotations: [Float]  // [N, 4]
    public var opacities: [Float]  // [N]
    public var colors: [Float]     // [N, 3] or [N, 12]
    /// ‖dL/dμ′‖ per Gaussian, μ′ its projected 2D mean in pixels: the densification signal of
    /// Kerbl et al. 2023, §5.2 (they measure it in NDC, which is this times width/2).
    public var imageMeanGradientNorms: [Float]  // [N]

    public init(count: Int, colorWidth: Int) {
        means = .init(repeating: 0, count: count * 3)
        scales = .init(repeating: 0, count: count * 3)
        rotations = .init(repeating: 0, count: count * 4)
        opacities = .init(repeating: 0, count: count)
        colors = .init(repeating: 0, count: count * colorWidth)
        imageMeanGradientNorms = .init(repeating: 0, count: count)
    }

    /// One group's buffer, [N, width].
    public subscript(group: ParameterGroup) -> [Float] {
        switch group {
        case .means: return means
        case .scales: return scales
        case .rotations: return rotations
        case .opacities: return opacities
        case .colors: return colors
        }
    }
}
