import BeingSplat
import Foundation

/// Front-to-back alpha compositing of binned splats (Kerbl et al. 2023 §6; Zwicker et al. 2001):
///
///     αᵢ = min(0.99, oᵢ·exp(−½ dᵀQᵢd)),  Tᵢ = Πⱼ<ᵢ (1 − αⱼ),  C = Σᵢ cᵢαᵢTᵢ + T_final·bg
///
/// with d the pixel centre minus the splat's 2D mean and Qᵢ its conic. Work is split over 16×16
/// tiles, one `concurrentPerform` iteration each; a tile writes only its own pixels. Within a tile
/// the loop runs splat-major over the rows of each splat's pixel box, each row a 16-lane vector
/// (`TileRow`), with per-pixel transmittance kept in stack buffers, so a splat costs only the
/// rows it touches and every pixel's recurrence runs in its own lane.
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
            let uniformBackground = bg.count == 3
            parallelFor(bins.tileCount) { tile in
                let tx0 = (tile % bins.tilesX) * ts, ty0 = (tile / bins.tilesX) * ts
                let tw = min(ts, width - tx0), th = min(ts, height - ty0)
                // Per-row state, [16] rows of 16 lanes: transmittance, colour, depth, done, last rank.
                withUnsafeTemporaryAllocation(of: Row.self, capacity: 6 * ts) { scratch in
                withUnsafeTemporaryAllocation(of: RowIndex.self, capacity: 2 * ts) { ints in
                    let trans = scratch.baseAddress!, red = trans + ts, green = trans + 2 * ts, blue = trans + 3 * ts
                    let dep = trans + 4 * ts
                    let done = ints.baseAddress!, last = done + ts
                    for r in 0..<ts {
                        trans[r] = Row(repeating: 1); red[r] = .zero; green[r] = .zero; blue[r] = .zero; dep[r] = .zero
                        done[r] = .zero; last[r] = .zero
                    }
                    let start = Int(offsets[tile]), end = Int(offsets[tile + 1])
                    var remaining = tw * th
                    var k = start
                    while k < end && remaining > 0 {
                        let g = Int(ids[k])
                        let box = boxes[g]
                        let xa = max(Int(box.x0), tx0), xb = min(Int(box.x1), tx0 + tw - 1)
                        let ya = max(Int(box.y0), ty0), yb = min(Int(box.y1), ty0 + th - 1)
                        k += 1
                        if xa > xb || ya > yb { continue }
                        let m = means[g], q = conics[g], o = opacities[g], c = colors[g], z = depths[g]
                        let rank = RowIndex(repeating: Int32(k - start))
                        let inBox = TileRow.columns(xa - tx0, xb - tx0)
                        let dx = TileRow.lanes + (Float(tx0) + 0.5 - m.x)
                        let halfADx2 = 0.5 * q.x * dx * dx
                        for y in ya...yb {
                            let r = y - ty0
                            let power = TileRow.power(halfADx2: halfADx2, dx: dx, b: q.y, c: q.z, dy: Float(y) + 0.5 - m.y)
                            let raw = o * TileRow.exp(-power)
                            let alpha = raw.replacing(with: maxAlpha, where: raw .> maxAlpha)
                            var live = inBox .& (done[r] .== 0) .& (alpha .>= threshold) .& (power .>= 0)
                            if !any(live) { continue }
                            let t = trans[r]
                            let next = t * (1 - alpha)
                            let stopping = live .& (next .< stop)
                            if any(stopping) {
                                done[r].replace(with: 1, where: stopping)
                                remaining -= TileRow.count(stopping)
                                live = live .& .!stopping
                            }
                            let weight = (alpha * t).replacing(with: 0, where: .!live)
                            red[r] += weight * c.x; green[r] += weight * c.y; blue[r] += weight * c.z
                            dep[r] += weight * z
                            trans[r] = t.replacing(with: next, where: live)
                            last[r].replace(with: rank, where: live)
                        }
                    }
                    for ly in 0..<th {
                        for lx in 0..<tw {
                            let pix = (ty0 + ly) * width + tx0 + lx
                            let t = trans[ly][lx]
                            let b = uniformBackground ? 0 : 3 * pix
                            out.0[3 * pix] = red[ly][lx] + t * bg[b]
                            out.0[3 * pix + 1] = green[ly][lx] + t * bg[b + 1]
                            out.0[3 * pix + 2] = blue[ly][lx] + t * bg[b + 2]
                            out.1[pix] = 1 - t; out.2[pix] = dep[ly][lx]; out.3[pix] = t; out.4[pix] = last[ly][lx]
                        }
                    }
                }
                }
            }
        }}}}}}}}}
        return images
    }
}
