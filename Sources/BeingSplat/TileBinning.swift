import Dispatch

/// The pixels a splat touches: those whose centres (i + 0.5, j + 0.5) lie within `radius` of its
/// 2D mean along x and along y, clipped to the image. Bounds are inclusive; empty when x0 > x1.
public struct PixelBox: Sendable, Equatable, BitwiseCopyable {
    public var x0: Int32, y0: Int32, x1: Int32, y1: Int32

    @inlinable public init(x0: Int32, y0: Int32, x1: Int32, y1: Int32) {
        self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1
    }

    /// |i + 0.5 − μx| ≤ r  ⇔  μx − r − 0.5 ≤ i ≤ μx + r − 0.5.
    @inlinable @inline(__always) public init(mean: SIMD2<Float>, radius: Float, width: Int, height: Int) {
        let lowX = (mean.x - radius - 0.5).rounded(.up), highX = (mean.x + radius - 0.5).rounded(.down)
        let lowY = (mean.y - radius - 0.5).rounded(.up), highY = (mean.y + radius - 0.5).rounded(.down)
        // Clamp in Float first so far-off splats cannot overflow the Int32 conversion.
        x0 = Int32(max(0, min(Float(width), lowX)))
        x1 = Int32(max(-1, min(Float(width - 1), highX)))
        y0 = Int32(max(0, min(Float(height), lowY)))
        y1 = Int32(max(-1, min(Float(height - 1), highY)))
    }

