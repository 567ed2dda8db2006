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
    static func backward(_ s: ProjectedSplats, _ bins: TileBinning, _ images: Images, width: Int, height: Int,
                         options: RenderOptions, background: [Float], colorGradient: [Float],
                         alphaGradient: [Float]?) -> [ScreenGradient] {
        var perIntersection = [ScreenGradient](repeating: ScreenGradient(), count: bins.intersectionCount)  // [I]
        let out = SharedPointer(&perIntersection)
        let maxAlpha = options.maxAlpha, threshold = options.alphaThreshold
        let ts = TileBinning.tileSize
        let hasAlpha = alphaGradient != nil
        let alphaGrad = alphaGradient ?? [0]
        s.means.withUnsafeBufferPointer { means in
        s.conics.withUnsafeBufferPointer { conics in
        s.opacities.withUnsafeBufferPointer { opacities in
        s.colors.withUnsafeBufferPointer { colors in
        s.boxes.withUnsafeBufferPointer { boxes in
        bins.ids.withUnsafeBufferPointer { ids in
        bins.offsets.withUnsafeBufferPointer { offsets in
        background.withUnsafeBufferPointer { bg in
        colorGradient.withUnsafeBufferPointer { dColor in
        alphaGrad.withUnsafeBufferPointer { dAlphaOut in
        images.finalTransmittance.withUnsafeBufferPointer { finalT in
        images.contributorCount.withUnsafeBufferPointer { lastCount in
            let uniformBackground = bg.count == 3
            parallelFor(bins.tileCount) { tile in
                let tx0 = (tile % bins.tilesX) * ts, ty0 = (tile / bins.tilesX) * ts
                let tw = min(ts, width - tx0), th = min(ts, height - ty0)
                let start = Int(offsets[tile]), end = Int(offsets[tile + 1])
                if start == end { return }
                // Per-row state, [16] rows of 16 lanes; lanes outside the image stay zero.
                withUnsafeTemporaryAllocation(of: Row.self, capacity: 10 * ts) { scratch in
                withUnsafeTemporaryAllocation(of: RowIndex.self, capacity: ts) { ints in
                    let trans = scratch.baseAddress!, bR = trans + ts, bG = trans + 2 * ts, bB = trans + 3 * ts
                    let dR = trans + 4 * ts, dG = trans + 5 * ts, dB = trans + 6 * ts
                    let dA = trans + 7 * ts, tFinal = trans + 8 * ts
                    let last = ints.baseAddress!
                    for r in 0..<ts {
                        for i in 0..<7 { trans[i * ts + r] = .zero }
                        dA[r] = .zero; tFinal[r] = .zero; last[r] = .zero
                    }
                    for ly in 0..<th {
                        for lx in 0..<tw {
                            let pix = (ty0 + ly) * width + tx0 + lx
                            let b = uniformBackground ? 0 : 3 * pix
                            trans[ly][lx] = finalT[pix]; tFinal[ly][lx] = finalT[pix]; last[ly][lx] = lastCount[pix]
                            bR[ly][lx] = bg[b]; bG[ly][lx] = bg[b + 1]; bB[ly][lx] = bg[b + 2]
                            dR[ly][lx] = dColor[3 * pix]; dG[ly][lx] = dColor[3 * pix + 1]; dB[ly][lx] = dColor[3 * pix + 2]
                            if hasAlpha { dA[ly][lx] = dAlphaOut[pix] }
                        }
                    }
                    var k = end - 1
                    while k >= start {
                        let g = Int(ids[k])
                        let box = boxes[g]
                        let xa = max(Int(box.x0), tx0), xb = min(Int(box.x1), tx0 + tw - 1)
                        let ya = max(Int(box.y0), ty0), yb = min(Int(box.y1), ty0 + th - 1)
                        let rank = RowIndex(repeating: Int32(k - start))
                        k -= 1
                        if xa > xb || ya > yb { continue }
                        let m = means[g], q = conics[g], o = opacities[g], c = colors[g]
                        let inBox = TileRow.columns(xa - tx0, xb - tx0)
                        let dx = TileRow.lanes + (Float(tx0) + 0.5 - m.x)
                        let halfADx2 = 0.5 * q.x * dx * dx
                        var gR = Row.zero, gG = Row.zero, gB = Row.zero, gO = Row.zero
                        var gA = Row.zero, gBc = Row.zero, gC = Row.zero, gMx = Row.zero, gMy = Row.zero
                        for y in ya...yb {
                            let r = y - ty0
                            let dy = Float(y) + 0.5 - m.y
                            let power = TileRow.power(halfADx2: halfADx2, dx: dx, b: q.y, c: q.z, dy: dy)
                            let gauss = TileRow.exp(-power)
                            let raw = o * gauss
                            let alpha = raw.replacing(with: maxAlpha, where: raw .> maxAlpha)
                            let live = inBox .& (rank .< last[r]) .& (alpha .>= threshold) .& (power .>= 0)
                            if !any(live) { continue }
                            let oneMinus = 1 - alpha
                            let t = trans[r] / oneMinus
                            let weight = (alpha * t).replacing(with: 0, where: .!live)
                            gR += weight * dR[r]; gG += weight * dG[r]; gB += weight * dB[r]
                            var dAlpha = t * ((c.x - bR[r]) * dR[r] + (c.y - bG[r]) * dG[r] + (c.z - bB[r]) * dB[r])
                            if hasAlpha { dAlpha += dA[r] * tFinal[r] / oneMinus }
                            bR[r] = bR[r].replacing(with: alpha * c.x + oneMinus * bR[r], where: live)
                            bG[r] = bG[r].replacing(with: alpha * c.y + oneMinus * bG[r], where: live)
                            bB[r] = bB[r].replacing(with: alpha * c.z + oneMinus * bB[r], where: live)
                            trans[r] = trans[r].replacing(with: t, where: live)
                            // The clamp at maxAlpha passes no gradient.
                            dAlpha.replace(with: 0, where: .!(live .& (raw .< maxAlpha)))
                            gO += gauss * dAlpha
                            let dPower = -alpha * dAlpha
                            gA += dPower * 0.5 * dx * dx; gBc += dPower * dx * dy; gC += dPower * (0.5 * dy * dy)
                            // σ depends on μ′ through d = pixel − μ′: ∂σ/∂μ′ = −Q·d.
                            gMx -= dPower * (q.x * dx + q.y * dy); gMy -= dPower * (q.y * dx + q.z * dy)
                        }
                        out[k + 1] = ScreenGradient(mean: SIMD2(gMx.sum(), gMy.sum()), conic: SIMD3(gA.sum(), gBc.sum(), gC.sum()),
                                                    opacity: gO.sum(), color: SIMD3(gR.sum(), gG.sum(), gB.sum()))
                    }
                }
                }
            }
        }}}}}}}}}}}}
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
