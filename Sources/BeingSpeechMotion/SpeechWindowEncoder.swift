import BeingAudio

/// One fixed-length input vector per video frame: speech around the frame, pooled in time bins.
///
/// The mouth at frame t depends on speech from a few frames before (coarticulation, anticipation)
/// to a few after; the window is ±`context` video frames (±8 at 25 fps: 0.68 s). Raw steps are
/// too many (34 phoneme steps × 191) and too spiky for ~150 training frames, so the window is
/// cut into bins that widen away from the centre — frame t, t ± 1, t ± 2…3, t ± 4…5, t ± 6…context — and
/// each bin is averaged:
///
/// - `.phonemes`: per step the `ArticulatoryTrack` (w = speaking, f = features); per bin of n
///   steps the mean speaking Σw/n and the speech-weighted features Σw·f / (Σw + ε·n), ε = 0.02.
///   A spike anywhere in the bin gives its phoneme's features at full strength; a bin of blanks
///   inside a word keeps the residual non-blank reading at reduced strength; silence shrinks to 0.
/// - `.logMel`: the 80 bands averaged into 20 groups of adjacent bands, minus each group's mean
///   over the whole utterance (so loudness and microphone gain cancel), averaged per bin.
///
/// Steps before the first or after the last are the first or last step (edge padding), so every
/// frame, including those past the end of the audio, gets a vector.
public struct SpeechWindowEncoder: Sendable, Equatable {
    /// Bands are averaged into this many groups for `.logMel`.
    public static let melGroups = 20
    /// ε of the speech-weighted average.
    public static let silenceShrinkage: Float = 0.02

    public let kind: SpeechFeatures.Kind
    /// Video frames each side of the centre.
    public let context: Int
    public let videoRate: Int
    /// The bins as video-frame offsets from the centre, in output order.
    public let bins: [ClosedRange<Int>]

    public init(kind: SpeechFeatures.Kind, context: Int = 8, videoRate: Int = 25) {
        precondition(context >= 0 && videoRate > 0, "SpeechWindowEncoder: context \(context), video rate \(videoRate)")
        self.kind = kind
        self.context = context
        self.videoRate = videoRate
        var bins: [ClosedRange<Int>] = [0...0]
        for (low, high) in [(1, 1), (2, 3), (4, 5), (6, Int.max)] where low <= context {
            let top = min(high, context)
            bins += [-top...(-low), low...top]
        }
        self.bins = bins
    }

    /// Values per bin: speaking and the articulatory channels, or the mel groups.
    public var valuesPerBin: Int { kind == .phonemes ? 1 + ArticulatoryFeatures.count : Self.melGroups }

    /// The length of one encoded vector.
    public var inputDimensions: Int { bins.count * valuesPerBin }

    /// The encoded vectors of `frames`: [N, inputDimensions]
    public func encode(_ features: SpeechFeatures, frames: [Int]) throws -> [Float] {
        guard features.kind == kind else { throw SpeechMotionError.featureMismatch(expected: kind.rawValue, got: features.kind.rawValue) }
        guard features.steps > 0 else { throw SpeechMotionError.noSpeechSteps }
        if let bad = frames.first(where: { $0 < 0 }) { throw SpeechMotionError.negativeFrame(bad) }
        let perFrame: Int
        do { perFrame = try features.stepsPerVideoFrame(videoRate: videoRate) } catch {
            throw SpeechMotionError.featureMismatch(expected: "features at a multiple of \(videoRate) steps/s",
                                                    got: "\(features.rate) steps/s")
        }
        let rows = try stepRows(features)  // [T, P]
        let p = rowWidth, steps = features.steps, width = valuesPerBin
        var out = [Float](repeating: 0, count: frames.count * inputDimensions)  // [N, inputDimensions]
        var sum = [Float](repeating: 0, count: p)  // [P]
        for (n, frame) in frames.enumerated() {
            for (b, bin) in bins.enumerated() {
                for j in 0..<p { sum[j] = 0 }
                let first = (frame + bin.lowerBound) * perFrame, end = (frame + bin.upperBound + 1) * perFrame
                for s in first..<end {
                    let t = min(max(s, 0), steps - 1)
                    for j in 0..<p { sum[j] += rows[t * p + j] }
                }
                let count = Float(end - first), base = n * inputDimensions + b * width
                if kind == .phonemes {
                    out[base] = sum[0] / count
                    let denominator = sum[0] + Self.silenceShrinkage * count
                    for j in 1..<p { out[base + j] = sum[j] / denominator }
                } else {
                    for j in 0..<p { out[base + j] = sum[j] / count }
                }
            }
        }
        return out
    }

    /// Values per step before pooling: [w, w·f] for phonemes, the mel groups for log-mel.
    private var rowWidth: Int { valuesPerBin }

    /// The per-step rows that bins sum: [T, rowWidth]
    private func stepRows(_ features: SpeechFeatures) throws -> [Float] {
        switch kind {
        case .phonemes:
            let track = try ArticulatoryTrack(phonemes: features)
            let c = ArticulatoryFeatures.count
            var rows = [Float](repeating: 0, count: track.steps * (1 + c))  // [T, 1 + C]
            for t in 0..<track.steps {
                let w = track.speaking[t]
                rows[t * (1 + c)] = w
                for j in 0..<c { rows[t * (1 + c) + 1 + j] = w * track.features[t * c + j] }
            }
            return rows
        case .logMel:
            return try melGroupRows(features)
        }
    }

    /// Adjacent bands averaged into `melGroups` groups, minus each group's utterance mean: [T, G]
    private func melGroupRows(_ features: SpeechFeatures) throws -> [Float] {
        let d = features.dimensions, g = Self.melGroups, steps = features.steps
        guard d >= g else {
            throw SpeechMotionError.featureMismatch(expected: "log-mel features of at least \(g) bands", got: "\(d) bands")
        }
        guard features.values.allSatisfy(\.isFinite) else { throw SpeechMotionError.nonFinite("the log-mel features") }
        var rows = [Float](repeating: 0, count: steps * g)  // [T, G]
        var mean = [Double](repeating: 0, count: g)  // [G]
        for t in 0..<steps {
            for group in 0..<g {
                let low = group * d / g, high = (group + 1) * d / g
                var total: Float = 0
                for band in low..<high { total += features.values[t * d + band] }
                rows[t * g + group] = total / Float(high - low)
                mean[group] += Double(rows[t * g + group])
            }
        }
        for t in 0..<steps {
            for group in 0..<g { rows[t * g + group] -= Float(mean[group] / Double(steps)) }
        }
        return rows
    }
}
