/// Finds blinks in an eye-openness series (one value per frame, both eyes averaged).
///
/// A blink is a short dip: a run of frames whose openness falls below `dropRatio` × the series'
/// median, lasting at most `maxFrames`. Runs split by a single open frame count once. Eyes cast
/// down for longer than that are not blinks.
public struct BlinkDetector: Sendable {
    public var dropRatio = 0.6
    /// About 0.5 s at 25 fps.
    public var maxFrames = 12

    public init() {}

    /// The first frame of each blink.
    public func blinkStarts(_ openness: [Double]) -> [Int] {
        guard openness.count > 2 else { return [] }
        let sorted = openness.sorted()
        let median = sorted[sorted.count / 2]
        guard median > 0 else { return [] }
        let closed = openness.map { $0 < dropRatio * median }
        var starts: [Int] = []
        var t = 0
        while t < closed.count {
            guard closed[t] else { t += 1; continue }
            let start = t
            var end = t
            // Extend over closed frames, bridging single open frames.
            while end + 1 < closed.count, closed[end + 1] || (end + 2 < closed.count && closed[end + 2]) { end += 1 }
            if end - start + 1 <= maxFrames { starts.append(start) }
            t = end + 1
        }
        return starts
    }
}
