import BeingSplat
import BeingSplatRaster

/// The per-entry passes around compositing that do not depend on its vector width: gathering
/// each tile list's splats before it, summing each entry's gradient into its splat's after it.
enum TileLists {
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
