import BeingMath
import BeingSplat

/// One training view: a camera and the picture it should see.
public struct TrainingView: Sendable {
    public var camera: Camera
    public var target: [Float]  // [H, W, 3] linear RGB in [0, 1]
    public var mask: [Bool]?    // [H, W], pixels counted by the loss

    public init(camera: Camera, target: [Float], mask: [Bool]? = nil) {
        self.camera = camera; self.target = target; self.mask = mask
    }
}

/// The schedule of a fit: iterations, loss mix, densification window.
public struct FitSchedule: Sendable {
    public var iterations: Int
    /// λ in (1 − λ)·L1 + λ·D-SSIM (Kerbl et al. use 0.2); 0 skips the SSIM cost.
    public var ssimWeight: Float
    public var densifyFrom: Int
    public var densifyUntil: Int
    public var densifyEvery: Int
    /// Opacity reset period (0: never).
    public var resetOpacityEvery: Int

    public init(iterations: Int, ssimWeight: Float = 0.2, densifyFrom: Int = 500, densifyUntil: Int = 15_000,
                densifyEvery: Int = 100, resetOpacityEvery: Int = 3000) {
        self.iterations = iterations; self.ssimWeight = ssimWeight; self.densifyFrom = densifyFrom
        self.densifyUntil = densifyUntil; self.densifyEvery = densifyEvery; self.resetOpacityEvery = resetOpacityEvery
    }
}

/// A plain 3DGS training loop over any backend: views in a seeded shuffled order, loss, backward,
/// Adam, and densification at the scheduled steps. It sees only the `SplatBackend` protocol.
public struct SplatFitter<Backend: SplatBackend> {
    public let backend: Backend
    public var parameters: SplatParameters
    public var optimizer: AdamOptimizer
    public var densification: DensificationConfiguration?
    public var options: RenderOptions
    public private(set) var reports: [DensificationReport] = []

    public init(backend: Backend, parameters: SplatParameters, adam: AdamConfiguration,
                densification: DensificationConfiguration?, options: RenderOptions) {
        self.backend = backend; self.parameters = parameters; self.densification = densification; self.options = options
        optimizer = AdamOptimizer(configuration: adam, like: parameters)
    }

    /// Runs the schedule; returns the last step's loss.
    @discardableResult
    public mutating func fit(_ views: [TrainingView], _ schedule: FitSchedule, seed: UInt64 = 1) throws -> Double {
        precondition(!views.isEmpty, "fit: no views")
        var stats = DensificationStatistics(count: parameters.count)
        var rng = SplitMix(state: seed)
        var order: [Int] = []
        var last = 0.0
        for step in 1...schedule.iterations {
            if order.isEmpty {
                order = Array(views.indices)
                for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            }
            let view = views[order.removeLast()]
            let context = try backend.forward(parameters, camera: view.camera, options: options)
            let out = context.output
            var loss = ImageLoss.l1(out.color, view.target, mask: view.mask)
            if schedule.ssimWeight > 0 {
                let d = ImageLoss.dssim(out.color, view.target, width: out.width, height: out.height, mask: view.mask)
                loss = LossValue.weighted(loss, 1 - schedule.ssimWeight, d, schedule.ssimWeight)
            }
            last = loss.value
            let gradients = try backend.backward(context, colorGradient: loss.gradient, alphaGradient: nil)
            optimizer.update(&parameters, with: gradients)
            guard let config = densification, step <= schedule.densifyUntil else { continue }
            stats.record(gradients, out)
            if step >= schedule.densifyFrom && step % schedule.densifyEvery == 0 {
                reports.append(Densifier.step(&parameters, &optimizer, stats, config, seed: seed &+ UInt64(step)))
                stats = DensificationStatistics(count: parameters.count)
            }
            if schedule.resetOpacityEvery > 0 && step % schedule.resetOpacityEvery == 0 {
                Densifier.resetOpacity(&parameters, &optimizer)
            }
        }
        return last
    }
}
