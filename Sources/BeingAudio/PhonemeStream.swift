import BeingMedia

/// Phoneme features of audio that arrives in chunks, bit-identical to `PhonemeExtractor.features(of:)`
/// on the concatenated samples.
///
/// Block b (see `PhonemeWindowing`) is computed as soon as the samples up to its window's end,
/// 320·(b·block + block + lookahead), have arrived: the same window the offline extractor uses.
/// `finish()` computes the remaining blocks with windows cut at the end of the audio, as offline.
/// Latency: a step comes back `lookahead` … `block + lookahead` steps after its centre arrives
/// (0.5–1.5 s with the default windowing), plus one hama run over `span` steps (3.5 s of audio).
/// The stream holds at most `leftContext + block + lookahead` steps of samples plus the last chunk.
public struct PhonemeStream: Sendable {
    private let extractor: PhonemeExtractor
    /// Samples from absolute index `bufferStart` on: [n]
    private var buffer: [Float] = []
    private var bufferStart = 0
    /// Samples received so far (N).
    public private(set) var sampleCount = 0
    /// The first step of the next block to compute.
    public private(set) var nextStep = 0
    private var finished = false

    init(extractor: PhonemeExtractor) {
        self.extractor = extractor
    }

    /// Adds `samples` (16 kHz) and returns the steps of every block that became complete:
    /// [k·block, 191], k ≥ 0.
    public mutating func append(_ samples: [Float]) throws -> SpeechFeatures {
        precondition(!finished, "PhonemeStream.append after finish()")
        buffer += samples
        sampleCount += samples.count
        let windowing = extractor.windowing
        var values: [Float] = []
        while (nextStep + windowing.block + windowing.lookahead) * PhonemeExtractor.samplesPerStep <= sampleCount {
            values += try computeBlock()
        }
        return SpeechFeatures(kind: .phonemes, rate: PhonemeExtractor.rate, dimensions: PhonemeExtractor.dimensions, values: values)
    }

    /// Returns the remaining steps, up to N/320, and ends the stream.
    public mutating func finish() throws -> SpeechFeatures {
        precondition(!finished, "PhonemeStream.finish() called twice")
        finished = true
        var values: [Float] = []
        while nextStep < PhonemeExtractor.stepCount(samples: sampleCount) {
            values += try computeBlock()
        }
        return SpeechFeatures(kind: .phonemes, rate: PhonemeExtractor.rate, dimensions: PhonemeExtractor.dimensions, values: values)
    }

    private mutating func computeBlock() throws -> [Float] {
        let values = try buffer.withUnsafeBufferPointer {
            try extractor.block(startingAt: nextStep, buffer: $0, bufferStart: bufferStart, available: sampleCount)
        }
        nextStep += extractor.windowing.block
        // Keep the samples the next block's window starts from.
        let keepFrom = max(0, nextStep - extractor.windowing.leftContext) * PhonemeExtractor.samplesPerStep
        let drop = min(max(0, keepFrom - bufferStart), buffer.count)
        buffer.removeFirst(drop)
        bufferStart += drop
        return values
    }
}
