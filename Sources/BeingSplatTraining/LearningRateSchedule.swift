import Foundation

/// A learning rate as a function of the step.
public enum LearningRateSchedule: Sendable, Equatable {
    case constant(Float)
    /// Log-linear from `initial` at step 0 to `final` at `steps`, then constant: the schedule
    /// Kerbl et al. 2023 use for positions (1.6e-4 → 1.6e-6 × scene extent over 30K steps).
    case exponential(initial: Float, final: Float, steps: Int)

    public func rate(at step: Int) -> Float {
        switch self {
        case let .constant(r):
            return r
        case let .exponential(initial, final, steps):
            let t = min(1, max(0, Float(step) / Float(max(1, steps))))
            return exp((1 - t) * log(initial) + t * log(final))
        }
    }
}
