/// Speech features of a whole utterance: one row of `dimensions` values per time step.
///
/// Two kinds exist:
/// - `.phonemes`: hama's phoneme log-probabilities, 50 steps/s, 191 dimensions (see
///   `PhonemeVocabulary`). Step t is centred on (about) sample 320·t at 16 kHz (t · 20 ms).
/// - `.logMel`: log-mel energies, 100 steps/s, 80 dimensions (see `LogMelExtractor`).
///   Step t is centred on sample 160·t (t · 10 ms).
///
/// Alignment to 25 fps video: video frame i spans [40·i, 40·i + 40) ms and owns the
/// `stepsPerVideoFrame` steps starting at its start, so frame i covers phoneme steps 2i and 2i+1,
/// or log-mel steps 4i … 4i+3. Audio of N samples gives N/320 + 1 phoneme steps (N/160 + 1 for
/// log-mel, integer division, none for N = 0): the one extra step is centred on the end.
public struct SpeechFeatures: Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case phonemes
        case logMel
    }

    /// How `window(videoFrame:)` fills steps before the first or after the last.
    public enum Padding: Sendable {
        /// Repeat the first or last step.
        case edge
        /// Zeros.
        case zero
    }

    public var kind: Kind
    /// Steps per second.
    public var rate: Int
    /// Values per step (D).
    public var dimensions: Int
    /// [T, D], row-major
    public var values: [Float]

    public init(kind: Kind, rate: Int, dimensions: Int, values: [Float]) {
        precondition(dimensions > 0 && values.count % dimensions == 0,
                     "SpeechFeatures: \(values.count) values do not make rows of \(dimensions)")
        self.kind = kind
        self.rate = rate
        self.dimensions = dimensions
        self.values = values
    }

    /// No steps yet, to append to.
    public static func empty(kind: Kind, rate: Int, dimensions: Int) -> SpeechFeatures {
        SpeechFeatures(kind: kind, rate: rate, dimensions: dimensions, values: [])
    }

    /// T, the number of steps.
    public var steps: Int { values.count / dimensions }

    public var duration: Double { Double(steps) / Double(rate) }

    /// The values of step `t`: [D]
    public func step(_ t: Int) -> ArraySlice<Float> {
        values[t * dimensions..<(t + 1) * dimensions]
    }

    /// Appends the steps of `other`, which must be of the same kind, rate and width.
    public mutating func append(_ other: SpeechFeatures) {
        precondition(other.kind == kind && other.rate == rate && other.dimensions == dimensions,
                     "SpeechFeatures.append: \(other.kind) \(other.rate)/s x \(other.dimensions) onto \(kind) \(rate)/s x \(dimensions)")
        values.append(contentsOf: other.values)
    }

    /// Steps per video frame: `rate / videoRate` (2 for phonemes, 4 for log-mel at 25 fps).
    public func stepsPerVideoFrame(videoRate: Int = 25) throws -> Int {
        guard videoRate > 0, rate % videoRate == 0 else {
            throw AudioError.invalidArgument("\(kind) features at \(rate) steps/s do not divide into \(videoRate) fps video frames: convert the video to 25 fps")
        }
        return rate / videoRate
    }

    /// The features around video frame `i`: the steps of video frames i − context … i + context,
    /// that is steps s·(i − context) ..< s·(i + context + 1) with s = `stepsPerVideoFrame`.
    /// Steps outside [0, T) are filled by `padding` (edge padding of no steps gives zeros).
    ///
    /// - Returns: [(2·context + 1)·s, D]
    public func window(videoFrame i: Int, context: Int = 8, videoRate: Int = 25, padding: Padding = .edge) throws -> [Float] {
        let perFrame = try stepsPerVideoFrame(videoRate: videoRate)
        guard context >= 0 else { throw AudioError.invalidArgument("window context must be >= 0, got \(context)") }
        let first = (i - context) * perFrame
        let count = (2 * context + 1) * perFrame
        var out = [Float](repeating: 0, count: count * dimensions)  // [count, D]
        let total = steps
        for k in 0..<count {
            var t = first + k
            if t < 0 || t >= total {
                guard padding == .edge, total > 0 else { continue }
                t = min(max(t, 0), total - 1)
            }
            for d in 0..<dimensions { out[k * dimensions + d] = values[t * dimensions + d] }
        }
        return out
    }
}
