import BeingSplat

/// Learning rates per parameter group, and Adam's constants.
public struct AdamConfiguration: Sendable {
    public var schedules: [ParameterGroup: LearningRateSchedule]
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float

    public init(schedules: [ParameterGroup: LearningRateSchedule], beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-15) {
        self.schedules = schedules; self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
    }

    /// Kerbl et al. 2023's rates: positions 1.6e-4 → 1.6e-6 times the scene extent over `steps`,
    /// log-scales 5e-3, rotations 1e-3, opacity logits 5e-2, colours 2.5e-3.
    public static func gaussianSplatting(sceneExtent: Float, steps: Int) -> AdamConfiguration {
        AdamConfiguration(schedules: [
            .means: .exponential(initial: 1.6e-4 * sceneExtent, final: 1.6e-6 * sceneExtent, steps: steps),
            .scales: .constant(5e-3), .rotations: .constant(1e-3), .opacities: .constant(5e-2), .colors: .constant(2.5e-3),
        ])
    }
}

/// Adam (Kingma & Ba 2015) over `SplatParameters`, with bias correction:
///
///     m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  θ ← θ − η·(m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
///
/// The moments are stored as `SplatParameters` of the same shape as the model, so pruning and
/// densification re-index them with the same row operations.
public struct AdamOptimizer: Sendable {
    public var configuration: AdamConfiguration
    public private(set) var step = 0
    public private(set) var firstMoment: SplatParameters
    public private(set) var secondMoment: SplatParameters

    public init(configuration: AdamConfiguration, like parameters: SplatParameters) {
        self.configuration = configuration
        firstMoment = Self.zeros(like: parameters, count: parameters.count)
        secondMoment = firstMoment
    }

    /// An optimiser resumed from saved state (a checkpoint).
    public init(configuration: AdamConfiguration, step: Int, firstMoment: SplatParameters, secondMoment: SplatParameters) {
        precondition(firstMoment.count == secondMoment.count, "Adam: moment counts differ")
        self.configuration = configuration; self.step = step
        self.firstMoment = firstMoment; self.secondMoment = secondMoment
    }

    /// One step on every group; groups without a schedule stay fixed.
    public mutating func update(_ parameters: inout SplatParameters, with gradients: SplatGradients) {
        precondition(parameters.count == firstMoment.count, "Adam: \(parameters.count) parameters, \(firstMoment.count) moments")
        step += 1
        let b1 = configuration.beta1, b2 = configuration.beta2, eps = configuration.epsilon
        let c1 = 1 - pow(b1, Float(step)), c2 = 1 - pow(b2, Float(step))
        for group in ParameterGroup.allCases {
            guard let schedule = configuration.schedules[group] else { continue }
            let lr = schedule.rate(at: step - 1)
            let g = gradients[group]
            var theta = parameters[group], m = firstMoment[group], v = secondMoment[group]
            precondition(g.count == theta.count, "Adam: \(group) gradient has \(g.count) values, parameters \(theta.count)")
            for i in theta.indices {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                theta[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
            }
            parameters[group] = theta; firstMoment[group] = m; secondMoment[group] = v
        }
    }

    /// Keeps the moments of `rows` only, in that order (after pruning).
    public mutating func keep(_ rows: [Int]) {
        firstMoment = firstMoment.gathering(rows)
        secondMoment = secondMoment.gathering(rows)
    }

    /// Adds zero moments for `count` new Gaussians at the end (after densification).
    public mutating func appendZeros(_ count: Int) {
        let z = Self.zeros(like: firstMoment, count: count)
        firstMoment.append(z); secondMoment.append(z)
    }

    /// Zeroes one group's moments at `rows` (after an opacity reset, as Kerbl et al. do).
    public mutating func resetMoments(_ group: ParameterGroup, rows: [Int]) {
        let w = firstMoment.width(of: group)
        var m = firstMoment[group], v = secondMoment[group]
        for r in rows { for k in 0..<w { m[r * w + k] = 0; v[r * w + k] = 0 } }
        firstMoment[group] = m; secondMoment[group] = v
    }

    static func zeros(like p: SplatParameters, count: Int) -> SplatParameters {
        var z = SplatParameters(count: count, scaleActivation: p.scaleActivation, colorEncoding: p.colorEncoding)
        z.rotations = .init(repeating: 0, count: count * 4)
        return z
    }
}

import Foundation
