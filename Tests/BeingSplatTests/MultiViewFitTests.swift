import BeingSplat
import BeingSplatCPU
import BeingSplatTraining
import BeingTesting
import Foundation
import Testing

/// Fit a synthetic 3D scene of random Gaussians from 20 views and check 5 held-out views: this
/// needs correct 3D gradients (means, covariances, view-dependent terms), not just 2D ones.
struct MultiViewFitTests {
    /// Cameras on a sphere of radius 4 around the origin, golden-angle spiral, all looking at it.
    static func cameras(_ count: Int, size: Int) -> [Camera] {
        (0..<count).map { i in
            let y = 0.8 - 1.6 * (Float(i) + 0.5) / Float(count)
            let r = (1 - y * y).squareRoot(), phi = Float(i) * 2.399_963
            let eye = 4 * SIMD3(r * cos(phi), y, r * sin(phi))
            return Camera.lookAt(eye: eye, target: .zero, focal: Float(size) * 1.2, width: size, height: size)
        }
    }

    @Test func fitsSyntheticSceneAndGeneralises() throws {
        let size = 64
        var rng = SeededRandom(seed: 77)
        let truthCount = 120
        var truth = SplatParameters(count: truthCount)
        truth.means = (0..<(3 * truthCount)).map { _ in rng.uniform(-0.8, 0.8) }
        truth.scales = (0..<(3 * truthCount)).map { _ in log(rng.uniform(0.05, 0.2)) }
        truth.rotations = rng.uniforms(4 * truthCount, -1, 1)
        truth.opacities = rng.uniforms(truthCount, 0, 3)
        truth.colors = rng.uniforms(3 * truthCount, 0, 1)
        let backend = CPUSplatBackend()
        let options = RenderOptions(background: .color(SIMD3(0.1, 0.1, 0.1)))
        let all = Self.cameras(25, size: size)
        let views = try all.map { TrainingView(camera: $0, target: try backend.forward(truth, camera: $0, options: options).output.color) }
        // Every fifth camera is held out; the rest train.
        let heldOut = views.enumerated().filter { $0.offset % 5 == 2 }.map(\.element)
        let training = views.enumerated().filter { $0.offset % 5 != 2 }.map(\.element)
        #expect(training.count == 20 && heldOut.count == 5)

        let n = 300
        var p = SplatParameters(count: n)
        p.means = (0..<(3 * n)).map { _ in rng.uniform(-1, 1) }
        p.scales = (0..<(3 * n)).map { _ in log(rng.uniform(0.03, 0.08)) }
        p.rotations = rng.uniforms(4 * n, -1, 1)
        p.opacities = rng.uniforms(n, -1, 1)
        p.colors = rng.uniforms(3 * n, 0, 1)
        let iterations = 5000
        let adam = AdamConfiguration(schedules: [
            .means: .exponential(initial: 2e-3, final: 2e-5, steps: iterations), .scales: .constant(1e-2),
            .rotations: .constant(5e-3), .opacities: .constant(5e-2), .colors: .constant(1e-2),
        ])
        // No densification: from 20 views, split and cloned Gaussians fitted the training views and
        // not the held-out ones (a 2000 cap: worst training view 41.4 dB, held-out 34.1 dB); the 300
        // initial Gaussians alone reach 40.3 and 40.0 dB.
        var fitter = SplatFitter(backend: backend, parameters: p, adam: adam, densification: nil, options: options)
        try fitter.fit(training, FitSchedule(iterations: iterations, ssimWeight: 0, resetOpacityEvery: 0))
        var worst = Double.infinity
        for view in heldOut {
            let out = try backend.forward(fitter.parameters, camera: view.camera, options: options).output
            worst = min(worst, ImageLoss.psnr(out.color, view.target))
        }
        print("multi-view fit: worst held-out PSNR \(worst) dB with \(fitter.parameters.count) Gaussians")
        #expect(worst >= 35, "worst held-out PSNR \(worst) dB")
    }
}
