/// Errors of the runtime layer. Each message names the file or library and what to do.
public struct RuntimeError: Error, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case libraryNotFound(name: String, searched: [String], fix: String)
        case symbolNotFound(library: String, symbol: String)
        case corruptManifest(path: String, reason: String)
        case subprocessFailed(program: String, status: Int32, stderrTail: String)
        case programNotFound(program: String, fix: String)
        case io(path: String, reason: String)
    }

    private let kind: Kind

    public static func libraryNotFound(_ name: String, searched: [String], fix: String) -> RuntimeError {
        RuntimeError(kind: .libraryNotFound(name: name, searched: searched, fix: fix))
    }
    public static func symbolNotFound(_ symbol: String, in library: String) -> RuntimeError {
        RuntimeError(kind: .symbolNotFound(library: library, symbol: symbol))
    }
    public static func corruptManifest(_ path: String, reason: String) -> RuntimeError {
        RuntimeError(kind: .corruptManifest(path: path, reason: reason))
    }
    public static func subprocessFailed(_ program: String, status: Int32, stderrTail: String) -> RuntimeError {
        RuntimeError(kind: .subprocessFailed(program: program, status: status, stderrTail: stderrTail))
    }
    public static func programNotFound(_ program: String, fix: String) -> RuntimeError {
        RuntimeError(kind: .programNotFound(program: program, fix: fix))
    }
    public static func io(_ path: String, _ reason: String) -> RuntimeError {
        RuntimeError(kind: .io(path: path, reason: reason))
    }

    public var description: String {
        switch kind {
        case let .libraryNotFound(name, searched, fix):
            return "cannot load \(name) (looked in: \(searched.joined(separator: ", "))): \(fix)"
        case let .symbolNotFound(library, symbol):
            return "\(library) has no symbol \(symbol): the installed library is not the expected version; run `make setup`"
        case let .corruptManifest(path, reason):
            return "\(path): unreadable manifest (\(reason)); run `make setup` to rewrite it"
        case let .subprocessFailed(program, status, stderrTail):
            let tail = stderrTail.isEmpty ? "" : ": \(stderrTail)"
            return "\(program) exited with status \(status)\(tail)"
        case let .programNotFound(program, fix):
            return "\(program) not found on PATH: \(fix)"
        case let .io(path, reason):
            return "\(path): \(reason)"
        }
    }
}
