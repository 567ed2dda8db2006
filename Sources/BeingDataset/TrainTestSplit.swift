/// Which frames train the avatar and which are held out. The test split is the end of the video
/// and is never seen in training.
public struct TrainTestSplit: Codable, Sendable, Equatable {
    /// Frames [0, trainFrames) train.
    public var trainFrames: Int
    /// Frames [trainFrames, trainFrames + testFrames) test.
    public var testFrames: Int

    public var train: Range<Int> { 0..<trainFrames }
    public var test: Range<Int> { trainFrames..<(trainFrames + testFrames) }

    public init(trainFrames: Int, testFrames: Int) {
        self.trainFrames = trainFrames
        self.testFrames = testFrames
    }

    /// The default held-out length: 2 s for clips under 20 s, otherwise 10% of the clip.
    public static func defaultTestSeconds(forDuration seconds: Double) -> Double {
        seconds < 20 ? 2 : seconds * 0.1
    }

    /// Splits `frameCount` frames at `fps`, holding out the last `testSeconds` (rounded to frames).
    /// At least one second of training always remains, or this throws.
    public static func make(frameCount: Int, fps: Double, testSeconds: Double?, source: String) throws -> TrainTestSplit {
        let duration = Double(frameCount) / fps
        let seconds = testSeconds ?? defaultTestSeconds(forDuration: duration)
        guard seconds >= 0 else { throw DatasetError.invalidInput(source, "--test-seconds must not be negative") }
        let testFrames = Int((seconds * fps).rounded())
        guard frameCount - testFrames >= Int(fps) else {
            throw DatasetError.invalidInput(source, String(format: "%.1f s of video leaves under 1 s to train on after holding out %.1f s", duration, seconds))
        }
        return TrainTestSplit(trainFrames: frameCount - testFrames, testFrames: testFrames)
    }
}
