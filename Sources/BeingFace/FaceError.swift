/// Errors of face tracking. Each message says what went wrong and what the user can do.
public struct FaceError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure, for callers and tests that branch on it.
    public enum Code: String, Sendable {
        case runtime, modelMissing, badModelOutput, noFace, tooManyLostFrames, longGap, faceTooSmall,
             faceCutByBorder, extremePose, invalidInput
    }

    private enum Kind: Sendable, Equatable {
        case runtime(String)
        case modelMissing(path: String)
        case badModelOutput(model: String, detail: String)
        case noFace(frames: Int)
        case tooManyLostFrames(lost: [Int], total: Int, limit: Double)
        case longGap(first: Int, last: Int, limit: Int)
        case faceTooSmall(pixels: Double, minimum: Double)
        case faceCutByBorder(frames: [Int])
        case extremePose(frames: [Int], degrees: Double)
        case invalidInput(String)
    }

    private let kind: Kind

    public var code: Code {
        switch kind {
        case .runtime: return .runtime
        case .modelMissing: return .modelMissing
        case .badModelOutput: return .badModelOutput
        case .noFace: return .noFace
        case .tooManyLostFrames: return .tooManyLostFrames
        case .longGap: return .longGap
        case .faceTooSmall: return .faceTooSmall
        case .faceCutByBorder: return .faceCutByBorder
        case .extremePose: return .extremePose
        case .invalidInput: return .invalidInput
        }
    }

    static func runtime(_ message: String) -> FaceError { FaceError(kind: .runtime(message)) }
    static func modelMissing(_ path: String) -> FaceError { FaceError(kind: .modelMissing(path: path)) }
    static func badModelOutput(_ model: String, _ detail: String) -> FaceError {
        FaceError(kind: .badModelOutput(model: model, detail: detail))
    }
    static func noFace(frames: Int) -> FaceError { FaceError(kind: .noFace(frames: frames)) }
    static func tooManyLostFrames(_ lost: [Int], total: Int, limit: Double) -> FaceError {
        FaceError(kind: .tooManyLostFrames(lost: lost, total: total, limit: limit))
    }
    static func longGap(first: Int, last: Int, limit: Int) -> FaceError {
        FaceError(kind: .longGap(first: first, last: last, limit: limit))
    }
    static func faceTooSmall(pixels: Double, minimum: Double) -> FaceError {
        FaceError(kind: .faceTooSmall(pixels: pixels, minimum: minimum))
    }
    static func faceCutByBorder(_ frames: [Int]) -> FaceError { FaceError(kind: .faceCutByBorder(frames: frames)) }
    static func extremePose(_ frames: [Int], degrees: Double) -> FaceError {
        FaceError(kind: .extremePose(frames: frames, degrees: degrees))
    }
    static func invalidInput(_ message: String) -> FaceError { FaceError(kind: .invalidInput(message)) }

    public var description: String {
        switch kind {
        case let .runtime(message):
            return message
        case let .modelMissing(path):
            return "face model missing: \(path); run `make setup` to convert and install the face models"
        case let .badModelOutput(model, detail):
            return "\(model) returned an unexpected output (\(detail)); reinstall the models with `make setup`"
        case let .noFace(frames):
            return "no face found in any of the \(frames) frames; use a video where one face is clearly visible"
        case let .tooManyLostFrames(lost, total, limit):
            return "the face was lost in \(lost.count) of \(total) frames (more than \(Int(limit * 100))%): frames "
                + FrameRanges.describe(lost) + "; trim the video to a part where the face is visible throughout"
        case let .longGap(first, last, limit):
            return "the face was lost for \(last - first + 1) frames in a row (frames \(first)–\(last)), longer than "
                + "the \(limit) frames that can be filled in; trim the video or cut that part out"
        case let .faceTooSmall(pixels, minimum):
            return String(format: "the face is only %.0f px wide, under the %.0f px needed; ", pixels, minimum)
                + "use a closer shot or crop the video around the face"
        case let .faceCutByBorder(frames):
            return "the face is cut by the frame border in frames " + FrameRanges.describe(frames)
                + "; use a shot where the whole face (forehead to chin) stays inside the picture"
        case let .extremePose(frames, degrees):
            return String(format: "the head is turned more than %.0f° from the camera in frames ", degrees)
                + FrameRanges.describe(frames) + "; use a shot where the person faces the camera"
        case let .invalidInput(message):
            return message
        }
    }
}

/// Frame lists written compactly: [1, 2, 3, 7] -> "1–3, 7".
enum FrameRanges {
    static func describe(_ frames: [Int], limit: Int = 12) -> String {
        var ranges: [(Int, Int)] = []
        for frame in frames.sorted() {
            if let last = ranges.last, frame == last.1 + 1 { ranges[ranges.count - 1].1 = frame } else { ranges.append((frame, frame)) }
        }
        let parts = ranges.prefix(limit).map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)–\($0.1)" }
        return parts.joined(separator: ", ") + (ranges.count > limit ? ", …" : "")
    }
}
