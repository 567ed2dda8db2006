import BeingSplat
import BeingSplatRaster
import Foundation

/// Front-to-back alpha compositing of binned splats (Kerbl et al. 2023 §6; Zwicker et al. 2001):
///
///     αᵢ = min(0.99, oᵢ·exp(−½ dᵀQᵢd)),  Tᵢ = Πⱼ<ᵢ (1 − αⱼ),  C = Σᵢ cᵢαᵢTᵢ + T_final·bg
///
/// with d the pixel centre minus the splat's 2D mean and Qᵢ its conic. Work is split over 16×16
/// tiles, one `concurrentPerform` iteration each; a tile writes only its own pixels. Within a tile
/// the loop runs splat-major over `RasterSplat`s gathered in list order, keeping per-pixel state in
/// structure-of-arrays scratch as blocks of `Lanes` (half rows of eight pixels, or with
/// `SPLAT_WIDE` whole rows of sixteen; see `Block`). For each
/// splat, `RowSpans` picks the blocks its α ≥ 1/255 ellipse can reach inside its footprint, as a
/// bit set; inside a block the lanes test the box and p ≤ cut exactly as a per-pixel loop would.
/// A tile stops as soon as all its pixels have stopped.
package enum TileRasterizer: SplatCompositor {
    /// The running sums of a block's pixels in the forward pass.
    struct ForwardBlock {
        var transmittance = Lanes(repeating: 1)
        var red = Lanes.zero, green = Lanes.zero, blue = Lanes.zero, depth = Lanes.zero
        /// Where a stopped pixel stopped, as a list offset.
        var stoppedAt = LaneInts.zero
        /// −1 until the pixel stops; 0 from the start for lanes outside the image.
        var live = LaneInts(repeating: -1)
    }

    /// - Parameters:
    ///   - tileSplats: `gather(s, bins)`.  // [I]
    ///   - background: [H, W, 3], or [3] for one colour everywhere.
    package static func forward(_ tileSplats: [RasterSplat], _ bins: TileBinning, width: Int, height: Int,
                                options: RenderOptions, background: [Float]) -> CompositedImages {
        let pixels = width * height
        // Every pixel is written once, by its tile, so the images need no clearing.
        var images = CompositedImages(color: uninitializedArray(pixels * 3), alpha: uninitializedArray(pixels), depth: uninitializedArray(pixels),
                            finalTransmittance: uninitializedArray(pixels), contributorCount: uninitializedArray(pixels),
                            activeBlocks: .init(repeating: 0, count: bins.intersectionCount))
        let out = (SharedPointer(&images.color), SharedPointer(&images.alpha), SharedPointer(&images.depth),
                   SharedPointer(&images.finalTransmittance), SharedPointer(&images.contributorCount),
                   SharedPointer(&images.activeBlocks))
        let maxAlpha = Lanes(repeating: options.maxAlpha), stop = options.transmittanceStop
        let ts = TileBinning.tileSize
        let bgStride = background.count == 3 ? 0 : 3  // floats from one pixel's background to the next
        tileSplats.withUnsafeBufferPointer { splats in
        bins.offsets.withUnsafeBufferPointer { offsets in
        background.withUnsafeBufferPointer { bg in
            parallelFor(bins.tileCount) { tile in
                let tx0 = (tile % bins.tilesX) * ts, ty0 = (tile / bins.tilesX) * ts
                let tw = min(ts, width - tx0), th = min(ts, height - ty0)
                withUnsafeTemporaryAllocation(of: ForwardBlock.self, capacity: Block.count) { blockScratch in
                withUnsafeTemporaryAllocation(of: Lanes.self, capacity: RowSpans.lanes) { partScratch in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: RowSpans.floats) { rowScratch in
                    // The blocks' running sums, then the current splat's row spans.
                    let state = blockScratch.baseAddress!, parts = partScratch.baseAddress!, row = rowScratch.baseAddress!
                    state.initialize(repeating: ForwardBlock(), count: Block.count)
                    // Blocks with a pixel still taking splats: lanes outside the image (edge tiles)
                    // start stopped, so a block whose pixels have all stopped leaves the set.
                    var liveBlocks: UInt32 = 0
                    for b in 0..<Block.count {
                        let inside = (laneOffset + Float(Block.x(b)) .< Float(tw)) .& SIMDMask(repeating: Block.row(b) < th)
                        state[b].live = unsafeBitCast(inside, to: LaneInts.self)
                        if anyLane(inside) { liveBlocks |= 1 << UInt32(b) }
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
                        // Nothing to do where every pixel of the footprint's blocks has stopped.
                        let rows = RowSpans.blockRows(ya &- ty0, yb &- ty0)
                        let columns: UInt32 = Block.perRow == 1 ? ~0
                            : (xa < tx0 &+ 8 ? 0x5555_5555 : 0) | (xb >= tx0 &+ 8 ? 0xAAAA_AAAA : 0)
                        if rows & columns & liveBlocks == 0 { continue }
                        var blocks = RowSpans.fill(rows: row, parts: parts, sp, tileX: tx0, tileY: ty0,
                                                   xa: xa, xb: xb, ya: ya, yb: yb) & rows & liveBlocks
                        let o = sp.opacity
                        var reached: UInt32 = 0
                        while blocks != 0 {
                            let bit = blocks.trailingZeroBitCount
                            blocks &= blocks &- 1
                            let block = state + bit, ly = Block.row(bit), part = Block.part(bit)
                            let bdy = Lanes(repeating: row[RowSpans.bdy + ly]), cyy = Lanes(repeating: row[RowSpans.cyy + ly])
                            let dx = parts[RowSpans.dx + part]
                            let power = sp.power(dx, bdy: bdy, cyy: cyy)
                            let active = (power .<= parts[RowSpans.cut + part]) .& unsafeBitCast(block.pointee.live, to: LaneMask.self)
                            if !anyLane(active) { continue }
                            reached |= 1 &<< UInt32(truncatingIfNeeded: bit)
                            let raw = fastExp2(negating: power, times: o)
                            let alpha = minimum(raw, maxAlpha)
                            let t = block.pointee.transmittance
                            // T·(1 − α) as T − αT: the contribution's weight then also updates T.
                            let weight = alpha * t, next = t - weight
                            let stopping = active .& (next .< stop)
                            if anyLane(stopping) {
                                // The backward pass revisits the entries before this one.
                                remaining &-= laneCount(stopping)
                                block.pointee.live = block.pointee.live.replacing(with: 0, where: stopping)
                                if !anyLane(unsafeBitCast(block.pointee.live, to: LaneMask.self)) { liveBlocks &= ~(1 &<< UInt32(truncatingIfNeeded: bit)) }
                                block.pointee.stoppedAt = block.pointee.stoppedAt.replacing(with: Int32(truncatingIfNeeded: k &- 1 &- start), where: stopping)
                            }
                            let taken = zeroing(weight, outside: active .& .!stopping)
                            block.pointee.red = fma(taken, sp.red, block.pointee.red)
                            block.pointee.green = fma(taken, sp.green, block.pointee.green)
                            block.pointee.blue = fma(taken, sp.blue, block.pointee.blue)
                            block.pointee.depth = fma(taken, sp.depth, block.pointee.depth)
                            block.pointee.transmittance = t - taken
                        }
                        out.5[k - 1] = reached
                    }
                    // A pixel that never stopped has its whole list revisited.
                    let listLength = Int32(end - start)
                    for b in 0..<Block.perRow * th where Block.x(b) < tw {
                        let ly = Block.row(b), lx = Block.x(b), pix = (ty0 + ly) * width + tx0 + lx
                        let block = state[b], t = block.transmittance
                        let count = block.stoppedAt.replacing(with: listLength, where: unsafeBitCast(block.live, to: LaneMask.self))
                        let lanes = min(Block.width, tw - lx)
                        if lanes == Block.width {
                            store(1 - t, out.1.base + pix); store(block.depth, out.2.base + pix); store(t, out.3.base + pix)
                            UnsafeMutableRawPointer(out.4.base + pix).storeBytes(of: count, as: LaneInts.self)
                        } else {
                            for lane in 0..<lanes {
                                out.1[pix + lane] = 1 - t[lane]; out.2[pix + lane] = block.depth[lane]
                                out.3[pix + lane] = t[lane]; out.4[pix + lane] = count[lane]
                            }
                        }
                        if lanes == Block.width {
                            let (red, green, blue) = backgroundBlock(bg.baseAddress! + bgStride * pix, stride: bgStride)
                            storeInterleaved(block.red + t * red, block.green + t * green, block.blue + t * blue,
                                             out.0.base + 3 * pix)
                            continue
                        }
                        for lane in 0..<lanes {
                            let c = 3 * (pix + lane), b = bgStride * (pix + lane)
                            out.0[c] = block.red[lane] + t[lane] * bg[b]
                            out.0[c + 1] = block.green[lane] + t[lane] * bg[b + 1]
                            out.0[c + 2] = block.blue[lane] + t[lane] * bg[b + 2]
                        }
                    }
                }
                }
                }
            }
        }}}
        return images
    }

    /// A block of floats at `p`, which need not be aligned.
    @inline(__always) static func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
    }

    /// A block's RGB pixels from their channels, interleaved as [W, 3] at `p`.
    @inline(__always) static func storeInterleaved(_ r: Lanes, _ g: Lanes, _ b: Lanes, _ p: UnsafeMutablePointer<Float>) {
        #if SPLAT_WIDE
        storeInterleaved8(r.lowHalf, g.lowHalf, b.lowHalf, p)
        storeInterleaved8(r.highHalf, g.highHalf, b.highHalf, p + 24)
        #else
        storeInterleaved8(r, g, b, p)
        #endif
    }

    /// Eight RGB pixels from their channels, interleaved as [8, 3] at `p`.
    @inline(__always) static func storeInterleaved8(_ r: SIMD8<Float>, _ g: SIMD8<Float>, _ b: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        let raw = UnsafeMutableRawPointer(p)
        raw.storeBytes(of: SIMD8(r[0], g[0], b[0], r[1], g[1], b[1], r[2], g[2]), as: SIMD8<Float>.self)
        raw.storeBytes(of: SIMD8(b[2], r[3], g[3], b[3], r[4], g[4], b[4], r[5]), toByteOffset: 32, as: SIMD8<Float>.self)
        raw.storeBytes(of: SIMD8(g[5], b[5], r[6], g[6], b[6], r[7], g[7], b[7]), toByteOffset: 64, as: SIMD8<Float>.self)
    }

    /// The background of a block's pixels as channels: `p` points at the first pixel's RGB, with
    /// `stride` 3 for an image and 0 for one colour everywhere.
    @inline(__always) static func backgroundBlock(_ p: UnsafePointer<Float>, stride: Int) -> (Lanes, Lanes, Lanes) {
        stride == 0 ? (Lanes(repeating: p[0]), Lanes(repeating: p[1]), Lanes(repeating: p[2])) : (channel(p), channel(p + 1), channel(p + 2))
    }
}
