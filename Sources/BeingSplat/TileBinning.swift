/// The pixels a splat touches: those whose centres (i + 0.5, j + 0.5) lie within `radius` of its
/// 2D mean along x and along y, clipped to the image. Bounds are inclusive; empty when x0 > x1.
public struct PixelBox: Sendable, Equatable {
    public var x0: Int32, y0: Int32, x1: Int32, y1: Int32

    @inlinable public init(x0: Int32, y0: Int32, x1: Int32, y1: Int32) {
        self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1
    }

    /// |i + 0.5 − μx| ≤ r  ⇔  μx − r − 0.5 ≤ i ≤ μx + r − 0.5.
    @inlinable public init(mean: SIMD2<Float>, radius: Float, width: Int, height: Int) {
        let lowX = (mean.x - radius - 0.5).rounded(.up), highX = (mean.x + radius - 0.5).rounded(.down)
        let lowY = (mean.y - radius - 0.5).rounded(.up), highY = (mean.y + radius - 0.5).rounded(.down)
        // Clamp in Float first so far-off splats cannot overflow the Int32 conversion.
        x0 = Int32(max(0, min(Float(width), lowX)))
        x1 = Int32(max(-1, min(Float(width - 1), highX)))
        y0 = Int32(max(0, min(Float(height), lowY)))
        y1 = Int32(max(-1, min(Float(height - 1), highY)))
    }

    /// The same with separate radii along x and y.
    @inlinable public init(mean: SIMD2<Float>, radii: SIMD2<Float>, width: Int, height: Int) {
        let lowX = (mean.x - radii.x - 0.5).rounded(.up), highX = (mean.x + radii.x - 0.5).rounded(.down)
        let lowY = (mean.y - radii.y - 0.5).rounded(.up), highY = (mean.y + radii.y - 0.5).rounded(.down)
        x0 = Int32(max(0, min(Float(width), lowX)))
        x1 = Int32(max(-1, min(Float(width - 1), highX)))
        y0 = Int32(max(0, min(Float(height), lowY)))
        y1 = Int32(max(-1, min(Float(height - 1), highY)))
    }

    @inlinable public var isEmpty: Bool { x0 > x1 || y0 > y1 }
}

/// Splats binned into 16×16-pixel tiles, sorted front to back within each tile.
///
/// Visible splats are first sorted by depth once (an LSD radix sort on the float bits, stable, so
/// ties keep index order and the result is deterministic); then a counting sort by tile scatters
/// them in that order, which leaves every tile's list already sorted by depth. O(N + I) for N
/// splats and I splat-tile pairs, instead of sorting I (tile, depth) keys as Kerbl et al. do on GPU.
public struct TileBinning: Sendable {
    public static let tileSize = 16
    public let tilesX: Int
    public let tilesY: Int
    /// Tile k's splats are `ids[offsets[k] ..< offsets[k + 1]]`.
    public var offsets: [Int32]  // [tilesX · tilesY + 1]
    public var ids: [Int32]      // [I] splat indices, by tile, then front to back

    public var tileCount: Int { tilesX * tilesY }
    public var intersectionCount: Int { ids.count }

    /// - Parameters:
    ///   - boxes: each splat's `PixelBox`, only read where `visible`; empty boxes bin nowhere.  // [N]
    ///   - depths: camera-space z, positive for visible splats.      // [N]
    ///   - touches: whether splat i can reach any pixel of a tile (given as its pixel box) that
    ///     its box overlaps; a backend with a tighter footprint than the box drops tiles here.
    public init(boxes: [PixelBox], depths: [Float], visible: [Bool], width: Int, height: Int,
                touches: ((Int, PixelBox) -> Bool)? = nil) {
        let ts = Self.tileSize
        tilesX = (width + ts - 1) / ts
        tilesY = (height + ts - 1) / ts
        let order = Self.sortedByDepth(depths: depths, visible: visible, boxes: boxes)
        var counts = [Int32](repeating: 0, count: tilesX * tilesY + 1)
        // Splats whose box spans several tiles both ways may miss some of them; mark the tiles
        // each one keeps, in the order the scatter pass below visits them.
        var kept: [Bool] = []
        let tilesX = tilesX, width = width, height = height
        func tileBox(_ tx: Int, _ ty: Int) -> PixelBox {
            PixelBox(x0: Int32(tx * ts), y0: Int32(ty * ts), x1: Int32(min(width, (tx + 1) * ts) - 1),
                     y1: Int32(min(height, (ty + 1) * ts) - 1))
        }
        for g in order {
            let b = boxes[Int(g)]
            let tx0 = Int(b.x0) / ts, tx1 = Int(b.x1) / ts, ty0 = Int(b.y0) / ts, ty1 = Int(b.y1) / ts
            let test = touches != nil && tx1 > tx0 && ty1 > ty0
            for ty in ty0...ty1 {
                for tx in tx0...tx1 {
                    if test {
                        let keep = touches!(Int(g), tileBox(tx, ty))
                        kept.append(keep)
                        if !keep { continue }
                    }
                    counts[ty * tilesX + tx + 1] += 1
                }
            }
        }
        for k in 0..<(tilesX * tilesY) { counts[k + 1] += counts[k] }
        offsets = counts
        var cursor = counts
        var ids = [Int32](repeating: 0, count: Int(counts[tilesX * tilesY]))
        var next = 0
        for g in order {
            let b = boxes[Int(g)]
            let tx0 = Int(b.x0) / ts, tx1 = Int(b.x1) / ts, ty0 = Int(b.y0) / ts, ty1 = Int(b.y1) / ts
            let test = touches != nil && tx1 > tx0 && ty1 > ty0
            for ty in ty0...ty1 {
                for tx in tx0...tx1 {
                    if test {
                        next += 1
                        if !kept[next - 1] { continue }
                    }
                    let k = ty * tilesX + tx
                    ids[Int(cursor[k])] = g
                    cursor[k] += 1
                }
            }
        }
        self.ids = ids
    }

    /// Indices of visible splats in increasing depth. Positive IEEE floats order like their bit
    /// patterns, so four stable 8-bit counting passes over the bits sort them.
    static func sortedByDepth(depths: [Float], visible: [Bool], boxes: [PixelBox]) -> [Int32] {
        var keys: [UInt32] = [], values: [Int32] = []
        for i in depths.indices where visible[i] && !boxes[i].isEmpty {
            keys.append(max(0, depths[i]).bitPattern)
            values.append(Int32(i))
        }
        var keys2 = keys, values2 = values
        for pass in 0..<4 {
            let shift = UInt32(pass * 8)
            var histogram = [Int](repeating: 0, count: 257)
            for k in keys { histogram[Int((k >> shift) & 0xFF) + 1] += 1 }
            for b in 0..<256 { histogram[b + 1] += histogram[b] }
            for i in keys.indices {
                let bucket = Int((keys[i] >> shift) & 0xFF)
                let dst = histogram[bucket]
                histogram[bucket] += 1
                keys2[dst] = keys[i]; values2[dst] = values[i]
            }
            swap(&keys, &keys2); swap(&values, &values2)
        }
        return values
    }
}
