#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A shared library opened with `dlopen`, kept open for the life of the process.
///
/// Native dependencies (ONNX Runtime, hama, libturbojpeg, CUDA, NVRTC) are loaded at run time,
/// so `being` builds without any of them and says clearly which one is missing.
public final class NativeLibrary: @unchecked Sendable {
    /// The path or name that `dlopen` accepted.
    public let path: String
    private let handle: UnsafeMutableRawPointer

    /// Opens the first of `candidates` that `dlopen` accepts.
    /// - Parameters:
    ///   - name: a human name for messages ("ONNX Runtime").
    ///   - candidates: absolute paths or bare file names (searched on the loader path).
    ///   - fix: what the user should do when none opens.
    public init(name: String, candidates: [String], fix: String) throws {
        var errors: [String] = []
        for candidate in candidates {
            if let handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) {
                self.handle = handle
                self.path = candidate
                return
            }
            if let message = dlerror() {
                errors.append(String(cString: message))
            }
        }
        let reason = errors.first { !$0.contains("No such file") } ?? ""
        throw RuntimeError.libraryNotFound(name, searched: candidates, fix: reason.isEmpty ? fix : "\(reason); \(fix)")
    }

    /// The address of `symbol`, cast to the C function type `T`.
    ///
    ///     let version = try library.function("hama_version", as: (@convention(c) () -> Int32).self)
    public func function<T>(_ symbol: String, as type: T.Type) throws -> T {
        guard let address = dlsym(handle, symbol) else {
            throw RuntimeError.symbolNotFound(symbol, in: path)
        }
        return unsafeBitCast(address, to: type)
    }

    /// Whether the library exports `symbol`.
    public func has(_ symbol: String) -> Bool {
        dlsym(handle, symbol) != nil
    }
}
