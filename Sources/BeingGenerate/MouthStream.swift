import BeingAudio
import BeingAvatar

/// `MouthDriver.mouth` for audio that arrives in chunks: the mouth block of each video frame as
/// soon as the speech it depends on has arrived, equal (bit for bit) to the offline result on the
/// concatenated audio.
///
/// Frame t reads the phoneme steps of frames t − context … t + context (`SpeechMotionModel`) and
/// the loudness of frames up to t + `SpeechActivity.framesAhead`; phoneme steps come from
/// `PhonemeStream` a block at a time. So frame t is ready once step 2·(t + context + 1) − 1 is out
/// of the phoneme stream (`latencySamples` bounds how long after frame t's own audio that is), or
/// once `finish()` says the audio has ended. Memory stays bounded: only the steps, loudness and
/// samples that frames not yet returned still read are kept.
public struct MouthStream: Sendable {
    public let driver: MouthDriver
    private var phonemes: PhonemeStream
    private let context: Int
    private let perFrame = 2  // phoneme steps per video frame
    /// Phoneme steps from `featuresStart` on.
    private var features = SpeechFeatures.empty(kind: .phonemes, rate: PhonemeExtractor.rate, dimensions: PhonemeExtractor.dimensions)
    private var featuresStart = 0
    /// RMS of every complete frame from `loudnessStart` on.
    private var loudness: [Float] = []
    private var loudnessStart = 0
    /// Samples of the frame not yet complete.
    private var partial: [Float] = []
    public private(set) var sampleCount = 0
    /// The frame `next()` returns next.
    public private(set) var nextFrame = 0
    public private(set) var isFinished = false

    public static let samplesPerFrame = 640

    /// A stream for `driver`'s avatar, whose speech model must read phoneme features.
    public init(driver: MouthDriver, extractor: PhonemeExtractor) throws {
        guard driver.avatar.speech.config.featureKind == .phonemes else { throw GenerationError.streamingNeedsPhonemes }
        self.driver = driver
        phonemes = extractor.makeStream()
        context = driver.avatar.speech.config.context
    }

    /// The most audio, in samples, that can arrive after frame t's own audio before frame t is
    /// ready. Frame t reads steps up to s = 2(t + context) + 1, and the block holding step s
    /// leaves the stream once samples reach 320·(first step of the block + block + lookahead);
    /// the worst case is s opening its block: 320·(s + block + lookahead) − 640·(t + 1).
    public static func latencySamples(context: Int, windowing: PhonemeWindowing) -> Int {
        (2 * context - 1 + windowing.block + windowing.lookahead) * PhonemeExtractor.samplesPerStep
    }

    /// Adds samples (16 kHz, in [-1, 1]).
    public mutating func append(_ samples: [Float]) throws {
        precondition(!isFinished, "MouthStream.append after finish()")
        sampleCount += samples.count
        features.append(try phonemes.append(samples))
        partial += samples
        while partial.count >= Self.samplesPerFrame {
            loudness.append(SpeechActivity.rms(partial[0..<Self.samplesPerFrame]))
            partial.removeFirst(Self.samplesPerFrame)
        }
    }

    /// Ends the audio: the frames up to its end become ready.
    public mutating func finish() throws {
        precondition(!isFinished, "MouthStream.finish() called twice")
        isFinished = true
        features.append(try phonemes.finish())
        if !partial.isEmpty { loudness.append(SpeechActivity.rms(partial[...])) }
        partial = []
    }

    /// Video frames in the audio so far once finished: ⌈N / 640⌉; nil before.
    public var totalFrames: Int? { isFinished ? (sampleCount + Self.samplesPerFrame - 1) / Self.samplesPerFrame : nil }

    /// Whether every frame has been returned.
    public var isDrained: Bool { totalFrames.map { nextFrame >= $0 } ?? false }

    /// The mouth block of frame `nextFrame` if its speech has arrived, else nil: [Km]
    public mutating func next() throws -> [Float]? {
        let t = nextFrame
        if let total = totalFrames {
            guard t < total else { return nil }
        } else {
            let stepsNeeded = (t + context + 1) * perFrame
            guard featuresStart + features.steps >= stepsNeeded,
                  loudnessStart + loudness.count > t + driver.activity.framesAhead else { return nil }
        }
        let frames = totalFrames ?? Int.max
        let local = t - featuresStart / perFrame
        let code = try driver.avatar.speech.predict(features: features, frames: [local])[0]
        let weight = driver.activity.weight(at: t, frames: frames) { loudness[$0 - loudnessStart] }
        nextFrame += 1
        trim()
        return driver.blend(code, speaking: weight)
    }

    /// Drops what no later frame reads: steps before frame nextFrame − context, loudness before
    /// nextFrame − hangover − ease.
    private mutating func trim() {
        let firstStep = max(0, nextFrame - context) * perFrame
        var dropSteps = min(firstStep - featuresStart, max(0, features.steps - 1))
        dropSteps -= dropSteps % perFrame  // keep featuresStart on a frame boundary
        if dropSteps > 0 {
            features.values.removeFirst(dropSteps * features.dimensions)
            featuresStart += dropSteps
        }
        let firstLoud = max(0, nextFrame - driver.activity.framesAhead)
        let dropLoud = min(firstLoud - loudnessStart, loudness.count)
        if dropLoud > 0 {
            loudness.removeFirst(dropLoud)
            loudnessStart += dropLoud
        }
    }
}
