/// Delaunay triangulation of points in the plane (Bowyer–Watson, O(n²)): for meshes of a few
/// thousand points at most, such as a face mesh seen from the front.
public enum Delaunay {
    /// - Parameter points: [P] distinct points.
    /// - Returns: triangles as index triples into `points`, counter-clockwise.
    public static func triangulate(_ points: [SIMD2<Double>]) -> [(Int, Int, Int)] {
        guard points.count >= 3 else { return [] }
        let lower = points.reduce(points[0]) { pointwiseMin($0, $1) }, upper = points.reduce(points[0]) { pointwiseMax($0, $1) }
        let centre = (lower + upper) / 2, span = max(upper.x - lower.x, upper.y - lower.y) * 2000 + 1
        var vertices = points
        vertices += [centre + SIMD2(-span, -span), centre + SIMD2(span, -span), centre + SIMD2(0, span)]
        let p = points.count
        struct Triangle { var a, b, c: Int; var centre: SIMD2<Double>; var radius2: Double }
        func make(_ a: Int, _ b: Int, _ c: Int) -> Triangle {
            let (pa, pb, pc) = (vertices[a], vertices[b], vertices[c])
            let d = 2 * (pa.x * (pb.y - pc.y) + pb.x * (pc.y - pa.y) + pc.x * (pa.y - pb.y))
            let sa = (pa * pa).sum(), sb = (pb * pb).sum(), sc = (pc * pc).sum()
            let centre = SIMD2((sa * (pb.y - pc.y) + sb * (pc.y - pa.y) + sc * (pa.y - pb.y)) / d,
                               (sa * (pc.x - pb.x) + sb * (pa.x - pc.x) + sc * (pb.x - pa.x)) / d)
            let r = pa - centre
            // Counter-clockwise order: positive signed area.
            let cross = (pb.x - pa.x) * (pc.y - pa.y) - (pb.y - pa.y) * (pc.x - pa.x)
            return cross >= 0 ? Triangle(a: a, b: b, c: c, centre: centre, radius2: (r * r).sum())
                              : Triangle(a: a, b: c, c: b, centre: centre, radius2: (r * r).sum())
        }
        var triangles = [make(p, p + 1, p + 2)]
        for i in 0..<p {
            let q = vertices[i]
            var edges: [(Int, Int)] = []
            var kept: [Triangle] = []
            kept.reserveCapacity(triangles.count + 2)
            for t in triangles {
                let d = q - t.centre
                if (d * d).sum() < t.radius2 * (1 + 1e-12) {
                    edges += [(t.a, t.b), (t.b, t.c), (t.c, t.a)]
                } else {
                    kept.append(t)
                }
            }
            // The cavity's boundary: edges that belong to exactly one removed triangle.
            var boundary: [(Int, Int)] = []
            for (k, e) in edges.enumerated() {
                let shared = edges.indices.contains { $0 != k && edges[$0].0 == e.1 && edges[$0].1 == e.0 }
                if !shared { boundary.append(e) }
            }
            for e in boundary { kept.append(make(e.0, e.1, i)) }
            triangles = kept
        }
        return triangles.filter { $0.a < p && $0.b < p && $0.c < p }.map { ($0.a, $0.b, $0.c) }
    }

    /// Whether `q` lies inside the polygon (even–odd rule).
    public static func contains(_ polygon: [SIMD2<Double>], _ q: SIMD2<Double>) -> Bool {
        var inside = false
        var j = polygon.count - 1
        for i in polygon.indices {
            let (a, b) = (polygon[i], polygon[j])
            if (a.y > q.y) != (b.y > q.y), q.x < (b.x - a.x) * (q.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }
}
