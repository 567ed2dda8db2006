@testable import BeingAvatar
import BeingTesting
import Testing

struct MotionSmoothingTests {
    /// The k nearest points of each point's own group against a full sort of its distances, on
    /// random points.
    @Test func nearestNeighboursMatchAFullSort() {
        var rng = SeededRandom(seed: 11)
        let n = 60, k = MotionSmoothing.neighbourCount, groups = [0..<45, 45..<n]
        let points = rng.uniforms(n * 3, -1, 1)
        let found = MotionSmoothing.nearest(points, groups: groups, k: k)
        for group in groups {
            for i in group {
                func distance(_ j: Int) -> Float { (0..<3).reduce(0) { $0 + (points[i * 3 + $1] - points[j * 3 + $1]) * (points[i * 3 + $1] - points[j * 3 + $1]) } }
                let sorted = group.filter { $0 != i }.sorted { distance($0) < distance($1) }.prefix(k)
                #expect(found[(i * k)..<(i * k + k)].map(Int.init) == Array(sorted), "point \(i)")
            }
        }
    }

    /// One pull against the formula written out, on random shapes: Bᵢ − s·(Dᵢ − mean of the
    /// neighbours' D) where the row and column are smoothed and the row is trained, Bᵢ elsewhere.
    @Test func onePullMatchesTheFormula() {
        var rng = SeededRandom(seed: 12)
        let n = 30, width = 3 * 4, k = MotionSmoothing.neighbourCount, strength: Float = 0.3
        let initial = rng.uniforms(n * width, -1, 1), shapes = rng.uniforms(n * width, -1, 1)
        let neighbours = (0..<(n * k)).map { _ in Int32(rng.uniforms(1, 0, Float(n) - 0.01)[0]) }
        let columns = (0..<width).map { $0 % 4 != 3 }, rows = (0..<n).map { $0 % 5 != 0 }
        let smoothing = MotionSmoothing(strength: strength, initial: initial, neighbours: neighbours, smoothedColumns: columns, smoothedRows: rows)
        var pulled = shapes
        let trained = 3..<25
        smoothing.apply(&pulled, rows: trained)
        for i in 0..<n {
            for c in 0..<width {
                var expected = shapes[i * width + c]
                if trained.contains(i) && rows[i] && columns[c] {
                    let mean = (0..<k).reduce(Float(0)) { s, m in
                        let j = Int(neighbours[i * k + m]); return s + shapes[j * width + c] - initial[j * width + c]
                    } / Float(k)
                    expected -= strength * (shapes[i * width + c] - initial[i * width + c] - mean)
                }
                #expect(abs(pulled[i * width + c] - expected) < 1e-5, "row \(i), column \(c)")
            }
        }
        // A change shared by every Gaussian is already smooth: nothing moves.
        let shift = rng.uniforms(width, -1, 1)
        let shared = (0..<(n * width)).map { initial[$0] + shift[$0 % width] }
        var unchanged = shared
        smoothing.apply(&unchanged, rows: 0..<n)
        #expect(zip(unchanged, shared).allSatisfy { abs($0 - $1) < 1e-5 })
    }
}
