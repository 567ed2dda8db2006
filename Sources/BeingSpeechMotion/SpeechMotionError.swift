import BeingAudio

/// Errors of fitting, loading and running a speech-to-mouth model. Each message says what went
/// wrong and what to do.
public struct SpeechMotionError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: Sendable, Equatable {
        case tooFewFrames(got: Int, needed: Int)
        case codeCountMismatch(frames: Int, codes: Int)
        case codeWidthMismatch(row: Int, width: Int, expected: Int)
        case nonFinite(what: String)
        case negativeFrame(Int)
        case noSpeechSteps
        case vocabularyMismatch(dimensions: Int, expected: Int)
        case featureMismatch(expected: String, got: String)
        case missingWeight(name: String)
        case badWeightShape(name: String, expected: [Int], count: Int)
        case badConfig(String)
        case notPositiveDefinite(size: Int)
    }

    private let kind: Kind

    static func tooFewFrames(_ got: Int, needed: Int) -> Self { Self(kind: .tooFewFrames(got: got, needed: needed)) }
    static func codeCountMismatch(frames: Int, codes: Int) -> Self { Self(kind: .codeCountMismatch(frames: frames, codes: codes)) }
    static func codeWidthMismatch(row: Int, width: Int, expected: Int) -> Self {
        Self(kind: .codeWidthMismatch(row: row, width: width, expected: expected))
    }
    static func nonFinite(_ what: String) -> Self { Self(kind: .nonFinite(what: what)) }
    static func negativeFrame(_ frame: Int) -> Self { Self(kind: .negativeFrame(frame)) }
    static let noSpeechSteps = Self(kind: .noSpeechSteps)
    static func vocabularyMismatch(dimensions: Int, expected: Int) -> Self {
        Self(kind: .vocabularyMismatch(dimensions: dimensions, expected: expected))
    }
    static func featureMismatch(expected: String, got: String) -> Self { Self(kind: .featureMismatch(expected: expected, got: got)) }
    static func missingWeight(_ name: String) -> Self { Self(kind: .missingWeight(name: name)) }
    static func badWeightShape(_ name: String, expected: [Int], count: Int) -> Self {
        Self(kind: .badWeightShape(name: name, expected: expected, count: count))
    }
    static func badConfig(_ message: String) -> Self { Self(kind: .badConfig(message)) }
    static func notPositiveDefinite(size: Int) -> Self { Self(kind: .notPositiveDefinite(size: size)) }

    public var description: String {
        switch kind {
        case let .tooFewFrames(got, needed):
            return "the speech-motion model needs at least \(needed) training frames, got \(got): train on a longer clip (a few seconds of talking)"
        case let .codeCountMismatch(frames, codes):
            return "\(frames) training frames but \(codes) expression codes: pass one code row per frame"
        case let .codeWidthMismatch(row, width, expected):
            return "expression code row \(row) has \(width) values, the first has \(expected): every code must have the same dimension"
        case let .nonFinite(what):
            return "\(what) contains NaN or infinity: check the tracking or speech features that produced it"
        case let .negativeFrame(frame):
            return "video frame \(frame) is negative: frames count from 0"
        case .noSpeechSteps:
            return "the speech features have no steps (empty audio): extract features from audio with sound in it"
        case let .vocabularyMismatch(dimensions, expected):
            return "phoneme features have \(dimensions) values per step, hama's vocabulary has \(expected): re-extract the features with this version of being (`being prepare`)"
        case let .featureMismatch(expected, got):
            return "the model was trained on \(expected) speech features but got \(got): extract the same kind of features (is hama installed on only one of the machines?) or retrain"
        case let .missingWeight(name):
            return "speech-motion weights lack '\(name)': the weight file is incomplete; retrain the model"
        case let .badWeightShape(name, expected, count):
            return "speech-motion weight '\(name)' has \(count) values, its config needs \(expected.map(String.init).joined(separator: " x ")): the weight file does not belong to this config; retrain the model"
        case let .badConfig(message):
            return "speech-motion config is invalid (\(message)): retrain the model"
        case let .notPositiveDefinite(size):
            return "a \(size)x\(size) normal-equation matrix is not positive definite (inputs are degenerate): raise the ridge strength or train on more varied speech"
        }
    }
}
