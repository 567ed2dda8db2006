import BeingSplat
import Foundation

/// Screen-space gradients of one splat, summed over the pixels of one tile or of the image.
/// Nine packed floats (36 bytes; with SIMD2/SIMD3 fields and their alignment it was 64), as there
/// is one per splat-tile pair, written by the backward pass and read back by `reduce`.
struct ScreenGradient {
    var meanX: Float = 0, meanY: Float = 0                // dL/dμ′
    var conicA: Float = 0, conicB: Float = 0, conicC: Float = 0  // dL/d(a, b, c)
    var opacity: Float = 0                                // dL/do, o = σ(logit)
    var red: Float = 0, green: Float = 0, blue: Float = 0 // dL/dc

    init() {}

    init(mean: SIMD2<Float>, conic: SIMD3<Float>, opacity: Float, color: SIMD3<Float>) {
        meanX = mean.x; meanY = mean.y; conicA = conic.x; conicB = conic.y; conicC = conic.z
        self.opacity = opacity; red = color.x; green = color.y; blue = color.z
    }

    var mean: SIMD2<Float> { SIMD2(meanX, meanY) }
    var conic: SIMD3<Float> { SIMD3(conicA, conicB, conicC) }
    var color: SIMD3<Float> { SIMD3(red, green, blue) }

    /// Adds `d` field by field (as the vector sums did, so results are unchanged).
    @inline(__always) mutating func add(_ d: ScreenGradient) {
        meanX += d.meanX; meanY += d.meanY; conicA += d.conicA; conicB += d.conicB; conicC += d.conicC
        opacity += d.opacity; red += d.red; green += d.green; blue += d.blue
    }
}

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
    static func backward(_ tileSplats: [RasterSplat], _ bins: TileBinning, _ images: Images, width: Int, height: Int,
                         options: RenderOptions, background: [Float], colorGradient: [Float],
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
                withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 8 * 32 + RowSpans.lanes) { scratch in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: RowSpans.floats) { rowScratch in
                    // Per block: transmittance, (colour behind)·dL/dC, dL/dC, dL/dA·T_final; contributor count.
                    let trans = scratch.baseAddress!, behind = trans + 32
                    let dR = trans + 64, dG = trans + 96, dB = trans + 128, dFinal = trans + 160
                    let last = trans + 192  // as Float: exact below 2²⁴ and compared as floats
                    let halves = trans + 224, row = rowScratch.baseAddress!  // the current splat's row spans
                    let powerGradient = halves + RowSpans.lanes  // per block, the current splat's dL/dp
                    for b in 0..<32 {
                        trans[b] = .zero; behind[b] = .zero
                        dR[b] = .zero; dG[b] = .zero; dB[b] = .zero; dFinal[b] = .zero; last[b] = .zero
                    }
                    var maxLast: Int32 = 0
                    for b in 0..<2 * th where 8 * (b & 1) < tw {
                        let ly = b >> 1, lx = 8 * (b & 1), pix = (ty0 + ly) * width + tx0 + lx
                        if tw - lx < 8 {
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
                        let count = UnsafeRawPointer(lastCount.baseAddress! + pix).loadUnaligned(as: SIMD8<Int32>.self)
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
                            _ = RowSpans.fill(rows: row, halves: halves, sp, tileX: tx0, tileY: ty0,
                                              xa: xa, xb: xb, ya: ya, yb: yb, selecting: false)
                            let o = sp.opacity
                            // Blocks with an active lane, whose dL/dp the second loop reads back.
                            var contributed: UInt32 = 0
                            while blocks != 0 {
                                let bit = blocks.trailingZeroBitCount
                                blocks &= blocks &- 1
                                let b = bit, ly = bit >> 1, half = bit & 1
                                let bdy = Lanes(repeating: row[RowSpans.bdy + ly]), cyy = Lanes(repeating: row[RowSpans.cyy + ly])
                                let dx = halves[RowSpans.dx + half]
                                let power = sp.power(dx, bdy: bdy, cyy: cyy)
                                let active = (power .<= halves[RowSpans.cut + half]) .& (rank .< last[b])
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
                                let dy = Lanes(repeating: row[RowSpans.dy + (bit >> 1)]), dx = halves[RowSpans.dx + (bit & 1)]
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

    /// Eight floats at `p`, which need not be aligned.
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    /// Every third float from `p`: one channel of eight interleaved RGB pixels.
    @inline(__always) static func channel(_ p: UnsafePointer<Float>) -> Lanes {
        Lanes(p[0], p[3], p[6], p[9], p[12], p[15], p[18], p[21])
    }

    /// Sums the per-intersection gradients into per-splat ones, in list order, so the result is
    /// bitwise reproducible. Each thread owns a range of splats and scans the whole list, adding
    /// only its own: every splat still sums its entries in list order, whatever the split. An
    /// entry of another thread's range is added to a spare row past the end instead of skipped:
    /// whether an entry is one's own is as good as random, and the branch was mispredicted half
    /// the time.
    static func reduce(_ perIntersection: [ScreenGradient], _ bins: TileBinning, count: Int) -> [ScreenGradient] {
        let parts = perIntersection.count < 65_536 ? 1 : 2
        var total = [ScreenGradient](repeating: ScreenGradient(), count: count + parts)  // [N + parts]
        let out = SharedPointer(&total)
        perIntersection.withUnsafeBufferPointer { grads in
        bins.ids.withUnsafeBufferPointer { ids in
            parallelFor(parts) { part in
                let low = Int32(count * part / parts), high = Int32(count * (part + 1) / parts)
                let spare = Int32(count + part)  // this thread's row for the others' entries
                for k in 0..<grads.count {
                    let g = ids[k]
                    let row = g >= low && g < high ? g : spare
                    out.base[Int(row)].add(grads[k])
                }
            }
        }}
        total.removeLast(parts)
        return total
    }
}
