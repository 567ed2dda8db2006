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
            parallelFor(bins.tileCount) { tile in
                let tx0 = (tile % bins.tilesX) * ts, ty0 = (tile / bins.tilesX) * ts
                let tw = min(ts, width - tx0), th = min(ts, height - ty0)
                let start = Int(offsets[tile]), end = Int(offsets[tile + 1])
                if start == end { return }
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * 256) { scratch in
                    let trans = scratch.baseAddress!, behind = trans + 256
                    for ly in 0..<th {
                        for lx in 0..<tw {
                            let p = ly * ts + lx, pix = (ty0 + ly) * width + tx0 + lx
                            trans[p] = finalT[pix]
                            for ch in 0..<3 { behind[3 * p + ch] = bg[3 * pix + ch] }
                        }
                    }
                    var k = end - 1
                    while k >= start {
                        let g = Int(ids[k])
                        let box = boxes[g]
                        let xa = max(Int(box.x0), tx0), xb = min(Int(box.x1), tx0 + tw - 1)
                        let ya = max(Int(box.y0), ty0), yb = min(Int(box.y1), ty0 + th - 1)
                        let m = means[g], q = conics[g], o = opacities[g], c = colors[g]
                        let rank = Int32(k - start)
                        var grad = ScreenGradient()
                        if xa <= xb && ya <= yb {
                            for y in ya...yb {
                                let dy = Float(y) + 0.5 - m.y
                                let row = (y - ty0) * ts - tx0
                                let rowPix = y * width
                                let qyy = 0.5 * q.z * dy * dy
                                for x in xa...xb {
                                    let pix = rowPix + x
                                    if rank >= lastCount[pix] { continue }
                                    let dx = Float(x) + 0.5 - m.x
                                    let power = 0.5 * q.x * dx * dx + q.y * dx * dy + qyy
                                    if power < 0 { continue }
                                    let gauss = exp(-power)
                                    let raw = o * gauss
                                    let alpha = min(maxAlpha, raw)
                                    if alpha < threshold { continue }
                                    let p = row + x
                                    let oneMinus = 1 - alpha
                                    let t = trans[p] / oneMinus
                                    let dC = SIMD3(dColor[3 * pix], dColor[3 * pix + 1], dColor[3 * pix + 2])
                                    let b = SIMD3(behind[3 * p], behind[3 * p + 1], behind[3 * p + 2])
                                    grad.color += (alpha * t) * dC
                                    var dAlpha = t * ((c - b) * dC).sum()
                                    if hasAlpha { dAlpha += dAlphaOut[pix] * finalT[pix] / oneMinus }
                                    let nb = alpha * c + oneMinus * b
                                    behind[3 * p] = nb.x; behind[3 * p + 1] = nb.y; behind[3 * p + 2] = nb.z
                                    trans[p] = t
                                    if raw < maxAlpha {  // the clamp passes no gradient
                                        grad.opacity += gauss * dAlpha
                                        let dPower = -alpha * dAlpha
                                        grad.conic += dPower * SIMD3(0.5 * dx * dx, dx * dy, 0.5 * dy * dy)
                                        // σ depends on μ′ through d = pixel − μ′: ∂σ/∂μ′ = −Q·d.
                                        grad.mean -= dPower * SIMD2(q.x * dx + q.y * dy, q.y * dx + q.z * dy)
                                    }
                                }
                            }
                        }
                        out[k] = grad
                        k -= 1
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
