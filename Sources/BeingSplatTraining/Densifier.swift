import BeingMath
import BeingSplat
import Foundation

/// When and how to grow and shrink the set of Gaussians (Kerbl et al. 2023, §5.2).
public struct DensificationConfiguration: Sendable {
    /// Mean ‖dL/dμ′‖ (pixels) over the views that saw a Gaussian, above which it is densified.
    /// Kerbl et al.'s 2e-4 is in NDC units, which is this times width/2.
    public var gradientThreshold: Float
    /// World extent of the scene; sizes below are fractions of it.
    public var sceneExtent: Float
    /// Gaussians whose largest scale is at most this × extent are cloned, larger ones split (0.01).
    public var percentDense: Float
    /// Prune below this opacity (0.005).
    public var minOpacity: Float
    /// Prune when the largest scale exceeds this × extent (0.1), if set.
    public var maxWorldScale: Float?
    /// Prune when the largest radius seen in pixels exceeds this (20), if set.
    public var maxScreenRadius: Float?
    /// The hard cap: a densification step never makes the count exceed it.
    public var maxGaussians: Int

    public init(gradientThreshold: Float, sceneExtent: Float, percentDense: Float = 0.01, minOpacity: Float = 0.005,
                maxWorldScale: Float? = 0.1, maxScreenRadius: Float? = nil, maxGaussians: Int) {
        self.gradientThreshold = gradientThreshold; self.sceneExtent = sceneExtent; self.percentDense = percentDense
        self.minOpacity = minOpacity; self.maxWorldScale = maxWorldScale; self.maxScreenRadius = maxScreenRadius
        self.maxGaussians = maxGaussians
    }
}

/// Per-Gaussian statistics accumulated between densification steps.
public struct DensificationStatistics: Sendable {
    public var gradientSum: [Float]  // [N] Σ over views of ‖dL/dμ′‖
    public var views: [Int32]        // [N] views in which the Gaussian was visible
    public var maxRadius: [Int32]    // [N] largest radius seen, pixels

    public init(count: Int) {
        gradientSum = .init(repeating: 0, count: count)
        views = .init(repeating: 0, count: count)
        maxRadius = .init(repeating: 0, count: count)
    }

    public mutating func record(_ gradients: SplatGradients, _ output: RenderOutput) {
        for i in gradientSum.indices where output.visible[i] {
            gradientSum[i] += gradients.imageMeanGradientNorms[i]
            views[i] += 1
            maxRadius[i] = max(maxRadius[i], output.radii[i])
        }
    }
}

/// What one densification step did.
public struct DensificationReport: Sendable, Equatable {
    public var cloned = 0, split = 0, pruned = 0
    public var count = 0
}

/// Clone, split, prune and opacity reset, applied to parameters and optimiser state together.
public enum Densifier {
    /// Prunes, then clones small and splits large Gaussians whose mean view-space gradient exceeds
    /// the threshold, largest gradients first, until the cap is reached: each clone or split adds
    /// exactly one Gaussian, so the count after is at most `maxGaussians` and the loop is bounded.
    /// A split replaces a Gaussian by two sampled from it, N(μ, Σ), with scales divided by 1.6.
    public static func step(_ p: inout SplatParameters, _ adam: inout AdamOptimizer, _ stats: DensificationStatistics,
                            _ config: DensificationConfiguration, seed: UInt64) -> DensificationReport {
        let n = p.count
        var report = DensificationReport()
        let maxScales = (0..<n).map { i in (0..<3).map { worldScale(p, i, $0) }.max()! }
        // 1. Prune.
        var keep: [Int] = []
        for i in 0..<n {
            let opacity = Activation.sigmoid(p.opacities[i])
            var drop = opacity < config.minOpacity
            if let m = config.maxWorldScale, maxScales[i] > m * config.sceneExtent { drop = true }
            if let r = config.maxScreenRadius, Float(stats.maxRadius[i]) > r { drop = true }
            if !drop { keep.append(i) }
        }
        report.pruned = n - keep.count
        // 2. Candidates among the survivors, by mean gradient, descending (index breaks ties).
        var candidates: [(index: Int, gradient: Float)] = []
        for i in keep where stats.views[i] > 0 {
            let g = stats.gradientSum[i] / Float(stats.views[i])
            if g > config.gradientThreshold { candidates.append((i, g)) }
        }
        candidates.sort { $0.gradient != $1.gradient ? $0.gradient > $1.gradient : $0.index < $1.index }
        let budget = max(0, config.maxGaussians - keep.count)
        candidates = Array(candidates.prefix(budget))
        // 3. Clone or split.
        var rng = SplitMix(state: seed)
        var splitSet = Set<Int>()
        var added = p.gathering([])
        for (i, _) in candidates {
            if maxScales[i] <= config.percentDense * config.sceneExtent {
                added.append(p.gathering([i]))
                report.cloned += 1
            } else {
                splitSet.insert(i)
                report.split += 1
                for _ in 0..<2 { added.append(sample(p, i, &rng)) }
            }
        }
        let survivors = keep.filter { !splitSet.contains($0) }
        p = p.gathering(survivors)
        adam.keep(survivors)
        p.append(added)
        adam.appendZeros(added.count)
        report.count = p.count
        return report
    }

    /// Sets every opacity to at most `value` (Kerbl et al. use 0.01 every 3000 steps), and
    /// clears those moments so Adam does not push them straight back.
    public static func resetOpacity(_ p: inout SplatParameters, _ adam: inout AdamOptimizer, to value: Float = 0.01) {
        let limit = Activation.logit(value)
        var changed: [Int] = []
        for i in 0..<p.count where p.opacities[i] > limit {
            p.opacities[i] = limit
            changed.append(i)
        }
        adam.resetMoments(.opacities, rows: changed)
    }

    static func worldScale(_ p: SplatParameters, _ i: Int, _ k: Int) -> Float {
        let v = p.scales[3 * i + k]
        return p.scaleActivation == .exponential ? Activation.exponential(v) : Activation.softplus(v)
    }

    /// One Gaussian drawn from splat i: mean μ + R·(s ⊙ z), z ~ N(0, I), scales s / 1.6.
    static func sample(_ p: SplatParameters, _ i: Int, _ rng: inout SplitMix) -> SplatParameters {
        var out = p.gathering([i])
        let s = SIMD3((0..<3).map { worldScale(p, i, $0) })
        let q = SIMD4(p.rotations[4 * i], p.rotations[4 * i + 1], p.rotations[4 * i + 2], p.rotations[4 * i + 3])
        let offset = QuaternionRotation.matrix(q) * (s * SIMD3(rng.normalFloat(), rng.normalFloat(), rng.normalFloat()))
        for k in 0..<3 {
            out.means[k] += offset[k]
            let shrunk = s[k] / 1.6
            out.scales[k] = p.scaleActivation == .exponential ? log(shrunk) : Activation.inverseSoftplus(shrunk)
        }
        return out
    }
}
