import BeingSplat
import Foundation

/// Screen-space gradients of one splat, summed over the pixels of one tile or of the image.
struct ScreenGradient {
    var mean = SIMD2<Float>.zero   // dL/dμ′
    var conic = SIMD3<Float>.zero  // dL/d(a, b, c)
    var opacity: Float = 0         // dL/do, o = σ(logit)
    var color = SIMD3<Float>.zero  // dL/dc
}

extension TileRasterizer {
    /// The adjoint of `forward`, walking each tile's list back to front (Kerbl et al. 2023 §6):
    ///
    ///     ∂C/∂cᵢ = αᵢTᵢ,   ∂C/∂αᵢ = Tᵢ·(cᵢ − Bᵢ),   Bᵢ₋₁ = αᵢcᵢ + (1 − αᵢ)Bᵢ,  B_last = bg
    ///     ∂A/∂αᵢ = T_final / (1 − αᵢ)                    (A = 1 − T_final)
    ///
    /// where Bᵢ is the colour behind splat i seen through its own transmittance, and Tᵢ is recovered
    /// from Tᵢ₊₁ / (1 − αᵢ). Then α = o·G, G = exp(−σ), σ = ½dᵀQd give dL/do, dL/dQ and dL/dμ′.
    /// Each tile writes the gradient of each of its list entries to its own slot of
    /// `perIntersection`, so no two threads write one value and the sum is independent of schedule.
    static func backward(_ tileSplats: [RasterSplat], _ bins: TileBinning, _ images: Images, width: Int, height: Int,
                         options: RenderOptions, background: [Float], colorGradient: [Float],
                         alphaGradient: [Float]?) -> [ScreenGradient] {
        var perIntersection = [ScreenGradient](repeating: ScreenGradient(), count: bins.intersectionCount)  // [I]
        let out = SharedPointer(&perIntersection)
        let maxAlpha = options.maxAlpha
        let ts = TileBinning.tileSize
        let alphaGrad = alphaGradient ?? [], hasAlpha = alphaGradient != nil
        tileSplats.withUnsafeBufferPointer { splats in
        bins.offsets.withUnsafeBufferPointer { offsets in
        background.withUnsafeBufferPointer { bg in
        colorGradient.withUnsafeBufferPointer { dColor in
        alphaGrad.withUnsafeBufferPointer { dAlphaOut in
        images.finalTransmittance.withUnsafeBufferPointer { finalT in
        images.contributorCount.withUnsafeBufferPointer { lastCount in
            parallelFor(bins.tileCount) { tile in
                let tx0 = (tile % bins.tilesX) * ts, ty0 = (tile / bins.tilesX) * ts
                let tw = min(ts, width - tx0), th = min(ts, height - ty0)
                let start = Int(offsets[tile]), end = Int(offsets[tile + 1])
                if start == end { return }
                withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 9 * 32 + 8) { scratch in
                    // Per block: transmittance, colour behind, dL/dC, dL/dA·T_final; contributor count.
                    let trans = scratch.baseAddress!, behindR = trans + 32, behindG = trans + 64, behindB = trans + 96
                    let dR = trans + 128, dG = trans + 160, dB = trans + 192, dFinal = trans + 224
                    let last = trans + 256  // as Float: exact below 2²⁴ and compared as floats
                    let spans = trans + 288  // the current splat's row spans
                    for b in 0..<32 {
                        trans[b] = .zero; behindR[b] = .zero; behindG[b] = .zero; behindB[b] = .zero
                        dR[b] = .zero; dG[b] = .zero; dB[b] = .zero; dFinal[b] = .zero; last[b] = .zero
                    }
                    var maxLast: Int32 = 0
                    for ly in 0..<th {
                        for lx in 0..<tw {
                            let b = 2 * ly + lx >> 3, lane = lx & 7, pix = (ty0 + ly) * width + tx0 + lx
                            trans[b][lane] = finalT[pix]
                            behindR[b][lane] = bg[3 * pix]; behindG[b][lane] = bg[3 * pix + 1]; behindB[b][lane] = bg[3 * pix + 2]
                            dR[b][lane] = dColor[3 * pix]; dG[b][lane] = dColor[3 * pix + 1]; dB[b][lane] = dColor[3 * pix + 2]
                            if !dAlphaOut.isEmpty { dFinal[b][lane] = dAlphaOut[pix] * finalT[pix] }
                            last[b][lane] = Float(lastCount[pix])
                            maxLast = max(maxLast, lastCount[pix])
                        }
                    }
                    // Entries at or past every pixel's last contributor have no gradient.
                    var k = min(end, start + Int(maxLast)) - 1
                    while k >= start {
                        let sp = splats[k]
                        let rank = Lanes(repeating: Float(k - start))
                        let box = sp.footprint
                        let xa = max(Int(box.x0), tx0), xb = min(Int(box.x1), tx0 + tw - 1)
                        let ya = max(Int(box.y0), ty0), yb = min(Int(box.y1), ty0 + th - 1)
                        var gColorR = Lanes.zero, gColorG = Lanes.zero, gColorB = Lanes.zero, gOpacity = Lanes.zero
                        var gConicA = Lanes.zero, gConicB = Lanes.zero, gConicC = Lanes.zero
                        var gMeanX = Lanes.zero, gMeanY = Lanes.zero
                        if xa <= xb && ya <= yb {
                            var blocks = RowSpans.fill(spans, sp, tileX: tx0, tileY: ty0, xa: xa, xb: xb, ya: ya, yb: yb)
                            let o = sp.opacity, cut = Lanes(repeating: sp.cut)
                            let dx0 = laneOffset + (Float(tx0) + 0.5 - sp.x)
                            let inBox = boxMasks(xa: xa - tx0, xb: xb - tx0)
                            spans.withMemoryRebound(to: Float.self, capacity: RowSpans.floats) { row in
                                while blocks != 0 {
                                    let bit = blocks.trailingZeroBitCount
                                    blocks &= blocks &- 1
                                    let b = bit, ly = bit >> 1, half = bit & 1
                                    let bdy = Lanes(repeating: row[ly]), cyy = Lanes(repeating: row[16 + ly])
                                    let dy = Lanes(repeating: Float(ty0 + ly) + 0.5 - sp.y)
                                    let dx = half == 0 ? dx0 : dx0 + 8
                                    let power = sp.power(dx, bdy: bdy, cyy: cyy)
                                    let active = (half == 0 ? inBox.0 : inBox.1) .& (power .>= 0) .& (power .<= cut)
                                        .& (rank .< last[b])
                                    if !anyLane(active) { continue }
                                    let gauss = fastExp2(-power)
                                    let raw = o * gauss
                                    let alpha = raw.replacing(with: maxAlpha, where: raw .> maxAlpha)
                                    let oneMinus = 1 - alpha
                                    // One division for both uses (Tᵢ = Tᵢ₊₁/(1 − α) and the alpha term).
                                    let inverse = 1 / oneMinus
                                    let t = trans[b] * inverse
                                    let br = behindR[b], bgn = behindG[b], bb = behindB[b]
                                    let cr = dR[b], cg = dG[b], cb = dB[b]
                                    let weight = (alpha * t).replacing(with: 0, where: .!active)
                                    gColorR = fma(weight, cr, gColorR); gColorG = fma(weight, cg, gColorG)
                                    gColorB = fma(weight, cb, gColorB)
                                    var dAlpha = t * ((sp.red - br) * cr + (sp.green - bgn) * cg + (sp.blue - bb) * cb)
                                    if hasAlpha { dAlpha = fma(dFinal[b], inverse, dAlpha) }
                                    behindR[b] = br.replacing(with: fma(alpha, sp.red, oneMinus * br), where: active)
                                    behindG[b] = bgn.replacing(with: fma(alpha, sp.green, oneMinus * bgn), where: active)
                                    behindB[b] = bb.replacing(with: fma(alpha, sp.blue, oneMinus * bb), where: active)
                                    trans[b] = trans[b].replacing(with: t, where: active)
                                    // The clamp passes no gradient.
                                    let dA = dAlpha.replacing(with: 0, where: .!active .| (raw .>= maxAlpha))
                                    gOpacity = fma(gauss, dA, gOpacity)
                                    // dL/dσ = −α·dL/dα; σ = ½dᵀQd, so dσ/dQ = (½dx², dx·dy, ½dy²) and
                                    // dσ/dμ′ = −Q·d = −(2a·dx + b·dy, b·dx + 2c·dy)·ln 2 in base-2 units.
                                    let dPower = -alpha * dA
                                    let pdx = dPower * dx
                                    gConicA = fma(pdx, dx, gConicA)
                                    gConicB = fma(pdx, dy, gConicB)
                                    gConicC = fma(dPower * dy, dy, gConicC)
                                    gMeanX = fma(dPower, fma(2 * sp.a, dx, sp.b * dy), gMeanX)
                                    gMeanY = fma(dPower, fma(sp.b, dx, 2 * sp.c * dy), gMeanY)
                                }
                            }
                        }
                        let ln2 = RasterSplat.ln2
                        out[k] = ScreenGradient(mean: SIMD2(gMeanX.sum(), gMeanY.sum()) * -ln2,
                                                conic: SIMD3(0.5 * gConicA.sum(), gConicB.sum(), 0.5 * gConicC.sum()),
                                                opacity: gOpacity.sum(),
                                                color: SIMD3(gColorR.sum(), gColorG.sum(), gColorB.sum()))
                        k -= 1
                    }
                }
            }
        }}}}}}}
        return perIntersection
    }

    /// Sums the per-intersection gradients into per-splat ones, in list order, so the result is
    /// bitwise reproducible.
    static func reduce(_ perIntersection: [ScreenGradient], _ bins: TileBinning, count: Int) -> [ScreenGradient] {
        var total = [ScreenGradient](repeating: ScreenGradient(), count: count)  // [N]
        for k in perIntersection.indices {
            let g = Int(bins.ids[k])
            let d = perIntersection[k]
            total[g].mean += d.mean; total[g].conic += d.conic
            total[g].opacity += d.opacity; total[g].color += d.color
        }
        return total
    }
}
