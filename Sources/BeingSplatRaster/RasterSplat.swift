import BeingSplat
import Foundation

/// One splat as the compositing loops read it (64 bytes: one cache line), in base-2 units:
///
///     α = min(0.99, o·2^(−p)),  p = log₂e·σ = a·dx² + b·dx·dy + c·dy²,  σ = ½dᵀQd
///
/// so (a, b, c) = log₂e·(½Q₀₀, Q₀₁, ½Q₁₁) and the exponential is one `fastExp2`. α ≥ t ⇔ p ≤
/// log₂(o/t) = `cut`; the pixels that can contribute lie in the ellipse σ ≤ ln(o/t), whose bounding
/// box has half-extents √(2·ln(o/t)·Σ′ₓₓ) and √(2·ln(o/t)·Σ′ᵧᵧ). `footprint` is that box (widened by
/// a hair) clipped to the 3σ square box, which stays the definition of the support: a pixel
/// contributes iff it is in the square box and p ≤ cut.
public struct RasterSplat: Sendable, BitwiseCopyable {
    public var x: Float = 0, y: Float = 0          // μ′, pixels
    public var a: Float = 0, b: Float = 0, c: Float = 0
    public var opacity: Float = 0
    public var cut: Float = -1                     // p above this gives α < threshold; −1: never contributes
    public var red: Float = 0, green: Float = 0, blue: Float = 0
    public var depth: Float = 0
    /// −1 / 2a, where a row's parabola in dx has its vertex (per unit of b·dy); see `RowSpans`.
    public var vertexScale: Float = 0
    public var footprint = PixelBox(x0: 0, y0: 0, x1: -1, y1: -1)

    @inlinable public static var log2e: Float { 1.442_695_04 }
    @inlinable public static var ln2: Float { 0.693_147_18 }

    @inlinable public init() {}

    @inlinable public init(mean: SIMD2<Float>, conic: SIMD3<Float>, covariance cov: SIMD3<Float>, opacity o: Float, color: SIMD3<Float>,
         depth: Float, box: PixelBox, threshold: Float, width: Int, height: Int) {
        x = mean.x; y = mean.y
        a = 0.5 * Self.log2e * conic.x; b = Self.log2e * conic.y; c = 0.5 * Self.log2e * conic.z
        vertexScale = -1 / (2 * a)
        opacity = o; red = color.x; green = color.y; blue = color.z; self.depth = depth
        let lnCut = threshold > 0 ? Foundation.log(o / threshold) : .infinity
        guard lnCut >= 0 else { return }
        cut = Self.log2e * lnCut
        let rx = (2 * lnCut * cov.x).squareRoot() * 1.001 + 0.01, ry = (2 * lnCut * cov.z).squareRoot() * 1.001 + 0.01
        let ellipse = PixelBox(mean: mean, radii: SIMD2(rx, ry), width: width, height: height)
        footprint = PixelBox(x0: max(box.x0, ellipse.x0), y0: max(box.y0, ellipse.y0),
                             x1: min(box.x1, ellipse.x1), y1: min(box.y1, ellipse.y1))
        if footprint.isEmpty { cut = -1 }
    }

    /// Whether the ellipse p ≤ cut reaches a pixel centre of `tile` (inclusive pixel bounds), with
    /// the centres relaxed to the rectangle they span, so the answer errs towards yes. The minimum
    /// of p over the rectangle is 0 when μ′ is inside, else on an edge, where p is a parabola.
    @inlinable public func touches(_ tile: PixelBox) -> Bool {
        let lx = Float(tile.x0) + 0.5 - x, hx = Float(tile.x1) + 0.5 - x
        let ly = Float(tile.y0) + 0.5 - y, hy = Float(tile.y1) + 0.5 - y
        if lx <= 0 && hx >= 0 && ly <= 0 && hy >= 0 { return true }
        let limit = cut * 1.0001 + 1e-4
        func p(_ dx: Float, _ dy: Float) -> Float { a * dx * dx + b * dx * dy + c * dy * dy }
        // On an edge x = dx the parabola in dy has its vertex at −b·dx / 2c (and likewise in dx).
        let alongY = -b / (2 * c), alongX = -b / (2 * a)
        return p(lx, min(hy, max(ly, alongY * lx))) <= limit || p(hx, min(hy, max(ly, alongY * hx))) <= limit
            || p(min(hx, max(lx, alongX * ly)), ly) <= limit || p(min(hx, max(lx, alongX * hy)), hy) <= limit
    }
}
