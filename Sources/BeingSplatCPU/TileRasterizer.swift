import BeingSplat
import Foundation

/// Front-to-back alpha compositing of binned splats (Kerbl et al. 2023 §6; Zwicker et al. 2001):
///
///     αᵢ = min(0.99, oᵢ·exp(−½ dᵀQᵢd)),  Tᵢ = Πⱼ<ᵢ (1 − αⱼ),  C = Σᵢ cᵢαᵢTᵢ + T_final·bg
///
/// with d the pixel centre minus the splat's 2D mean and Qᵢ its conic. Work is split over 16×16
/// tiles, one `concurrentPerform` iteration each; a tile writes only its own pixels. Within a tile
/// the loop runs splat-major over `RasterSplat`s gathered in list order, keeping per-pixel state in
/// structure-of-arrays scratch as 32 blocks of eight pixels (half rows, `SIMD8<Float>`). For each
/// splat, `RowSpans` picks the blocks its α ≥ 1/255 ellipse can reach inside its footprint, as a
/// bit set; inside a block the lanes test the box and p ≤ cut exactly as a per-pixel loop would.
/// A tile stops as soon as all its pixels have stopped.
enum TileRasterizer {
    /// Per-pixel results of the forward pass.
    struct Images {
        var color: [Float]               // [H, W, 3]
        var alpha: [Float]               // [H, W]
        var depth: [Float]               // [H, W]
        var finalTransmittance: [Float]  // [H, W]
        /// How many entries of the pixel's tile list the backward pass must revisit: all of them,
        /// or, where the pixel stopped early, those before the one that stopped it (any after its
        /// last contributor are inactive there).
        var contributorCount: [Int32]    // [H, W]
    }

    /// Lane offsets 0…7, the x of each pixel in a block relative to its first (a literal, so it
    /// folds into a constant instead of a lazily initialised global).
    @inline(__always) static var laneOffset: Lanes { Lanes(0, 1, 2, 3, 4, 5, 6, 7) }

