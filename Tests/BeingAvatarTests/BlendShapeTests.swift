import BeingAvatar
import BeingTesting
import Testing

struct BlendShapeTests {
    /// μ′ = μ + B·e against a slow triple loop, and dL/dB against central differences of
    /// L = w·μ′ for random w, on random non-zero inputs.
    @Test func applyAndGradientMatchSlowAndNumericVersions() {
        var rng = SeededRandom(seed: 3)
        let n = 7, k = 5
        let means = rng.uniforms(n * 3, -1, 1), shapes = rng.uniforms(n * 3 * k, -0.5, 0.5), code = rng.uniforms(k, -2, 2)
        let moved = BlendShapes.apply(means: means, blendShapes: shapes, code: code)
        for i in 0..<n {
            for a in 0..<3 {
                var slow = means[i * 3 + a]
                for j in 0..<k { slow += shapes[(i * 3 + a) * k + j] * code[j] }
                #expect(abs(moved[i * 3 + a] - slow) < 1e-5)
            }
        }
        let w = rng.uniforms(n * 3, -1, 1)
        var gradient = [Float](repeating: 0, count: shapes.count)
        BlendShapes.accumulateGradient(&gradient, meanGradient: w, code: code)
        var report = FiniteDifference.Report()
        for index in shapes.indices {
            let numeric = FiniteDifference.central(shapes, index: index, step: 1e-2) { b in
                zip(BlendShapes.apply(means: means, blendShapes: b, code: code), w).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
            report.add(index: index, analytic: Double(gradient[index]), numeric: numeric, atol: 1e-3, rtol: 1e-3)
        }
        #expect(report.passed, "\(report)")
    }
}
