/// The tiles of one splat's pixel box, inclusive tile bounds, and which of them it keeps.
///
/// A box of at most 64 tiles keeps its answer as bit j for its j-th tile in row-major order (all
/// set when no test applies: a box one tile wide or high meets the footprint in every tile it
/// spans), so the binning passes iterate set bits instead of asking `touches` again. Larger boxes
/// (over 64 tiles, rare) ask again each pass.
struct TileSpan {
    var tx0: Int32 = 0, ty0: Int32 = 0, tx1: Int32 = -1, ty1: Int32 = -1
    var kept: UInt64 = 0

    init() {}

    /// The tiles of `box`, a non-empty box, with every tile kept: where no test applies, the
    /// answer; otherwise the caller sets `kept` (see `isAsked`).
    init(tilesOf box: PixelBox) {
        let ts = Int32(TileBinning.tileSize)
        tx0 = box.x0 / ts; tx1 = box.x1 / ts; ty0 = box.y0 / ts; ty1 = box.y1 / ts
        guard isCached else { return }
        let n = Int(tx1 - tx0 + 1) * Int(ty1 - ty0 + 1)
        kept = n == 64 ? ~0 : (1 << UInt64(n)) &- 1
    }

    /// Whether a tile test decides `kept`: a box of at most 64 tiles, over one tile wide and high.
    var isAsked: Bool { isCached && isTested }

    /// The tiles, as inclusive tile coordinates.
    var tiles: PixelBox { PixelBox(x0: tx0, y0: ty0, x1: tx1, y1: ty1) }

    /// Asks `touches` (when `testing`) for every tile of `box`, a non-empty box of splat `g`.
    init(_ box: PixelBox, g: Int, width: Int, height: Int, testing: Bool, touches: (Int, PixelBox) -> Bool) {
        self.init(tilesOf: box)
        guard testing && isAsked else { return }
        kept = 0
        var j: UInt64 = 0
        for ty in ty0...ty1 {
            for tx in tx0...tx1 {
                if touches(g, Self.tileBox(Int(tx), Int(ty), width: width, height: height)) { kept |= 1 << j }
                j += 1
            }
        }
    }

    var isCached: Bool { Int(tx1 - tx0 + 1) * Int(ty1 - ty0 + 1) <= 64 }
    var isTested: Bool { tx1 > tx0 && ty1 > ty0 }

    /// The pixel box of tile (tx, ty), clipped to the image.
    static func tileBox(_ tx: Int, _ ty: Int, width: Int, height: Int) -> PixelBox {
        let ts = TileBinning.tileSize
        return PixelBox(x0: Int32(tx * ts), y0: Int32(ty * ts), x1: Int32(min(width, (tx + 1) * ts) - 1),
                        y1: Int32(min(height, (ty + 1) * ts) - 1))
    }

    /// `body(tile index)` for each kept tile in row-major order.
    @inline(__always) func forEachTile(g: Int, tilesX: Int, width: Int, height: Int, testing: Bool,
                                       touches: (Int, PixelBox) -> Bool, _ body: (Int) -> Void) {
        let bw = Int(tx1 - tx0 + 1), bh = Int(ty1 - ty0 + 1)
        if isCached {
            let rowMask: UInt64 = bw == 64 ? ~0 : (1 << UInt64(bw)) &- 1
            for r in 0..<bh {
                var bits = (kept >> UInt64(r * bw)) & rowMask
                let first = (Int(ty0) + r) * tilesX + Int(tx0)
                while bits != 0 {
                    body(first + bits.trailingZeroBitCount)
                    bits &= bits &- 1
                }
            }
            return
        }
        let test = testing && isTested
        for ty in Int(ty0)...Int(ty1) {
            for tx in Int(tx0)...Int(tx1) {
                if test && !touches(g, Self.tileBox(tx, ty, width: width, height: height)) { continue }
                body(ty * tilesX + tx)
            }
        }
    }
}
