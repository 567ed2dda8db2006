import BeingMedia

/// Log-mel features of audio that arrives in chunks, equal (bit for bit) to
/// `LogMelExtractor.features(of:)` on the concatenated samples.
///
/// Step t needs samples up to 160·t + 200, so each step is returned 12.5 ms of audio after its
/// centre (the lookahead); `finish()` returns the last steps, whose frames run past the end and
/// are zero-padded as offline. The stream keeps only the samples that later frames still need
/// (at most one 25 ms frame plus the last chunk).
public struct LogMelStream: Sendable {
    private let extractor: LogMelExtractor
    /// Samples from absolute index `bufferStart` on: [n]
    private var buffer: [Float] = []
    private var bufferStart = 0
    /// Samples received so far (N).
    public private(set) var sampleCount = 0
    /// The next step to return.
    public private(set) var nextStep = 0
    private var finished = false

    init(extractor: LogMelExtractor) {
        self.extractor = extractor
    }

    /// Adds `samples` (16 kHz) and returns the steps that became complete: [k, 80], k ≥ 0.
    public mutating func append(_ samples: [Float]) -> SpeechFeatures {
        precondition(!finished, "LogMelStream.append after finish()")
        buffer += samples
        sampleCount += samples.count
        var lastReady = -1  // the largest t with 160·t + 200 ≤ N
        if sampleCount >= LogMelExtractor.windowLength / 2 {
            lastReady = (sampleCount - LogMelExtractor.windowLength / 2) / LogMelExtractor.hop
        }
        return emit(through: lastReady)
    }

    /// Returns the remaining steps, up to N/160 (zero-padded past the end), and ends the stream.
    public mutating func finish() -> SpeechFeatures {
        precondition(!finished, "LogMelStream.finish() called twice")
        finished = true
        return emit(through: LogMelExtractor.stepCount(samples: sampleCount) - 1)
    }

    private mutating func emit(through last: Int) -> SpeechFeatures {
        var values: [Float] = []
        if last >= nextStep {
            buffer.withUnsafeBufferPointer { pointer in
                for t in nextStep...last {
                    values += extractor.frameFeatures(pointer, bufferStart: bufferStart,
                                                      frameStart: LogMelExtractor.frameStart(step: t))
                }
            }
            nextStep = last + 1
        }
        // Keep samples from the next frame's start on.
        let keepFrom = max(LogMelExtractor.frameStart(step: nextStep), bufferStart)
        if keepFrom > bufferStart {
            let drop = min(keepFrom - bufferStart, buffer.count)
            buffer.removeFirst(drop)
            bufferStart += drop
        }
        return SpeechFeatures(kind: .logMel, rate: LogMelExtractor.rate, dimensions: LogMelExtractor.bands, values: values)
    }
}
