import BeingMath

/// Closeness of floating-point values: |a - b| <= atol + rtol * |b|.
public func isClose<T: BinaryFloatingPoint>(_ a: T, _ b: T, atol: T = 1e-6, rtol: T = 1e-5) -> Bool {
    if a.isNaN || b.isNaN { return false }
    return abs(a - b) <= atol + rtol * abs(b)
}

/// The index and values of the first pair that is not close, or nil when all are.
public func firstMismatch<T: BinaryFloatingPoint>(_ a: [T], _ b: [T], atol: T = 1e-6, rtol: T = 1e-5) -> (index: Int, a: T, b: T)? {
    precondition(a.count == b.count, "firstMismatch: \(a.count) vs \(b.count) values")
    for i in a.indices where !isClose(a[i], b[i], atol: atol, rtol: rtol) {
        return (i, a[i], b[i])
    }
    return nil
}

/// A small deterministic generator (SplitMix64) so random tests repeat exactly.
public struct SeededRandom: RandomNumberGenerator {
    private var generator: SplitMix

    public init(seed: UInt64) { generator = SplitMix(state: seed) }

    public mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * Float(next() >> 40) / Float(1 << 24)
    }
}
