import Foundation

/// Adam over one flat buffer of extra parameters trained beside the Gaussians (an avatar's blend
/// shapes, for instance), with the same update and bias correction as `AdamOptimizer`.
public struct FlatAdam: Sendable {
    public var schedule: LearningRateSchedule
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-15
    public private(set) var step: Int
    public private(set) var firstMoment: [Float]
    public private(set) var secondMoment: [Float]

    public init(schedule: LearningRateSchedule, count: Int) {
        self.schedule = schedule; step = 0
        firstMoment = .init(repeating: 0, count: count); secondMoment = firstMoment
    }

    /// Resumed from saved state.
    public init(schedule: LearningRateSchedule, step: Int, firstMoment: [Float], secondMoment: [Float]) {
        precondition(firstMoment.count == secondMoment.count, "FlatAdam: moment sizes differ")
        self.schedule = schedule; self.step = step; self.firstMoment = firstMoment; self.secondMoment = secondMoment
    }

    public mutating func update(_ values: inout [Float], with gradient: [Float]) {
        precondition(values.count == gradient.count && values.count == firstMoment.count, "FlatAdam: buffer sizes differ")
        step += 1
        let lr = schedule.rate(at: step - 1)
        let b1 = beta1, b2 = beta2, eps = epsilon
        let c1 = 1 - pow(b1, Float(step)), c2 = 1 - pow(b2, Float(step))
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                values.withUnsafeMutableBufferPointer { theta in
                    for i in theta.indices {
                        let g = gradient[i]
                        m[i] = b1 * m[i] + (1 - b1) * g
                        v[i] = b2 * v[i] + (1 - b2) * g * g
                        theta[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
                    }
                }
            }
        }
    }
}
