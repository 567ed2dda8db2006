import BeingSplat
import Foundation

/// Front-to-back alpha compositing of binned splats (Kerbl et al. 2023 §6; Zwicker et al. 2001):
///
///     αᵢ = min(0.99, oᵢ·exp(−½ dᵀQᵢd)),  Tᵢ = Πⱼ<ᵢ (1 − αⱼ),  C = Σᵢ cᵢαᵢTᵢ + T_final·bg
///
/// with d the pixel centre minus the splat's 2D mean and Qᵢ its conic. Work is split over 16×16
/// tiles, one `concurrentPerform` iteration each; a tile writes only its own pixels. Within a tile
/// the loop runs splat-major over each splat's pixel box, keeping per-pixel transmittance in a
/// stack buffer, so a small splat costs only the pixels it touches.
enum TileRasterizer {
    /// Per-pixel results of the forward pass.
    struct Images {
        var color: [Float]               // [H, W, 3]
        var alpha: [Float]               // [H, W]
        var depth: [Float]               // [H, W]
        var finalTransmittance: [Float]  // [H, W]
        /// How many entries of the pixel's tile list were composited (the last contributor + 1).
        var contributorCount: [Int32]    // [H, W]
    }

    static func forward(_ s: ProjectedSplats, _ bins: TileBinning, width: Int, height: Int,
                        options: RenderOptions, background: [Float]) -> Images {
        let pixels = width * height
        var images = Images(color: .init(repeating: 0, count: pixels * 3), alpha: .init(repeating: 0, count: pixels),
                            depth: .init(repeating: 0, count: pixels), finalTransmittance: .init(repeating: 0, count: pixels),
                            contributorCount: .init(repeating: 0, count: pixels))
        let out = (SharedPointer(&images.color), SharedPointer(&images.alpha), SharedPointer(&images.depth),
                   SharedPointer(&images.finalTransmittance), SharedPointer(&images.contributorCount))
        let maxAlpha = options.maxAlpha, threshold = options.alphaThreshold, stop = options.transmittanceStop
        let ts = TileBinning.tileSize
        s.means.withUnsafeBufferPointer { means in
        s.conics.withUnsafeBufferPointer { conics in
        s.opacities.withUnsafeBufferPointer { opacities in
        s.colors.withUnsafeBufferPointer { colors in
        s.depths.withUnsafeBufferPointer { depths in
        s.boxes.withUnsafeBufferPointer { boxes in
        bins.ids.withUnsafeBufferPointer { ids in
        bins.offsets.withUnsafeBufferPointer { offsets in
        background.withUnsafeBufferPointer { bg in
            parallelFor(bins.tileCount) { tile in
                let tx0 = (tile % bins.tilesX) * ts, ty0 = (tile / bins.tilesX) * ts
                let tw = min(ts, width - tx0), th = min(ts, height - ty0)
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 6 * 256) { scratch in
                    let trans = scratch.baseAddress!, acc = trans + 256, dep = trans + 1024, doneFlag = trans + 1280
                    for p in 0..<256 { trans[p] = 1; doneFlag[p] = 0; dep[p] = 0 }
                    for p in 0..<768 { acc[p] = 0 }
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { last in
                        for p in 0..<256 { last[p] = 0 }
                        let start = Int(offsets[tile]), end = Int(offsets[tile + 1])
                        var remaining = tw * th
                        var k = start
                        while k < end && remaining > 0 {
                            let g = Int(ids[k])
                            let box = boxes[g]
                            let xa = max(Int(box.x0), tx0), xb = min(Int(box.x1), tx0 + tw - 1)
                            let ya = max(Int(box.y0), ty0), yb = min(Int(box.y1), ty0 + th - 1)
                            let m = means[g], q = conics[g], o = opacities[g], c = colors[g], z = depths[g]
                            let rank = Int32(k - start + 1)
                            if xa <= xb && ya <= yb {
                                for y in ya...yb {
                                    let dy = Float(y) + 0.5 - m.y
                                    let row = (y - ty0) * ts - tx0
                                    let qyy = 0.5 * q.z * dy * dy
                                    for x in xa...xb {
                                        let p = row + x
                                        if doneFlag[p] != 0 { continue }
                                        let dx = Float(x) + 0.5 - m.x
                                        let power = 0.5 * q.x * dx * dx + q.y * dx * dy + qyy
                                        if power < 0 { continue }
                                        let alpha = min(maxAlpha, o * exp(-power))
                                        if alpha < threshold { continue }
                                        let t = trans[p]
                                        let next = t * (1 - alpha)
                                        if next < stop { doneFlag[p] = 1; remaining -= 1; continue }
                                        let weight = alpha * t
                                        acc[3 * p] += weight * c.x; acc[3 * p + 1] += weight * c.y; acc[3 * p + 2] += weight * c.z
                                        dep[p] += weight * z
                                        trans[p] = next
                                        last[p] = rank
                                    }
                                }
                            }
                            k += 1
                        }
                        for ly in 0..<th {
                            for lx in 0..<tw {
                                let p = ly * ts + lx, pix = (ty0 + ly) * width + tx0 + lx
                                let t = trans[p]
                                for ch in 0..<3 { out.0[3 * pix + ch] = acc[3 * p + ch] + t * bg[3 * pix + ch] }
                                out.1[pix] = 1 - t; out.2[pix] = dep[p]; out.3[pix] = t; out.4[pix] = last[p]
                            }
                        }
                    }
                }
            }
        }}}}}}}}}
        return images
    }
}
