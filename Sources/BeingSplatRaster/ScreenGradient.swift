/// Screen-space gradients of one splat, summed over the pixels of one tile or of the image.
/// Nine packed floats (36 bytes; with SIMD2/SIMD3 fields and their alignment it was 64), as there
/// is one per splat-tile pair, written by the backward pass and read back by `reduce`.
public struct ScreenGradient: Sendable, BitwiseCopyable {
    public var meanX: Float = 0, meanY: Float = 0                // dL/dμ′
    public var conicA: Float = 0, conicB: Float = 0, conicC: Float = 0  // dL/d(a, b, c)
    public var opacity: Float = 0                                // dL/do, o = σ(logit)
    public var red: Float = 0, green: Float = 0, blue: Float = 0 // dL/dc

    @inlinable public init() {}

    @inlinable public init(mean: SIMD2<Float>, conic: SIMD3<Float>, opacity: Float, color: SIMD3<Float>) {
        meanX = mean.x; meanY = mean.y; conicA = conic.x; conicB = conic.y; conicC = conic.z
        self.opacity = opacity; red = color.x; green = color.y; blue = color.z
    }

    @inlinable public var mean: SIMD2<Float> { SIMD2(meanX, meanY) }
    @inlinable public var conic: SIMD3<Float> { SIMD3(conicA, conicB, conicC) }
    @inlinable public var color: SIMD3<Float> { SIMD3(red, green, blue) }

    /// Adds `d` field by field (as the vector sums did, so results are unchanged).
    @inlinable public mutating func add(_ d: ScreenGradient) {
        meanX += d.meanX; meanY += d.meanY; conicA += d.conicA; conicB += d.conicB; conicC += d.conicC
        opacity += d.opacity; red += d.red; green += d.green; blue += d.blue
    }
}
