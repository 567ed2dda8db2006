import BeingSplat
import BeingSplatTraining
import BeingTesting
import Foundation
import Testing

struct TrainingTests {
    /// L1 and D-SSIM gradients, plain and masked, against central differences on random images.
    @Test(arguments: [false, true])
    func lossGradientsMatchCentralDifferences(masked: Bool) {
        let (w, h) = (19, 14)
        var rng = SeededRandom(seed: masked ? 31 : 30)
        let x = rng.uniforms(w * h * 3, 0.05, 0.95), y = rng.uniforms(w * h * 3, 0.05, 0.95)
        let mask: [Bool]? = masked ? (0..<(w * h)).map { _ in rng.uniform(0, 1) < 0.6 } : nil
        let ssim = ImageLoss.dssim(x, y, width: w, height: h, mask: mask)
        let l1 = ImageLoss.l1(x, y, mask: mask)
        var reportS = FiniteDifference.Report(), reportL = FiniteDifference.Report()
        let scaleS = Double(ssim.gradient.map(abs).max()!), scaleL = Double(l1.gradient.map(abs).max()!)
        for i in stride(from: 0, to: x.count, by: 7) {
            let ns = FiniteDifference.central(x, index: i, step: 1e-3) { ImageLoss.dssim($0, y, width: w, height: h, mask: mask).value }
            reportS.add(index: i, analytic: Double(ssim.gradient[i]), numeric: ns, atol: 0.01 * scaleS, rtol: 0.01)
            // |x − y| is smooth away from x = y; the random images keep a margin above the step.
            if abs(x[i] - y[i]) > 2e-3 {
                let nl = FiniteDifference.central(x, index: i, step: 1e-3) { ImageLoss.l1($0, y, mask: mask).value }
                reportL.add(index: i, analytic: Double(l1.gradient[i]), numeric: nl, atol: 0.01 * scaleL, rtol: 0.01)
            }
        }
        #expect(reportS.passed, "D-SSIM: \(reportS)")
        #expect(reportL.passed, "L1: \(reportL)")
        #expect(ssim.value > 0.1 && l1.value > 0.1, "random images are far apart")
        // Masked L1: pixels outside the mask get no gradient. (D-SSIM may: their values enter the
        // windows of counted pixels.)
        if let mask {
            for p in 0..<(w * h) where !mask[p] { #expect(l1.gradient[3 * p] == 0) }
        }
        // Identical images: SSIM = 1.
        #expect(abs(ImageLoss.dssim(x, x, width: w, height: h).value) < 1e-5)
    }

    /// Densification never grows past the cap and prunes transparent Gaussians.
    @Test func densificationRespectsTheCap() {
        var rng = SeededRandom(seed: 8)
        let n = 500
        var p = SplatParameters(count: n)
        p.means = rng.uniforms(3 * n, -1, 1)
        p.scales = (0..<(3 * n)).map { _ in log(rng.uniform(0.003, 0.025)) }
        p.rotations = rng.uniforms(4 * n, -1, 1)
        p.opacities = (0..<n).map { $0 % 10 == 0 ? -8 : rng.uniform(-1, 2) }  // every tenth nearly transparent
        p.colors = rng.uniforms(3 * n, 0, 1)
        var adam = AdamOptimizer(configuration: .gaussianSplatting(sceneExtent: 2, steps: 100), like: p)
        var stats = DensificationStatistics(count: n)
        stats.gradientSum = rng.uniforms(n, 0, 1); stats.views = .init(repeating: 1, count: n)
        let config = DensificationConfiguration(gradientThreshold: 0.1, sceneExtent: 2, maxGaussians: 600)
        let report = Densifier.step(&p, &adam, stats, config, seed: 1)
        #expect(report.pruned == 50)
        #expect(p.count == 600 && report.count == 600, "count \(p.count)")
        #expect(report.cloned > 0 && report.split > 0)
        #expect(adam.firstMoment.count == p.count && adam.secondMoment.count == p.count)
        #expect(throws: Never.self) { try p.validate() }
        // With no budget left nothing is added, and the step still returns.
        let again = Densifier.step(&p, &adam, DensificationStatistics(count: p.count), config, seed: 2)
        #expect(again.count <= 600)
    }
}
