import BeingMath
import BeingTesting
import Testing

struct LinearAlgebraTests {
    /// A·v = λ·v for every returned pair, the vectors orthonormal, the values sorted.
    @Test func jacobiEigenpairsOfRandomSymmetricMatrices() {
        var rng = SeededRandom(seed: 11)
        for n in [1, 2, 5, 17] {
            var a = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in i..<n { let v = Double(rng.uniforms(1, -1, 1)[0]); a[i * n + j] = v; a[j * n + i] = v } }
            let (values, vectors) = SymmetricEigen.decompose(a, size: n)
            for k in 0..<n {
                for i in 0..<n {
                    var av = 0.0
                    for j in 0..<n { av += a[i * n + j] * vectors[k * n + j] }
                    #expect(abs(av - values[k] * vectors[k * n + i]) < 1e-9)
                }
                for l in 0..<n {
                    let dot = (0..<n).reduce(0.0) { $0 + vectors[k * n + $1] * vectors[l * n + $1] }
                    #expect(abs(dot - (k == l ? 1 : 0)) < 1e-9)
                }
                if k > 0 { #expect(values[k - 1] >= values[k]) }
            }
        }
    }

    /// Random points: no point inside any triangle's circumcircle, and the triangles tile the
    /// convex hull (their areas add up to the hull's).
    @Test func delaunayIsEmptyCircleAndTilesTheHull() {
        var rng = SeededRandom(seed: 5)
        let points = (0..<120).map { _ in SIMD2<Double>(Double(rng.uniforms(1, 0, 1)[0]), Double(rng.uniforms(1, 0, 1)[0])) }
        let triangles = Delaunay.triangulate(points)
        var area = 0.0
        for (a, b, c) in triangles {
            let (pa, pb, pc) = (points[a], points[b], points[c])
            let signed = ((pb.x - pa.x) * (pc.y - pa.y) - (pb.y - pa.y) * (pc.x - pa.x)) / 2
            #expect(signed > 0)
            area += signed
            for (i, q) in points.enumerated() where i != a && i != b && i != c {
                // In-circle determinant, positive when q is strictly inside (counter-clockwise triangle).
                let rows = [pa - q, pb - q, pc - q].map { SIMD3($0.x, $0.y, ($0 * $0).sum()) }
                let det = rows[0].x * (rows[1].y * rows[2].z - rows[1].z * rows[2].y)
                    - rows[0].y * (rows[1].x * rows[2].z - rows[1].z * rows[2].x)
                    + rows[0].z * (rows[1].x * rows[2].y - rows[1].y * rows[2].x)
                #expect(det < 1e-9)
            }
        }
        #expect(abs(area - hullArea(points)) < 1e-9)
    }

    /// Andrew's monotone chain.
    func hullArea(_ points: [SIMD2<Double>]) -> Double {
        let sorted = points.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        func cross(_ o: SIMD2<Double>, _ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double { (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x) }
        var lower: [SIMD2<Double>] = [], upper: [SIMD2<Double>] = []
        for p in sorted { while lower.count >= 2 && cross(lower[lower.count - 2], lower.last!, p) <= 0 { lower.removeLast() }; lower.append(p) }
        for p in sorted.reversed() { while upper.count >= 2 && cross(upper[upper.count - 2], upper.last!, p) <= 0 { upper.removeLast() }; upper.append(p) }
        let hull = Array(lower.dropLast() + upper.dropLast())
        return (0..<hull.count).reduce(0.0) { s, i in let (a, b) = (hull[i], hull[(i + 1) % hull.count]); return s + (a.x * b.y - b.x * a.y) / 2 }
    }
}
