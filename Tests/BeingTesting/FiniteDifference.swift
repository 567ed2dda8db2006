/// Central finite differences for checking analytic gradients (the Brush and gsplat practice:
/// a random weighted loss, so a plain mean cannot hide asymmetric errors).
public enum FiniteDifference {
    /// (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, with the loss accumulated in Double by the caller.
    /// The truncation error is O(h²·f‴); the rounding error about ε·|f|/h.
    public static func central(_ x: [Float], index: Int, step h: Float, _ f: ([Float]) throws -> Double) rethrows -> Double {
        var plus = x, minus = x
        plus[index] += h
        minus[index] -= h
        // The actually represented step, not the nominal one: x ± h rounds in Float32.
        let span = Double(plus[index]) - Double(minus[index])
        return (try f(plus) - f(minus)) / span
    }

    /// A worst-case comparison of analytic vs numeric values: the largest
    /// |a − n| / (atol + rtol·|n|), which must be ≤ 1 for the check to pass.
    public struct Report: CustomStringConvertible {
        public var worstRatio: Double = 0
        public var worstIndex = -1
        public var analytic: Double = 0
        public var numeric: Double = 0
        public var compared = 0

        public init() {}

        public mutating func add(index: Int, analytic a: Double, numeric n: Double, atol: Double, rtol: Double) {
            compared += 1
            let ratio = abs(a - n) / (atol + rtol * abs(n))
            if ratio > worstRatio || a.isNaN { worstRatio = a.isNaN ? .infinity : ratio; worstIndex = index; analytic = a; numeric = n }
        }

        public var passed: Bool { worstRatio <= 1 }

        public var description: String {
            "\(compared) values, worst ratio \(worstRatio) at \(worstIndex): analytic \(analytic), numeric \(numeric)"
        }
    }
}

extension SeededRandom {
    /// `count` uniform values in [low, high).
    public mutating func uniforms(_ count: Int, _ low: Float, _ high: Float) -> [Float] {
        (0..<count).map { _ in uniform(low, high) }
    }
}
