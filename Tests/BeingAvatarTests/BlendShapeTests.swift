import BeingAvatar
import BeingSplat
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

    /// c′ = c + C·e (the constant colour values) and o′ = o + O·e against a slow loop, for RGB and
    /// SH colours, and dL/dA against central differences of L = w_c·c′ + w_o·o′ for random w.
    @Test(arguments: [ColorEncoding.rgb, .sphericalHarmonics1])
    func appearanceMatchesSlowAndNumericVersions(encoding: ColorEncoding) {
        var rng = SeededRandom(seed: 5)
        let n = 6, k = 4, width = encoding.width
        var gaussians = SplatParameters(count: n, colorEncoding: encoding)
        gaussians.colors = rng.uniforms(n * width, -1, 1)
        gaussians.opacities = rng.uniforms(n, -2, 2)
        let shapes = rng.uniforms(n * AppearanceShapes.rows * k, -0.5, 0.5), code = rng.uniforms(k, -2, 2)
        func posed(_ a: [Float]) -> SplatParameters {
            var out = gaussians
            AppearanceShapes.apply(&out, shapes: a, code: code)
            return out
        }
        let out = posed(shapes)
        for i in 0..<n {
            for row in 0..<AppearanceShapes.rows {
                var delta: Float = 0
                for j in 0..<k { delta += shapes[(i * AppearanceShapes.rows + row) * k + j] * code[j] }
                let got = row < 3 ? out.colors[i * width + row] - gaussians.colors[i * width + row] : out.opacities[i] - gaussians.opacities[i]
                #expect(abs(got - delta) < 1e-5)
            }
            for c in 3..<width { #expect(out.colors[i * width + c] == gaussians.colors[i * width + c], "only the constant colour moves") }
        }
        let wColors = rng.uniforms(n * width, -1, 1), wOpacities = rng.uniforms(n, -1, 1)
        var gradient = [Float](repeating: 0, count: shapes.count)
        AppearanceShapes.accumulateGradient(&gradient, colors: wColors, opacities: wOpacities, code: code)
        var report = FiniteDifference.Report()
        for index in shapes.indices {
            let numeric = FiniteDifference.central(shapes, index: index, step: 1e-2) { a in
                let p = posed(a)
                return zip(p.colors, wColors).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                    + zip(p.opacities, wOpacities).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            }
            report.add(index: index, analytic: Double(gradient[index]), numeric: numeric, atol: 1e-3, rtol: 1e-3)
        }
        #expect(report.passed, "\(report)")
    }
}
