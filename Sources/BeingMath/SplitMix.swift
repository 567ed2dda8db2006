import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator, so that anything drawn from it
/// (densification, blink schedules, avatar initialisation) repeats exactly on every machine.
public struct SplitMix: Sendable {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1), 53 bits.
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) / Double(1 << 53)
    }

    /// Standard normal by Box–Muller.
    public mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }

    /// Uniform in (0, 1], 24 bits.
    public mutating func uniformFloat() -> Float { (Float(next() >> 40) + 1) / Float(1 << 24) }

    /// Standard normal by Box–Muller, in Float.
    public mutating func normalFloat() -> Float {
        (-2 * log(uniformFloat())).squareRoot() * cos(2 * Float.pi * uniformFloat())
    }

    /// A uniform index in 0..<n.
    public mutating func index(below n: Int) -> Int { Int(next() % UInt64(n)) }
}
