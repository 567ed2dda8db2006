import BeingSplat
import BeingSplatRaster
import Foundation

extension TileRasterizer {
    /// The adjoint of `forward`, walking each tile's list back to front (Kerbl et al. 2023 §6):
    ///
    ///     ∂C/∂cᵢ = αᵢTᵢ,   ∂C/∂αᵢ = Tᵢ·(cᵢ − Bᵢ),   Bᵢ₋₁ = αᵢcᵢ + (1 − αᵢ)Bᵢ,  B_last = bg
    ///     ∂A/∂αᵢ = T_final / (1 − αᵢ)                    (A = 1 − T_final)
    ///
    /// where Bᵢ is the colour behind splat i seen through its own transmittance, and Tᵢ is recovered
    /// from Tᵢ₊₁ / (1 − αᵢ). Then α = o·G, G = exp(−σ), σ = ½dᵀQd give dL/do, dL/dQ and dL/dμ′.
    /// Only Bᵢ·g reaches the loss (g = dL/dC of the pixel), and it obeys the same recurrence with
    /// cᵢ·g in place of cᵢ, so a pixel carries that one number instead of Bᵢ's three channels.
    /// Likewise dL/dμ′ = −ln 2·Σ ∂L/∂p·(2a·dx + b·dy, b·dx + 2c·dy) is summed as Σ ∂L/∂p·dx and
    /// Σ ∂L/∂p·dy, and a, b, c applied once per splat and tile.
    /// Each tile writes the gradient of each of its list entries to its own slot of
    /// `perIntersection`, so no two threads write one value and the sum is independent of schedule.
    package static func backward(_ tileSplats: [RasterSplat], _ bins: TileBinning, _ images: CompositedImages, width: Int,
                                 height: Int, options: RenderOptions, background: [Float], colorGradient: [Float],
                                 alphaGradient: [Float]?) -> [ScreenGradient] {
        // Each tile writes every entry of its list (zero where it has no gradient), in parallel,
        // instead of a serial clearing pass first.
        var perIntersection: [ScreenGradient] = uninitializedArray(bins.intersectionCount)  // [I]
        let out = SharedPointer(&perIntersection)
        let maxAlpha = Lanes(repeating: options.maxAlpha)
        let ts = TileBinning.tileSize
        let alphaGrad = alphaGradient ?? [], hasAlpha = alphaGradient != nil
        let bgStride = background.count == 3 ? 0 : 3  // [H, W, 3], or [3] for one colour
        tileSplats.withUnsafeBufferPointer { splats in
        bins.offsets.withUnsafeBufferPointer { offsets in
        background.withUnsafeBufferPointer { bg in
        colorGradient.withUnsafeBufferPointer { dColor in
        alphaGrad.withUnsafeBufferPointer { dAlphaOut in
        images.finalTransmittance.withUnsafeBufferPointer { finalT in
        images.contributorCount.withUnsafeBufferPointer { lastCount in
        images.activeBlocks.withUnsafeBufferPointer { activeBlocks in
            parallelFor(bins.tileCount) { tile in
                let tx0 = (tile % bins.tilesX) * ts, ty0 = (tile / bins.tilesX) * ts
                let tw = min(ts, width - tx0), th = min(ts, height - ty0)
                let start = Int(offsets[tile]), end = Int(offsets[tile + 1])
                if start == end { return }
                withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 8 * Block.count + RowSpans.lanes) { scratch in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: RowSpans.floats) { rowScratch in
                    // Per block: transmittance, (colour behind)·dL/dC, dL/dC, dL/dA·T_final; contributor count.
                    let n = Block.count
                    let trans = scratch.baseAddress!, behind = trans + n
                    let dR = trans + 2 * n, dG = trans + 3 * n, dB = trans + 4 * n, dFinal = trans + 5 * n
                    let last = trans + 6 * n  // as Float: exact below 2²⁴ and compared as floats
                    let parts = trans + 7 * n, row = rowScratch.baseAddress!  // the current splat's row spans
                    let powerGradient = parts + RowSpans.lanes  // per block, the current splat's dL/dp
                    for b in 0..<n {
                        trans[b] = .zero; behind[b] = .zero
                        dR[b] = .zero; dG[b] = .zero; dB[b] = .zero; dFinal[b] = .zero; last[b] = .zero
                    }
                    var maxLast: Int32 = 0
                    for b in 0..<Block.perRow * th where Block.x(b) < tw {
                        let ly = Block.row(b), lx = Block.x(b), pix = (ty0 + ly) * width + tx0 + lx
                        if tw - lx < Block.width {
                            for lane in 0..<(tw - lx) {
                                let p = pix + lane
                                trans[b][lane] = finalT[p]
                                let q = bgStride * p
                                behind[b][lane] = bg[q] * dColor[3 * p] + bg[q + 1] * dColor[3 * p + 1] + bg[q + 2] * dColor[3 * p + 2]
                                dR[b][lane] = dColor[3 * p]; dG[b][lane] = dColor[3 * p + 1]; dB[b][lane] = dColor[3 * p + 2]
                                if hasAlpha { dFinal[b][lane] = dAlphaOut[p] * finalT[p] }
                                last[b][lane] = Float(lastCount[p])
                                maxLast = max(maxLast, lastCount[p])
                            }
                            continue
                        }
                        // A whole block: the same values, a vector at a time (interleaved RGB by lane).
                        let t = load(finalT.baseAddress! + pix)
                        let r = channel(dColor.baseAddress! + 3 * pix), g = channel(dColor.baseAddress! + 3 * pix + 1)
                        let bl = channel(dColor.baseAddress! + 3 * pix + 2)
                        trans[b] = t; dR[b] = r; dG[b] = g; dB[b] = bl
                        let (bgR, bgG, bgB) = backgroundBlock(bg.baseAddress! + bgStride * pix, stride: bgStride)
                        behind[b] = bgR * r + bgG * g + bgB * bl
                        if hasAlpha { dFinal[b] = load(dAlphaOut.baseAddress! + pix) * t }
                        let count = UnsafeRawPointer(lastCount.baseAddress! + pix).loadUnaligned(as: LaneInts.self)
                        last[b] = Lanes(count)
                        maxLast = max(maxLast, count.max())
                    }
                    // Entries no pixel revisits have no gradient.
                    var k = min(end, start + Int(maxLast)) - 1
                    for j in (k + 1)..<end { out[j] = ScreenGradient() }
                    while k >= start {
                        // An entry that reached no live pixel in the forward pass has no gradient.
                        var blocks = activeBlocks[k]
                        if blocks == 0 { out[k] = ScreenGradient(); k -= 1; continue }
                        let sp = splats[k]
                        let rank = Lanes(repeating: Float(k - start))
                        let box = sp.footprint
                        let xa = max(Int(box.x0), tx0), xb = min(Int(box.x1), tx0 + tw - 1)
                        let ya = max(Int(box.y0), ty0), yb = min(Int(box.y1), ty0 + th - 1)
                        var gColorR = Lanes.zero, gColorG = Lanes.zero, gColorB = Lanes.zero, gOpacity = Lanes.zero
                        // Σ ∂L/∂p times dx², dx·dy, dy², dx and dy.
                        var gXX = Lanes.zero, gXY = Lanes.zero, gYY = Lanes.zero, gX = Lanes.zero, gY = Lanes.zero
                        if xa <= xb && ya <= yb {
                            _ = RowSpans.fill(rows: row, parts: parts, sp, tileX: tx0, tileY: ty0,
                                              xa: xa, xb: xb, ya: ya, yb: yb, selecting: false)
                            let o = sp.opacity
                            // Blocks with an active lane, whose dL/dp the second loop reads back.
                            var contributed: UInt32 = 0
                            while blocks != 0 {
                                let bit = blocks.trailingZeroBitCount
                                blocks &= blocks &- 1
                                let b = bit, ly = Block.row(bit), part = Block.part(bit)
                                let bdy = Lanes(repeating: row[RowSpans.bdy + ly]), cyy = Lanes(repeating: row[RowSpans.cyy + ly])
                                let dx = parts[RowSpans.dx + part]
                                let power = sp.power(dx, bdy: bdy, cyy: cyy)
                                let active = (power .<= parts[RowSpans.cut + part]) .& (rank .< last[b])
                                if !anyLane(active) { continue }
                                contributed |= 1 << UInt32(bit)
                                let gauss = fastExp2(negating: power)
                                let raw = o * gauss
                                let alpha = minimum(raw, maxAlpha)
                                let oneMinus = 1 - alpha
                                // One division for both uses (Tᵢ = Tᵢ₊₁/(1 − α) and the alpha term).
                                let inverse = 1 / oneMinus
                                let t = trans[b] * inverse
                                let cr = dR[b], cg = dG[b], cb = dB[b]
                                let weight = (alpha * t).replacing(with: 0, where: .!active)
                                gColorR = fma(weight, cr, gColorR); gColorG = fma(weight, cg, gColorG)
                                gColorB = fma(weight, cb, gColorB)
                                // cᵢ·g and Bᵢ·g.
                                let cg2 = fma(sp.red, cr, fma(sp.green, cg, sp.blue * cb)), bg2 = behind[b]
                                var dAlpha = t * (cg2 - bg2)
                                if hasAlpha { dAlpha = fma(dFinal[b], inverse, dAlpha) }
                                behind[b] = bg2.replacing(with: fma(alpha, cg2, oneMinus * bg2), where: active)
                                trans[b] = trans[b].replacing(with: t, where: active)
                                // The clamp passes no gradient.
                                let dA = dAlpha.replacing(with: 0, where: .!active .| (raw .>= maxAlpha))
                                gOpacity = fma(gauss, dA, gOpacity)
                                // dL/dσ = −α·dL/dα; σ = ½dᵀQd, so dσ/dQ = (½dx², dx·dy, ½dy²) and
                                // dσ/dμ′ = −Q·d = −(2a·dx + b·dy, b·dx + 2c·dy)·ln 2 in base-2 units.
                                powerGradient[b] = -alpha * dA
                            }
                            // The moments in a second pass over the same blocks, in the same order (so
                            // the sums are unchanged): the loop above then keeps four accumulators, not
                            // nine, which with its constants had spilled all of them every iteration.
                            while contributed != 0 {
                                let bit = contributed.trailingZeroBitCount
                                contributed &= contributed &- 1
                                let dy = Lanes(repeating: row[RowSpans.dy + Block.row(bit)]), dx = parts[RowSpans.dx + Block.part(bit)]
                                let dPower = powerGradient[bit]
                                let pdx = dPower * dx, pdy = dPower * dy
                                gXX = fma(pdx, dx, gXX); gXY = fma(pdx, dy, gXY); gYY = fma(pdy, dy, gYY)
                                gX += pdx; gY += pdy
                            }
                        }
                        let ln2 = RasterSplat.ln2
                        let sx = gX.sum(), sy = gY.sum()
                        let meanX = 2 * sp.a * sx + sp.b * sy, meanY = sp.b * sx + 2 * sp.c * sy
                        out[k] = ScreenGradient(mean: SIMD2(meanX, meanY) * -ln2,
                                                conic: SIMD3(0.5 * gXX.sum(), gXY.sum(), 0.5 * gYY.sum()),
                                                opacity: gOpacity.sum(),
                                                color: SIMD3(gColorR.sum(), gColorG.sum(), gColorB.sum()))
                        k -= 1
                    }
                }
                }
            }
        }}}}}}}}
        return perIntersection
    }

    /// A block of floats at `p`, which need not be aligned.
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    /// Every third float from `p`: one channel of a block of interleaved RGB pixels.
    @inline(__always) static func channel(_ p: UnsafePointer<Float>) -> Lanes {
        #if SPLAT_WIDE
        Lanes(lowHalf: channel8(p), highHalf: channel8(p + 24))
        #else
        channel8(p)
        #endif
    }

    @inline(__always) static func channel8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        SIMD8(p[0], p[3], p[6], p[9], p[12], p[15], p[18], p[21])
    }
}
