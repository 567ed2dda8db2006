import BeingDataset
import BeingMedia

/// A dataset split's real frames and audio, and the two baselines every score is read against.
public struct SplitFrames {
    public var name: String
    public var range: Range<Int>
    public var frames: [RGBImage]
    /// The split's 16 kHz audio, frame-aligned: frame i spans samples [i, i + 1) · 640.
    public var audio: AudioSamples

    public init(dataset: Dataset, split: String) throws {
        let manifest = dataset.manifest
        guard let range = split == "test" ? manifest.split.test : split == "train" ? manifest.split.train : nil else {
            throw EvalError.emptySplit(split)
        }
        guard !range.isEmpty else { throw EvalError.emptySplit(split) }
        name = split
        self.range = range
        frames = try range.map { try dataset.frame($0) }
        let all = try dataset.audio()
        let perFrame = all.sampleRate / manifest.fps
        let samples = all.samples[min(all.samples.count, range.lowerBound * perFrame)..<min(all.samples.count, range.upperBound * perFrame)]
        audio = AudioSamples(sampleRate: all.sampleRate, samples: Array(samples))
    }

    /// "still": the first training frame held for the whole split.
    public static func stillBaseline(_ dataset: Dataset, count: Int) throws -> [RGBImage] {
        [RGBImage](repeating: try dataset.frame(0), count: count)
    }

    /// "replay": the training frames played from the start (looping if the split is longer).
    public static func replayBaseline(_ dataset: Dataset, count: Int) throws -> [RGBImage] {
        let train = dataset.manifest.split.trainFrames
        return try (0..<count).map { try dataset.frame($0 % max(1, train)) }
    }
}
