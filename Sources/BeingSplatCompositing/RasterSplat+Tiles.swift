import BeingSplat
import BeingSplatRaster

extension RasterSplat {
    /// `touches` for every tile of `tiles` at once, a vector of tiles at a time: bit j is set iff
    /// `touches` keeps the j-th tile of `tiles` (tile coordinates, inclusive bounds, at most 64
    /// tiles) in row-major order. Each lane does `touches`' arithmetic in the same order (Swift's
    /// `min` and `max` written as the comparisons they are), so the answers are the same; one call
    /// per splat does in a few vector steps what was a closure call and a scalar test per tile.
    func keptTiles(_ tiles: PixelBox, width: Int, height: Int) -> UInt64 {
        let ts = Float(TileBinning.tileSize)
        let columns = Int(tiles.x1 - tiles.x0 + 1), count = columns * Int(tiles.y1 - tiles.y0 + 1)
        let limit = Lanes(repeating: cut * 1.0001 + 1e-4)
        let alongY = -b / (2 * c), alongX = -b / (2 * a)
        let right = Lanes(repeating: Float(width)), bottom = Lanes(repeating: Float(height))
        // Everything in floats, which hold these small integers exactly (Swift's SIMD conversions
        // between integers and floats are calls). Row-major index j → row ⌊(j + ½)/columns⌋, as
        // (j + ½)/columns − ½ rounded to nearest by adding and subtracting 1.5·2²³: for j < 64 the
        // quotient stays at least ½/64 away from an integer, far above its rounding error.
        let perRow = 1 / Float(columns), magic: Float = 12_582_912
        var kept: UInt64 = 0
        var first = 0
        while first < count {
            let j = laneOffset + Float(first)
            let row = ((j + 0.5) * perRow - 0.5 + magic) - magic
            let column = j - row * Float(columns)
            // The tiles' pixel boxes, clipped to the image (`TileSpan.tileBox`).
            let px0 = (column + Float(tiles.x0)) * ts, py0 = (row + Float(tiles.y0)) * ts
            let xEnd = px0 + ts, yEnd = py0 + ts
            let px1 = xEnd.replacing(with: right, where: right .< xEnd) - 1
            let py1 = yEnd.replacing(with: bottom, where: bottom .< yEnd) - 1
            let lx = (px0 + 0.5) - x, hx = (px1 + 0.5) - x
            let ly = (py0 + 0.5) - y, hy = (py1 + 0.5) - y
            let inside = (lx .<= 0) .& (hx .>= 0) .& (ly .<= 0) .& (hy .>= 0)
            // min(hi, max(lo, v)) as Swift defines them: max(lo, v) = v ≥ lo ? v : lo, and
            // min(hi, w) = w < hi ? w : hi.
            @inline(__always) func clamp(_ v: Lanes, _ lo: Lanes, _ hi: Lanes) -> Lanes {
                let w = lo.replacing(with: v, where: v .>= lo)
                return hi.replacing(with: w, where: w .< hi)
            }
            @inline(__always) func p(_ dx: Lanes, _ dy: Lanes) -> Lanes { a * dx * dx + b * dx * dy + c * dy * dy }
            let hit = inside .| (p(lx, clamp(alongY * lx, ly, hy)) .<= limit) .| (p(hx, clamp(alongY * hx, ly, hy)) .<= limit)
                .| (p(clamp(alongX * ly, lx, hx), ly) .<= limit) .| (p(clamp(alongX * hy, lx, hx), hy) .<= limit)
            // Lanes past the last tile dropped.
            kept |= UInt64(laneBits(hit .& (j .< Float(count)))) &<< UInt64(truncatingIfNeeded: first)
            first += Block.width
        }
        return kept
    }
}

extension TileRasterizer {
    package static func keptTiles(_ splat: RasterSplat, _ tiles: PixelBox, width: Int, height: Int) -> UInt64 {
        splat.keptTiles(tiles, width: width, height: height)
    }
}