    /// - Parameter tileSplats: `gather(s, bins)`.  // [I]
    static func forward(_ tileSplats: [RasterSplat], _ bins: TileBinning, width: Int, height: Int,
                        options: RenderOptions, background: [Float]) -> Images {
        let pixels = width * height
        var images = Images(color: .init(repeating: 0, count: pixels * 3), alpha: .init(repeating: 0, count: pixels),
                            depth: .init(repeating: 0, count: pixels), finalTransmittance: .init(repeating: 0, count: pixels),
                            contributorCount: .init(repeating: 0, count: pixels))
        let out = (SharedPointer(&images.color), SharedPointer(&images.alpha), SharedPointer(&images.depth),
                   SharedPointer(&images.finalTransmittance), SharedPointer(&images.contributorCount))
        let maxAlpha = options.maxAlpha, stop = options.transmittanceStop
        let ts = TileBinning.tileSize
        tileSplats.withUnsafeBufferPointer { splats in
        bins.offsets.withUnsafeBufferPointer { offsets in
        background.withUnsafeBufferPointer { bg in
            parallelFor(bins.tileCount) { tile in
                let tx0 = (tile % bins.tilesX) * ts, ty0 = (tile / bins.tilesX) * ts
                let tw = min(ts, width - tx0), th = min(ts, height - ty0)
                withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 6 * 32 + RowSpans.lanes) { scratch in
                withUnsafeTemporaryAllocation(of: SIMD8<Int32>.self, capacity: 32) { ints in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: RowSpans.floats) { rowScratch in
                    // Per block: transmittance, colour, depth, where a stopped pixel stopped (as Float,
                    // exact below 2²⁴); a live mask (−1 until the pixel stops); the current splat's row spans.
                    let trans = scratch.baseAddress!, red = trans + 32, green = trans + 64, blue = trans + 96, dep = trans + 128
                    let last = trans + 160, halves = trans + 192, live = ints.baseAddress!, row = rowScratch.baseAddress!
                    for b in 0..<32 {
                        trans[b] = Lanes(repeating: 1); red[b] = .zero; green[b] = .zero; blue[b] = .zero; dep[b] = .zero
                        last[b] = .zero; live[b] = SIMD8(repeating: -1)
                    }
                    let start = Int(offsets[tile]), end = Int(offsets[tile + 1])
                    var remaining = tw * th
                    var k = start
                    while k < end && remaining > 0 {
                        let sp = splats[k]
                        k += 1
                        let box = sp.footprint
                        let xa = max(Int(box.x0), tx0), xb = min(Int(box.x1), tx0 + tw - 1)
                        let ya = max(Int(box.y0), ty0), yb = min(Int(box.y1), ty0 + th - 1)
                        if xa > xb || ya > yb { continue }
                        var blocks = RowSpans.fill(rows: row, halves: halves, sp, tileX: tx0, tileY: ty0,
                                                   xa: xa, xb: xb, ya: ya, yb: yb)
                        let o = sp.opacity
                        while blocks != 0 {
                            let bit = blocks.trailingZeroBitCount
                            blocks &= blocks &- 1
                            let b = bit, ly = bit >> 1, half = bit & 1
                            let bdy = Lanes(repeating: row[RowSpans.bdy + ly]), cyy = Lanes(repeating: row[RowSpans.cyy + ly])
                            let dx = halves[RowSpans.dx + half]
                            let power = sp.power(dx, bdy: bdy, cyy: cyy)
                            let active = (power .>= 0) .& (power .<= halves[RowSpans.cut + half])
                                .& unsafeBitCast(live[b], to: LaneMask.self)
                            if !anyLane(active) { continue }
                            let raw = o * fastExp2(-power)
                            let alpha = raw.replacing(with: maxAlpha, where: raw .> maxAlpha)
                            let t = trans[b]
                            let next = t * (1 - alpha)
                            let stopping = active .& (next .< stop)
                            if anyLane(stopping) {
                                // The backward pass revisits the entries before this one.
                                remaining -= laneCount(stopping)
                                live[b] = live[b].replacing(with: 0, where: stopping)
                                last[b] = last[b].replacing(with: Lanes(repeating: Float(k - 1 - start)), where: stopping)
                            }
                            let contributes = active .& .!stopping
                            let weight = (alpha * t).replacing(with: 0, where: .!contributes)
                            red[b] = fma(weight, sp.red, red[b]); green[b] = fma(weight, sp.green, green[b])
                            blue[b] = fma(weight, sp.blue, blue[b]); dep[b] = fma(weight, sp.depth, dep[b])
                            trans[b] = t.replacing(with: next, where: contributes)
                        }
                    }
                    // A pixel that never stopped has its whole list revisited.
                    let listLength = Lanes(repeating: Float(end - start))
                    for b in 0..<32 { last[b] = last[b].replacing(with: listLength, where: unsafeBitCast(live[b], to: LaneMask.self)) }
                    for ly in 0..<th {
                        for lx in 0..<tw {
                            let b = 2 * ly + lx >> 3, lane = lx & 7, pix = (ty0 + ly) * width + tx0 + lx
                            let t = trans[b][lane]
                            out.0[3 * pix] = red[b][lane] + t * bg[3 * pix]
                            out.0[3 * pix + 1] = green[b][lane] + t * bg[3 * pix + 1]
                            out.0[3 * pix + 2] = blue[b][lane] + t * bg[3 * pix + 2]
                            out.1[pix] = 1 - t; out.2[pix] = dep[b][lane]; out.3[pix] = t; out.4[pix] = Int32(last[b][lane])
                        }
                    }
                }
                }
                }
            }
        }}}
        return images
    }

    /// The splats of every tile list in list order, [I]: the compositing loops then read them
    /// sequentially instead of chasing `ids` into `raster` (a cache miss per splat and tile).
    static func gather(_ s: ProjectedSplats, _ bins: TileBinning) -> [RasterSplat] {
        let count = bins.intersectionCount
        if count == 0 { return [] }
        let gathered = [RasterSplat](unsafeUninitializedCapacity: count) { buffer, initialized in
            let out = SharedPointer(buffer.baseAddress!)
            s.raster.withUnsafeBufferPointer { raster in
            bins.ids.withUnsafeBufferPointer { ids in
                parallelChunks(count, chunk: 16_384) { range in
                    for k in range { (out.base + k).initialize(to: raster[Int(ids[k])]) }
                }
            }}
            initialized = count
        }
        return gathered
    }
}
