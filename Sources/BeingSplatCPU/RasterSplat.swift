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
struct RasterSplat {
    var x: Float = 0, y: Float = 0          // μ′, pixels
    var a: Float = 0, b: Float = 0, c: Float = 0
    var opacity: Float = 0
    var cut: Float = -1                     // p above this gives α < threshold; −1: never contributes
    var red: Float = 0, green: Float = 0, blue: Float = 0
    var depth: Float = 0
    /// −1 / 2a, where a row's parabola in dx has its vertex (per unit of b·dy); see `RowSpans`.
    var vertexScale: Float = 0
    var footprint = PixelBox(x0: 0, y0: 0, x1: -1, y1: -1)

    static let log2e: Float = 1.442_695_04
    static let ln2: Float = 0.693_147_18

    init() {}

    init(mean: SIMD2<Float>, conic: SIMD3<Float>, covariance cov: SIMD3<Float>, opacity o: Float, color: SIMD3<Float>,
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
    func touches(_ tile: PixelBox) -> Bool {
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

    /// p for eight pixels of a row: `dx` across, `bdy` = b·dy and `cyy` = c·dy² of the row. Forward
    /// and backward evaluate it identically, so they agree on every lane's α.
    @inline(__always) func power(_ dx: Lanes, bdy: Lanes, cyy: Lanes) -> Lanes {
        fma(fma(a, dx, bdy), dx, cyy)
    }
}

/// Per-row and per-half-row data of one splat over a 16×16 tile, and the blocks worth visiting:
/// those whose half row has a pixel inside the footprint where p can reach the cut. The lanes of a
/// visited block test p ≤ cut themselves, so the selection only saves work.
///
/// Rows: three runs of 16 floats, each row's b·dy, c·dy² and dy. Halves: the eight pixels' dx in
/// each half row, then each half's cut per lane, −1 (which no p ≥ 0 passes) outside the footprint's
/// columns, so one comparison tests the box and the cut.
enum RowSpans {
    static let floats = 48
    static let lanes = 4
    /// Where the halves' dx and cut start.
    static let dx = 0, cut = 2
    static let bdy = 0, cyy = 16, dy = 32

    /// On a row, p(dx) = a·dx² + bdy·dx + cyy is a parabola with its vertex at −bdy / 2a; its
    /// minimum over a half row's [dxL, dxR] is at the vertex clamped to the interval (no square
    /// root). Returns the blocks to visit as bits, bit 2·row + half (the block's index, so the
    /// set bits run in row-major order), for the groups of eight rows that hold one of rows
    /// [ya, yb]: callers mask it with `blockRows`. Unless `selecting`, it only writes the row and
    /// half-row data and returns 0 (the backward pass knows its blocks already). Integer arithmetic
    /// wraps: the bounds are pixel indices inside the tile, and the checks were a tenth of the
    /// instructions per splat-tile pair.
    ///
    /// `@_transparent`, not `@inline(__always)`: with the latter it stayed a call (the optimizer
    /// declined it in both loops), and inlining it saves about a tenth of compositing's CPU time
    /// (the splat's fields and the half-row data stay in registers; `selecting` folds away).
    @_transparent static func fill(rows: UnsafeMutablePointer<Float>, halves: UnsafeMutablePointer<Lanes>,
                                       _ sp: RasterSplat, tileX: Int, tileY: Int, xa: Int, xb: Int, ya: Int, yb: Int,
                                       selecting: Bool = true) -> UInt32 {
        let inverse = sp.vertexScale, reach = Lanes(repeating: sp.cut * 1.0001 + 1e-5)
        let offset = TileRasterizer.laneOffset
        let dx0 = offset + (Float(tileX) + 0.5 - sp.x)
        halves[dx] = dx0; halves[dx + 1] = dx0 + 8
        // Columns in [xa, xb], tile-relative.
        let low = Lanes(repeating: Float(xa &- tileX)), high = Lanes(repeating: Float(xb &- tileX))
        let cut = Lanes(repeating: sp.cut), never = Lanes(repeating: -1)
        halves[self.cut] = never.replacing(with: cut, where: (offset .>= low) .& (offset .<= high))
        halves[self.cut + 1] = never.replacing(with: cut, where: (offset + 8 .>= low) .& (offset + 8 .<= high))
        var bounds = (Lanes.zero, Lanes.zero, Lanes.zero, Lanes.zero), empty = (false, false)
        for h in 0..<2 {
            let lo = max(xa, tileX &+ 8 &* h), hi = min(xb, tileX &+ 8 &* h &+ 7)
            let l = Lanes(repeating: Float(lo) + 0.5 - sp.x), r = Lanes(repeating: Float(hi) + 0.5 - sp.x)
            if h == 0 { bounds.0 = l; bounds.1 = r; empty.0 = lo > hi } else { bounds.2 = l; bounds.3 = r; empty.1 = lo > hi }
        }
        let raw = UnsafeMutableRawPointer(rows)
        var blocks: UInt32 = 0
        // Only the groups of eight rows that hold one of rows ya…yb: the others would be masked off.
        var v = (ya &- tileY) &>> 3
        let lastV = (yb &- tileY) &>> 3
        repeat {
            defer { v &+= 1 }
            let dy = offset + (Float(tileY &+ 8 &* v) + 0.5 - sp.y)
            let bdy = sp.b * dy, cyy = (sp.c * dy) * dy
            raw.storeBytes(of: bdy, toByteOffset: 4 &* (Self.bdy &+ 8 &* v), as: Lanes.self)
            raw.storeBytes(of: cyy, toByteOffset: 4 &* (Self.cyy &+ 8 &* v), as: Lanes.self)
            raw.storeBytes(of: dy, toByteOffset: 4 &* (Self.dy &+ 8 &* v), as: Lanes.self)
            if !selecting { continue }
            let vertex = bdy * inverse
            for h in 0..<2 where !(h == 0 ? empty.0 : empty.1) {
                let l = h == 0 ? bounds.0 : bounds.2, r = h == 0 ? bounds.1 : bounds.3
                var d = vertex.replacing(with: l, where: vertex .< l)
                d = d.replacing(with: r, where: d .> r)
                let near = fma(fma(sp.a, d, bdy), d, cyy) .<= reach
                // Row j of the group is block 16·v + 2·j + h.
                blocks |= spreadToEvenBits(laneBits(near)) &<< UInt32(truncatingIfNeeded: 16 &* v &+ h)
            }
        } while v <= lastV
        return blocks
    }

    /// The blocks of rows [first, last] of a tile (0…15), as bits 2·row + half.
    @inline(__always) static func blockRows(_ first: Int, _ last: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: ((UInt64(1) &<< UInt64(truncatingIfNeeded: 2 &* (last &- first &+ 1))) &- 1)
            &<< UInt64(truncatingIfNeeded: 2 &* first))
    }
}
