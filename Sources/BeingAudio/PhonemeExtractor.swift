import BeingMedia
import BeingRuntime
import Foundation

/// How `PhonemeExtractor` cuts audio into hama runs, in 20 ms steps.
///
/// Steps are computed in blocks of `block` on a fixed grid (block b holds steps b·block ..<
/// (b+1)·block). Block b is hama's output, at those steps, for the samples of steps
/// `block·b − leftContext` ..< `block·(b+1) + lookahead` (320 per step), cut to the audio. Each
/// block's input depends only on the grid and the audio, never on how the audio arrived, so the
/// offline and streaming results are bit-identical.
///
/// hama sees its whole input at once, so windowed features differ from one run over a whole
/// (≤ 30 s) utterance. With the defaults, measured on the aoc fixture (8 s) and the first 29 s of
/// eng_60s: mean |Δ log p| 0.76 and 1.2 nats, equal argmax on 96% and 93% of steps, greedy phoneme
/// strings 3% apart (edit distance). Each sample goes through hama `span / block` times (3.5).
/// Features for training and for live driving must use the same windowing.
public struct PhonemeWindowing: Sendable, Equatable {
    /// Steps of past audio each block sees (default 100: 2 s).
    public var leftContext: Int
    /// Steps computed per hama run (default 50: 1 s).
    public var block: Int
    /// Steps of future audio each block sees (default 25: 0.5 s).
    public var lookahead: Int

    public init(leftContext: Int = 100, block: Int = 50, lookahead: Int = 25) {
        self.leftContext = leftContext
        self.block = block
        self.lookahead = lookahead
    }

    /// Each hama run covers at most this many steps of audio.
    public var span: Int { leftContext + block + lookahead }

    /// The most audio a stream holds back: a step is returned `lookahead`…`block + lookahead`
    /// steps after its centre arrives (0.5–1.5 s with the defaults).
    public var latency: Double { Double(block + lookahead) / Double(PhonemeExtractor.rate) }
}

/// hama's phoneme log-probabilities for whole utterances: [T, 191] at 50 steps per second.
///
/// Step t is centred on sample 320·t (t · 20 ms); N samples give N/320 + 1 steps (none for N = 0),
/// and 25 fps video frame i covers steps 2i and 2i+1 (see `SpeechFeatures`).
public struct PhonemeExtractor: Sendable {
    public static let sampleRate = HamaRecognizer.sampleRate
    public static let samplesPerStep = 320
    public static let rate = 50
    public static let dimensions = HamaRecognizer.tokenCount

    public let recognizer: HamaRecognizer
    public let windowing: PhonemeWindowing
    public var vocabulary: PhonemeVocabulary { .hama }

    public init(recognizer: HamaRecognizer, windowing: PhonemeWindowing = PhonemeWindowing()) throws {
        guard windowing.block > 0, windowing.leftContext >= 0, windowing.lookahead >= 0,
              windowing.span < HamaRecognizer.maximumSteps else {
            throw AudioError.invalidArgument("phoneme windowing needs block > 0, contexts >= 0 and fewer than \(HamaRecognizer.maximumSteps) steps in all; got \(windowing)")
        }
        self.recognizer = recognizer
        self.windowing = windowing
    }

    /// Loads hama from `home`.
    public init(home: BeingHome = .fromEnvironment(), windowing: PhonemeWindowing = PhonemeWindowing()) throws {
        try self.init(recognizer: try HamaRecognizer(home: home), windowing: windowing)
    }

    /// The number of steps for `samples` samples: N/320 + 1, or 0 for no samples.
    public static func stepCount(samples: Int) -> Int {
        samples == 0 ? 0 : samples / samplesPerStep + 1
    }

    /// The features of the whole of `audio` (16 kHz): [T, 191]. Blocks run in parallel, one per
    /// recogniser instance; each is written to its own rows, so the result does not depend on order.
    public func features(of audio: AudioSamples) throws -> SpeechFeatures {
        guard audio.sampleRate == Self.sampleRate else { throw AudioError.wrongSampleRate(audio.sampleRate, expected: Self.sampleRate) }
        let steps = Self.stepCount(samples: audio.samples.count)
        let blocks = (steps + windowing.block - 1) / windowing.block
        var values = [Float](repeating: 0, count: steps * Self.dimensions)  // [T, 191]
        let failures = FirstError()
        audio.samples.withUnsafeBufferPointer { samples in
            values.withUnsafeMutableBufferPointer { rows in
                nonisolated(unsafe) let samples = samples
                nonisolated(unsafe) let rows = rows
                DispatchQueue.concurrentPerform(iterations: blocks) { b in
                    do {
                        let block = try block(startingAt: b * windowing.block, buffer: samples, bufferStart: 0, available: samples.count)
                        let start = b * windowing.block * Self.dimensions
                        for (i, value) in block.enumerated() { rows[start + i] = value }
                    } catch {
                        failures.record(error)
                    }
                }
            }
        }
        if let error = failures.error { throw error }
        return SpeechFeatures(kind: .phonemes, rate: Self.rate, dimensions: Self.dimensions, values: values)
    }

    /// A stream that yields the same steps as `features(of:)` from audio given in chunks.
    public func makeStream() -> PhonemeStream {
        PhonemeStream(extractor: self)
    }

    /// The block whose first step is `first`, given the samples [0, available) of which `buffer`
    /// holds those from absolute index `bufferStart` on (at least the block's window).
    /// Returns [min(block, stepCount(available) − first), 191].
    func block(startingAt first: Int, buffer: UnsafeBufferPointer<Float>, bufferStart: Int, available: Int) throws -> [Float] {
        let windowStart = max(0, first - windowing.leftContext) * Self.samplesPerStep
        let windowEnd = min(available, (first + windowing.block + windowing.lookahead) * Self.samplesPerStep)
        let count = min(windowing.block, Self.stepCount(samples: available) - first)
        precondition(windowStart >= bufferStart && windowEnd - bufferStart <= buffer.count && count > 0,
                     "PhonemeExtractor: block at step \(first) outside the buffered samples")
        // hama's Python front end clips to [−1, 1]; do the same so features match it.
        let wave = (windowStart..<windowEnd).map { min(max(buffer[$0 - bufferStart], -1), 1) }  // [n]
        let output = try wave.withUnsafeBufferPointer { try recognizer.logProbabilities($0) }  // [n/320 + 1, 191]
        let offset = first - windowStart / Self.samplesPerStep  // the block's first step within the window
        return Array(output[offset * Self.dimensions..<(offset + count) * Self.dimensions])
    }
}

/// The first error thrown by any of several concurrent tasks.
private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: Error?

    func record(_ error: Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }
}