    /// The same with separate radii along x and y.
    @inlinable @inline(__always) public init(mean: SIMD2<Float>, radii: SIMD2<Float>, width: Int, height: Int) {
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
/// The counting sort runs over chunks of the depth order in parallel: each chunk counts its pairs
/// per tile, and writes them after those of the chunks before it, so the lists are the same as a
/// serial pass would make.
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
    ///     Called from several threads at once.
    ///   - keptTiles: optional, `touches` for all the tiles of a box of at most 64 at once:
    ///     `keptTiles(i, tiles)`, with `tiles` the tile coordinates the box of splat i overlaps
    ///     (inclusive bounds), has bit j set iff `touches` keeps the j-th of them in row-major
    ///     order. One call per splat instead of one per tile; it must give `touches`' answers.
    public init(boxes: [PixelBox], depths: [Float], visible: [Bool], width: Int, height: Int,
                touches: ((Int, PixelBox) -> Bool)? = nil, keptTiles: ((Int, PixelBox) -> UInt64)? = nil) {
        let ts = Self.tileSize
        let tilesX = (width + ts - 1) / ts, tilesY = (height + ts - 1) / ts, tiles = tilesX * tilesY
        self.tilesX = tilesX
        self.tilesY = tilesY
        let testing = touches != nil, touches = touches ?? { _, _ in true }

        // Which of its box's tiles each splat keeps, asked in index order (sequential reads of
        // whatever `touches` looks at; in depth order they would be a cache miss per splat), then
        // copied into depth order once, so the two passes below read them sequentially too. The
        // depth sort, serial, runs as one more job beside these: it reads nothing they write.
        var order: [Int32] = []  // visible splats, front to back
        let allBoxes = boxes
        var spans = [TileSpan](repeating: TileSpan(), count: boxes.count)  // [N]
        if !boxes.isEmpty { spans.withUnsafeMutableBufferPointer { spans in
        boxes.withUnsafeBufferPointer { boxes in
        withUnsafeMutablePointer(to: &order) { order in
            let out = UncheckedPointer(base: spans.baseAddress!), sortedOut = UncheckedPointer(base: order)
            let n = boxes.count, parts = max(1, min(16, n / 4096)), size = (n + parts - 1) / parts
            concurrentChunks(parts + 1) { job in
                if job == 0 {
                    sortedOut.base.pointee = Self.sortedByDepth(depths: depths, visible: visible, boxes: allBoxes)
                    return
                }
                let c = job - 1, range = (c * size)..<min(n, (c + 1) * size)
                // The closure is bound once per chunk: passed along per splat, it was retained and
                // released per splat, by both threads, on one shared count.
                if testing, let keptTiles {
                    for g in range where visible[g] && !boxes[g].isEmpty {
                        var span = TileSpan(tilesOf: boxes[g])
                        if span.isAsked { span.kept = keptTiles(g, span.tiles) }
                        out.base[g] = span
                    }
                    return
                }
                for g in range where visible[g] && !boxes[g].isEmpty {
                    out.base[g] = TileSpan(boxes[g], g: g, width: width, height: height, testing: testing, touches: touches)
                }
            }
        }}}}
        let chunks = max(1, min(16, order.count / 2048))
        let chunkSize = (order.count + chunks - 1) / max(1, chunks)
        let sorted = [TileSpan](unsafeUninitializedCapacity: order.count) { buffer, initialized in
            let out = UncheckedPointer(base: buffer.baseAddress!)
            spans.withUnsafeBufferPointer { spans in
            order.withUnsafeBufferPointer { order in
                concurrentChunks(chunks) { c in
                    for i in (c * chunkSize)..<min(order.count, (c + 1) * chunkSize) {
                        (out.base + i).initialize(to: spans[Int(order[i])])
                    }
                }
            }}
            initialized = order.count
        }

        // counts[c · tiles + k]: pairs of chunk c in tile k, then where chunk c starts writing them.
        var counts = [Int32](repeating: 0, count: chunks * tiles)
        var offsets = [Int32](repeating: 0, count: tiles + 1)
        var ids: [Int32] = []
        order.withUnsafeBufferPointer { order in
        sorted.withUnsafeBufferPointer { sorted in
            counts.withUnsafeMutableBufferPointer { counts in
                let shared = UncheckedPointer(base: counts.baseAddress!)
                concurrentChunks(chunks) { c in
                    let row = shared.base + c * tiles
                    for i in (c * chunkSize)..<min(order.count, (c + 1) * chunkSize) {
                        sorted[i].forEachTile(g: Int(order[i]), tilesX: tilesX, width: width, height: height,
                                              testing: testing, touches: touches) { row[$0] += 1 }
                    }
                }
                var total: Int32 = 0
                for k in 0..<tiles {
                    offsets[k] = total
                    for c in 0..<chunks {
                        let n = counts[c * tiles + k]
                        counts[c * tiles + k] = total
                        total += n
                    }
                }
                offsets[tiles] = total
            }
            if offsets[tiles] == 0 { return }
            ids = [Int32](unsafeUninitializedCapacity: Int(offsets[tiles])) { buffer, initialized in
                let out = UncheckedPointer(base: buffer.baseAddress!)
                counts.withUnsafeMutableBufferPointer { counts in
                    let cursor = UncheckedPointer(base: counts.baseAddress!)
                    concurrentChunks(chunks) { c in
                        let row = cursor.base + c * tiles
                        for i in (c * chunkSize)..<min(order.count, (c + 1) * chunkSize) {
                            let g = order[i]
                            sorted[i].forEachTile(g: Int(g), tilesX: tilesX, width: width, height: height,
                                                  testing: testing, touches: touches) { k in
                                (out.base + Int(row[k])).initialize(to: g)
                                row[k] += 1
                            }
                        }
                    }
                }
                initialized = Int(offsets[tiles])
            }
        }}
        self.offsets = offsets
        self.ids = ids
    }

    /// Indices of visible splats in increasing depth. Positive IEEE floats order like their bit
    /// patterns, so four stable 8-bit counting passes over the bits sort them; a pass whose byte
    /// is the same for every key (the exponent byte, for depths within a factor of two) is skipped.
    static func sortedByDepth(depths: [Float], visible: [Bool], boxes: [PixelBox]) -> [Int32] {
        // Serial, so every pass runs on raw buffers (with array indexing and appends it was ~130
        // instructions per key, and a fifth of binning's wall time at 30K splats).
        let capacity = depths.count
        // [n] depth bits and splat indices, each pass writing the other pair (n ≤ capacity).
        var keys: [UInt32] = uninitializedArray(capacity), keys2: [UInt32] = uninitializedArray(capacity)
        var values: [Int32] = uninitializedArray(capacity), values2: [Int32] = uninitializedArray(capacity)
        var histogram = [Int](repeating: 0, count: 4 * 257)  // per pass: 0, then the 256 byte counts
        var n = 0
        keys.withUnsafeMutableBufferPointer { keys in
        values.withUnsafeMutableBufferPointer { values in
        histogram.withUnsafeMutableBufferPointer { histogram in
        depths.withUnsafeBufferPointer { depths in
        visible.withUnsafeBufferPointer { visible in
        boxes.withUnsafeBufferPointer { boxes in
            for i in 0..<capacity where visible[i] && !boxes[i].isEmpty {
                let k = max(0, depths[i]).bitPattern
                keys[n] = k; values[n] = Int32(truncatingIfNeeded: i)
                n &+= 1
                histogram[1 &+ Int(k & 0xFF)] &+= 1; histogram[258 &+ Int(k &>> 8 & 0xFF)] &+= 1
                histogram[515 &+ Int(k &>> 16 & 0xFF)] &+= 1; histogram[772 &+ Int(k &>> 24)] &+= 1
            }
        }}}}}}
        var sortedIntoFirst = true  // whether `keys`/`values` hold the latest order
        keys.withUnsafeMutableBufferPointer { keys in
        keys2.withUnsafeMutableBufferPointer { keys2 in
        values.withUnsafeMutableBufferPointer { values in
        values2.withUnsafeMutableBufferPointer { values2 in
        histogram.withUnsafeMutableBufferPointer { histogram in
            for pass in 0..<4 {
                let shift = UInt32(pass * 8), h = pass * 257
                if n == 0 || histogram[h + 1 + Int(keys[0] >> shift & 0xFF)] == n { continue }
                for b in 0..<256 { histogram[h + b + 1] &+= histogram[h + b] }
                let (src, srcValues, dst, dstValues) = sortedIntoFirst ? (keys, values, keys2, values2) : (keys2, values2, keys, values)
                for i in 0..<n {
                    let key = src[i], bucket = h &+ Int(key &>> shift & 0xFF)
                    let d = histogram[bucket]
                    histogram[bucket] = d &+ 1
                    dst[d] = key; dstValues[d] = srcValues[i]
                }
                sortedIntoFirst.toggle()
            }
        }}}}}
        if !sortedIntoFirst { swap(&values, &values2) }
        values.removeLast(capacity - n)
        return values
    }
}

/// An array of `count` elements left uninitialised, for buffers that are filled before they are
/// read: every element must be written (by the chunk or pass that owns it) before anything reads it.
@inlinable public func uninitializedArray<T: BitwiseCopyable>(_ count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
}

/// A pointer handed to `concurrentChunks`' workers; each writes only the part its index owns.
private struct UncheckedPointer<T>: @unchecked Sendable { let base: UnsafeMutablePointer<T> }
private struct UncheckedBody: @unchecked Sendable { let run: (Int) -> Void }

/// `body(c)` for c in 0..<count over all cores; returns when all are done.
private func concurrentChunks(_ count: Int, _ body: (Int) -> Void) {
    if count == 1 { body(0); return }
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedBody(run: escapable)
        DispatchQueue.concurrentPerform(iterations: count) { box.run($0) }
    }
}
