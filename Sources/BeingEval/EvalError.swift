/// Errors of `being eval`, each saying what to do.
public struct EvalError: Error, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case noFaceInRealFrames
        case mismatchedLength(name: String, frames: Int, expected: Int)
        case emptySplit(String)
    }

    private let kind: Kind

    public static let noFaceInRealFrames = EvalError(kind: .noFaceInRealFrames)
    public static func mismatchedLength(_ name: String, frames: Int, expected: Int) -> EvalError {
        EvalError(kind: .mismatchedLength(name: name, frames: frames, expected: expected))
    }
    public static func emptySplit(_ split: String) -> EvalError { EvalError(kind: .emptySplit(split)) }

    public var description: String {
        switch kind {
        case .noFaceInRealFrames:
            return "no face could be tracked in the real frames of the split; check the dataset with `being inspect`"
        case let .mismatchedLength(name, frames, expected):
            return "\(name) has \(frames) frames, the split has \(expected); render the split frame-aligned"
        case let .emptySplit(split):
            return "the \(split) split has no frames; prepare the dataset with a longer --test-seconds"
        }
    }
}
