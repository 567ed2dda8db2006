/// Errors of the splatting engine; each message says what the caller must change.
public struct SplatError: Error, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case shapeMismatch(buffer: String, expected: Int, got: Int)
        case nonFinite(buffer: String, index: Int)
        case invalidCamera(reason: String)
        case invalidArgument(reason: String)
    }

    private let kind: Kind

    public static func shapeMismatch(_ buffer: String, expected: Int, got: Int) -> SplatError {
        SplatError(kind: .shapeMismatch(buffer: buffer, expected: expected, got: got))
    }
    public static func nonFinite(_ buffer: String, index: Int) -> SplatError {
        SplatError(kind: .nonFinite(buffer: buffer, index: index))
    }
    public static func invalidCamera(_ reason: String) -> SplatError { SplatError(kind: .invalidCamera(reason: reason)) }
    public static func invalidArgument(_ reason: String) -> SplatError { SplatError(kind: .invalidArgument(reason: reason)) }

    public var description: String {
        switch kind {
        case let .shapeMismatch(buffer, expected, got):
            return "\(buffer): expected \(expected) values, got \(got); every buffer needs N rows of its width"
        case let .nonFinite(buffer, index):
            return "\(buffer)[\(index)] is not finite; check the optimiser's learning rates and inputs"
        case let .invalidCamera(reason):
            return "invalid camera: \(reason)"
        case let .invalidArgument(reason):
            return reason
        }
    }
}
