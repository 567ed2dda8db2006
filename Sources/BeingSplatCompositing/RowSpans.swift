import BeingSplat
import BeingSplatRaster

extension RasterSplat {
    /// p for a block of pixels of a row: `dx` across, `bdy` = b·dy and `cyy` = c·dy² of the row. Forward
    /// and backward evaluate it identically, so they agree on every lane's α.
    @inline(__always) func power(_ dx: Lanes, bdy: Lanes, cyy: Lanes) -> Lanes {
        fma(fma(a, dx, bdy), dx, cyy)
    }
}

/// Per-row and per-block-column data of one splat over a 16×16 tile, and the blocks worth
/// visiting: those with a pixel inside the footprint where p can reach the cut. The lanes of a
/// visited block test p ≤ cut themselves, so the selection only saves work.
///
/// Rows: three runs of 16 floats, each row's b·dy, c·dy² and (for the backward pass) dy. Parts
/// (the `Block.perRow` blocks of a row): the block's pixels' dx, then its cut per lane, −1 (which
/// no p ≥ 0 passes) outside the footprint's columns, so one comparison tests the box and the cut.
enum RowSpans {
    static let floats = 48
    @inline(__always) static var lanes: Int { 2 * Block.perRow }
    /// Where the parts' dx and cut start.
    @inline(__always) static var dx: Int { 0 }
    @inline(__always) static var cut: Int { Block.perRow }
    static let bdy = 0, cyy = 16, dy = 32

    /// On a row, p(dx) = a·dx² + bdy·dx + cyy is a parabola with its vertex at −bdy / 2a; its
    /// minimum over a block's [dxL, dxR] is at the vertex clamped to the interval (no square
    /// root). Returns the blocks to visit as bits (`Block`'s numbering), for the groups of
    /// `Block.width` rows that hold one of rows [ya, yb]: callers mask it with `blockRows`. Unless
    /// `selecting`, it only writes the row and part data and returns 0 (the backward pass knows
    /// its blocks already). Integer arithmetic wraps: the bounds are pixel indices inside the
    /// tile, and the checks were a tenth of the instructions per splat-tile pair.
    ///
    /// `@_transparent`, not `@inline(__always)`: with the latter it stayed a call (the optimizer
    /// declined it in both loops), and inlining it saves about a tenth of compositing's CPU time
    /// (the splat's fields and the part data stay in registers; `selecting` folds away).
    @_transparent static func fill(rows: UnsafeMutablePointer<Float>, parts: UnsafeMutablePointer<Lanes>,
                                       _ sp: RasterSplat, tileX: Int, tileY: Int, xa: Int, xb: Int, ya: Int, yb: Int,
                                       selecting: Bool = true) -> UInt32 {
        let inverse = sp.vertexScale, reach = Lanes(repeating: sp.cut * 1.0001 + 1e-5)
        let offset = laneOffset, w = Block.width
        let dx0 = offset + (Float(tileX) + 0.5 - sp.x)
        // Columns in [xa, xb], tile-relative.
        let low = Lanes(repeating: Float(xa &- tileX)), high = Lanes(repeating: Float(xb &- tileX))
        let cut = Lanes(repeating: sp.cut), never = Lanes(repeating: -1)
        for h in 0..<Block.perRow {
            let first = Float(w &* h)
            parts[dx + h] = dx0 + first
            parts[self.cut + h] = never.replacing(with: cut, where: (offset + first .>= low) .& (offset + first .<= high))
        }
        // Each part's columns inside the footprint as dx bounds (at most two parts).
        var bounds = (Lanes.zero, Lanes.zero, Lanes.zero, Lanes.zero), empty = (false, false)
        for h in 0..<Block.perRow {
            let lo = max(xa, tileX &+ w &* h), hi = min(xb, tileX &+ w &* h &+ w &- 1)
            let l = Lanes(repeating: Float(lo) + 0.5 - sp.x), r = Lanes(repeating: Float(hi) + 0.5 - sp.x)
            if h == 0 { bounds.0 = l; bounds.1 = r; empty.0 = lo > hi } else { bounds.2 = l; bounds.3 = r; empty.1 = lo > hi }
        }
        let raw = UnsafeMutableRawPointer(rows)
        var blocks: UInt32 = 0
        // Only the groups of `w` rows that hold one of rows ya…yb: the others would be masked off.
        var v = (ya &- tileY) &>> Block.widthShift
        let lastV = (yb &- tileY) &>> Block.widthShift
        repeat {
            defer { v &+= 1 }
            let dy = offset + (Float(tileY &+ w &* v) + 0.5 - sp.y)
            let bdy = sp.b * dy, cyy = (sp.c * dy) * dy
            raw.storeBytes(of: bdy, toByteOffset: 4 &* (Self.bdy &+ w &* v), as: Lanes.self)
            raw.storeBytes(of: cyy, toByteOffset: 4 &* (Self.cyy &+ w &* v), as: Lanes.self)
            if !selecting {
                // Only the backward pass reads dy back (for dL/dμ′ and dL/dQ).
                raw.storeBytes(of: dy, toByteOffset: 4 &* (Self.dy &+ w &* v), as: Lanes.self)
                continue
            }
            let vertex = bdy * inverse
            for h in 0..<Block.perRow where !(h == 0 ? empty.0 : empty.1) {
                let l = h == 0 ? bounds.0 : bounds.2, r = h == 0 ? bounds.1 : bounds.3
                var d = vertex.replacing(with: l, where: vertex .< l)
                d = d.replacing(with: r, where: d .> r)
                let near = fma(fma(sp.a, d, bdy), d, cyy) .<= reach
                // Row j of the group is block perRow·(w·v + j) + h.
                blocks |= spreadToRows(laneBits(near)) &<< UInt32(truncatingIfNeeded: Block.perRow &* w &* v &+ h)
            }
        } while v <= lastV
        return blocks
    }

    /// The blocks of rows [first, last] of a tile (0…15).
    @inline(__always) static func blockRows(_ first: Int, _ last: Int) -> UInt32 {
        let shift = Block.perRow &* first, count = Block.perRow &* (last &- first &+ 1)
        return UInt32(truncatingIfNeeded: ((UInt64(1) &<< UInt64(truncatingIfNeeded: count)) &- 1)
            &<< UInt64(truncatingIfNeeded: shift))
    }
}
