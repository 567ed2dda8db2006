/// What shows through where the splats do not cover a pixel.
public enum Background: Sendable, Equatable {
    /// One linear RGB colour everywhere.
    case color(SIMD3<Float>)
    /// A picture the size of the render, [H, W, 3].
    case image([Float])
}

/// Settings of the forward pass. The defaults are those of Kerbl et al. 2023's rasteriser.
public struct RenderOptions: Sendable, Equatable {
    public var background: Background
    /// λ in Σ' = JWΣWᵀJᵀ + λI, the screen-space low-pass filter, in px².
    public var lowPass: Float
    /// A splat's radius is this many standard deviations along its major axis (3σ); it touches
    /// only pixels whose centres lie within that radius of its mean along x and y.
    public var sigmaCutoff: Float
    /// Contributions with α below this are skipped (1/255).
    public var alphaThreshold: Float
    /// α is clamped to this so transmittance never reaches zero exactly (0.99).
    public var maxAlpha: Float
    /// A pixel stops taking splats once its transmittance would fall below this (10⁻⁴).
    public var transmittanceStop: Float

    public init(background: Background = .color(.zero), lowPass: Float = 0.3, sigmaCutoff: Float = 3,
                alphaThreshold: Float = 1.0 / 255, maxAlpha: Float = 0.99, transmittanceStop: Float = 1e-4) {
        self.background = background; self.lowPass = lowPass; self.sigmaCutoff = sigmaCutoff
        self.alphaThreshold = alphaThreshold; self.maxAlpha = maxAlpha; self.transmittanceStop = transmittanceStop
    }
}

/// The images and per-Gaussian facts of one forward pass.
public struct RenderOutput: Sendable {
    public let width: Int
    public let height: Int
    /// Composited linear RGB including the background: C = Σᵢ cᵢαᵢTᵢ + T_final·bg.
    public var color: [Float]  // [H, W, 3]
    /// Coverage, 1 − T_final.
    public var alpha: [Float]  // [H, W]
    /// Σᵢ zᵢαᵢTᵢ, camera-space depth weighted by contribution (divide by alpha for the expected depth).
    public var depth: [Float]  // [H, W]
    /// Each Gaussian's radius in pixels, 0 when culled.
    public var radii: [Int32]  // [N]
    /// Whether each Gaussian was projected and touches the image.
    public var visible: [Bool]  // [N]

    public init(width: Int, height: Int, color: [Float], alpha: [Float], depth: [Float], radii: [Int32], visible: [Bool]) {
        self.width = width; self.height = height; self.color = color; self.alpha = alpha; self.depth = depth
        self.radii = radii; self.visible = visible
    }
}
