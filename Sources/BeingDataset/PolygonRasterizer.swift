/// Fills polygons into 8-bit masks. Pixel (x, y) is inside when its centre (x + 0.5, y + 0.5) is
/// inside the polygon by the even-odd rule, the same convention as the renderer's.
public enum PolygonRasterizer {
    /// Sets `bits` in every pixel of `mask` ([height, width]) whose centre lies inside `polygon`.
    /// - Parameter polygon: vertices in pixel coordinates, in order, closed implicitly.
    public static func fill(_ polygon: [SIMD2<Double>], bits: UInt8, into mask: inout [UInt8], width: Int, height: Int) {
        guard polygon.count >= 3 else { return }
        let ys = polygon.map(\.y)
        let top = max(0, Int((ys.min()! - 0.5).rounded(.up)))
        let bottom = min(height - 1, Int((ys.max()! - 0.5).rounded(.down)))
        guard top <= bottom else { return }
        var crossings: [Double] = []
        for y in top...bottom {
            let cy = Double(y) + 0.5
            crossings.removeAll(keepingCapacity: true)
            for i in polygon.indices {
                let a = polygon[i], b = polygon[(i + 1) % polygon.count]
                // Half-open rule on y so a vertex shared by two edges counts once.
                if (a.y <= cy) != (b.y <= cy) {
                    crossings.append(a.x + (cy - a.y) / (b.y - a.y) * (b.x - a.x))
                }
            }
            crossings.sort()
            var k = 0
            while k + 1 < crossings.count {
                // Pixel x is inside when x + 0.5 lies in [left, right).
                let first = max(0, Int((crossings[k] - 0.5).rounded(.up)))
                let last = min(width - 1, Int((crossings[k + 1] - 0.5).rounded(.up)) - 1)
                if first <= last {
                    for x in first...last { mask[y * width + x] |= bits }
                }
                k += 2
            }
        }
    }
}
