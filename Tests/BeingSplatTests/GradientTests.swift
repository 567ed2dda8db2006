import BeingSplat
import BeingSplatCPU
import BeingTesting
import Foundation
import Testing

/// Every parameter group's analytic gradient against central differences of a random weighted
/// loss L = Σ w·C + Σ v·A over colour C and alpha A, on small random scenes.
///
/// Tolerance: |analytic − numeric| ≤ atol + 0.5%·|numeric|, with atol = 0.2% of the group’s largest
/// numeric gradient. The loss is summed in Double but the render is Float32, so the numeric value
/// carries a rounding error of about 1e-7·|L|/h; the step h = 2e-3 keeps that and the O(h²)
/// truncation error both under the band.
struct GradientTests {
    static let configurations: [(ScaleActivation, ColorEncoding)] = [
        (.exponential, .rgb), (.softplus, .sphericalHarmonics1),
    ]

    @Test(arguments: [0, 1], CompositingWidth.allCases.filter(\.isSupported))
    func everyGroupMatchesCentralDifferences(configuration: Int, lanes: CompositingWidth) throws {
        let (activation, encoding) = Self.configurations[configuration]
        let backend = CPUSplatBackend(compositing: lanes)
        let camera = SplatScenes.camera()
        let params = SplatScenes.random(count: 10, seed: 7 + UInt64(configuration), scaleActivation: activation,
                                        colorEncoding: encoding)
        var rng = SeededRandom(seed: 99)
        let pixels = camera.width * camera.height
        let options = SplatScenes.smoothOptions(background: .image(rng.uniforms(pixels * 3, 0, 1)))
        let colorWeights = rng.uniforms(pixels * 3, -1, 1)  // [H, W, 3]
        let alphaWeights = rng.uniforms(pixels, -1, 1)      // [H, W]

        func loss(_ p: SplatParameters) throws -> Double {
            let out = try backend.forward(p, camera: camera, options: options).output
            var sum = 0.0
            for i in out.color.indices { sum += Double(colorWeights[i]) * Double(out.color[i]) }
            for i in out.alpha.indices { sum += Double(alphaWeights[i]) * Double(out.alpha[i]) }
            return sum
        }

        let context = try backend.forward(params, camera: camera, options: options)
        #expect(context.output.visible.filter { $0 }.count == params.count, "the scene is meant to be fully visible")
        let grads = try backend.backward(context, colorGradient: colorWeights, alphaGradient: alphaWeights)

        for group in ParameterGroup.allCases {
            let values = params[group]
            var numeric = [Double](repeating: 0, count: values.count)
            for i in values.indices {
                numeric[i] = try FiniteDifference.central(values, index: i, step: 2e-3) { x in
                    var p = params
                    p[group] = x
                    return try loss(p)
                }
            }
            let scale = numeric.map(abs).max() ?? 0
            #expect(scale > 1e-3, "\(group): the loss must depend on this group")
            var report = FiniteDifference.Report()
            for i in values.indices {
                report.add(index: i, analytic: Double(grads[group][i]), numeric: numeric[i], atol: 0.002 * scale, rtol: 0.005)
            }
            #expect(report.passed, "\(group) (\(activation), \(encoding)): \(report)")
        }
    }

    /// The same inputs give bitwise the same gradients, whatever the thread schedule.
    @Test func backwardIsDeterministic() throws {
        let backend = CPUSplatBackend()
        let camera = SplatScenes.camera()
        let params = SplatScenes.random(count: 200, seed: 3)
        var rng = SeededRandom(seed: 5)
        let dColor = rng.uniforms(camera.width * camera.height * 3, -1, 1)
        var first: SplatGradients?
        for _ in 0..<4 {
            let context = try backend.forward(params, camera: camera, options: RenderOptions())
            let grads = try backend.backward(context, colorGradient: dColor, alphaGradient: nil)
            if let first { #expect(grads == first) } else { first = grads }
        }
        #expect(first!.means.contains { $0 != 0 })
    }
}
