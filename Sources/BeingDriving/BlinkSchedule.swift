import BeingMath
import Foundation

/// Blinks for frames that no video supplies (generated speech, idle streaming): eye closure over
/// time at a natural rate, irregular rather than periodic.
///
/// Intervals between blink starts are gamma distributed (shape k, mean μ), a common model of
/// spontaneous blinking: at rest people blink about 10–20 times a minute with a coefficient of
/// variation near 0.5 (k = 4). Each blink closes the lids over `closingFrames`, holds them shut
/// for one frame and opens them over `openingFrames`.
public struct BlinkSchedule: Sendable {
    /// Mean seconds between blinks (4 s ≈ 15 a minute).
    public var meanInterval = 4.0
    /// Gamma shape; the coefficient of variation is 1/√shape.
    public var shape = 4.0
    public var closingFrames = 2
    public var openingFrames = 4
    public var fps = 25.0
    private var random: SplitMix

    public init(seed: UInt64) {
        random = SplitMix(state: seed)
    }

    /// Seconds from the start to the next blink's start; drawn on first use.
    private var nextStart: Double?
    /// The frame `next()` returns next.
    private var frame = 0
    /// Blinks under way: first frame and closure curve.
    private var active: [(first: Int, shape: [Double])] = []

    /// Closure per frame for the next `frames` frames: 0 open, 1 shut. Successive calls continue
    /// one schedule, so a live stream can ask for frames as it goes.
    public mutating func closure(frames: Int) -> [Double] {
        (0..<max(0, frames)).map { _ in next() }
    }

    /// The closure of the next frame.
    public mutating func next() -> Double {
        if nextStart == nil { nextStart = nextInterval() * 0.5 }  // the first blink comes sooner than a full interval
        while let start = nextStart, Int(start * fps) <= frame {
            let shape = blinkShape()
            active.append((Int(start * fps), shape))
            nextStart = start + max(nextInterval(), Double(shape.count) / fps)
        }
        var value = 0.0
        for blink in active where frame - blink.first < blink.shape.count {
            value = max(value, blink.shape[frame - blink.first])
        }
        active.removeAll { frame - $0.first >= $0.shape.count - 1 }
        frame += 1
        return value
    }

    /// The closure curve of one blink.
    func blinkShape() -> [Double] {
        let closing = (1...closingFrames).map { Double($0) / Double(closingFrames) }
        let opening = (1...openingFrames).map { 1 - Double($0) / Double(openingFrames + 1) }
        return closing + [1] + opening
    }

    /// Gamma(shape, mean/shape) by Marsaglia and Tsang (2000), for shape ≥ 1.
    mutating func nextInterval() -> Double {
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = random.normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = random.uniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) {
                return d * v * meanInterval / shape
            }
        }
    }
}
