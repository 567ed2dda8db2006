/// Which of the avatar's own video frames backs each output frame: played forward, then
/// backward, then forward again, so the background and head motion never jump.
///
///     frames 0 1 2 3 → 0 1 2 3 2 1 0 1 2 3 2 …
public struct ReferenceClip: Sendable, Equatable {
    /// The reference frames' indices in the dataset, in playing order.
    public let frames: [Int]

    public init(frames: [Int]) {
        precondition(!frames.isEmpty, "ReferenceClip needs at least one frame")
        self.frames = frames
    }

    /// The dataset frame behind output frame `t`.
    public func frame(at t: Int) -> Int {
        guard frames.count > 1 else { return frames[0] }
        let period = 2 * (frames.count - 1)
        let phase = t % period
        return frames[phase < frames.count ? phase : period - phase]
    }
}
