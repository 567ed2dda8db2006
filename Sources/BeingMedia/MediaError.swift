/// Errors of media input and output. Every message names the file and the problem in one line.
public struct MediaError: Error, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case fileNotFound
        case emptyFile
        case notMedia(reason: String)
        case noVideoStream
        case noAudioStream
        case ffmpegFailed(tool: String, stderrTail: String)
        case toolMissing(tool: String)
        case invalidArgument(String)
        case badWAV(String)
        case badImage(String)
        case libraryMissing(String)
    }

    private let kind: Kind
    /// The file the error is about, as the user named it.
    public let path: String

    public static func fileNotFound(_ path: String) -> MediaError { MediaError(kind: .fileNotFound, path: path) }
    public static func emptyFile(_ path: String) -> MediaError { MediaError(kind: .emptyFile, path: path) }
    public static func notMedia(_ path: String, reason: String) -> MediaError { MediaError(kind: .notMedia(reason: reason), path: path) }
    public static func noVideoStream(_ path: String) -> MediaError { MediaError(kind: .noVideoStream, path: path) }
    public static func noAudioStream(_ path: String) -> MediaError { MediaError(kind: .noAudioStream, path: path) }
    /// ffmpeg or ffprobe failed on `path`; `stderrTail` is the last lines it wrote.
    public static func ffmpegFailed(_ path: String, tool: String, stderrTail: String) -> MediaError {
        MediaError(kind: .ffmpegFailed(tool: tool, stderrTail: stderrTail), path: path)
    }
    public static func toolMissing(_ tool: String) -> MediaError { MediaError(kind: .toolMissing(tool: tool), path: tool) }
    public static func invalidArgument(_ path: String, _ message: String) -> MediaError { MediaError(kind: .invalidArgument(message), path: path) }
    public static func badWAV(_ path: String, _ message: String) -> MediaError { MediaError(kind: .badWAV(message), path: path) }
    public static func badImage(_ path: String, _ message: String) -> MediaError { MediaError(kind: .badImage(message), path: path) }
    public static func libraryMissing(_ message: String) -> MediaError { MediaError(kind: .libraryMissing(message), path: "") }

    /// The last lines ffmpeg wrote to stderr, when the error came from ffmpeg.
    public var ffmpegStderr: String? {
        if case let .ffmpegFailed(_, tail) = kind { return tail }
        return nil
    }

    public var description: String {
        switch kind {
        case .fileNotFound: return "\(path): no such file"
        case .emptyFile: return "\(path): the file is empty"
        case let .notMedia(reason): return "\(path): not a video or audio file ffmpeg can read (\(reason))"
        case .noVideoStream: return "\(path): has no video stream"
        case .noAudioStream: return "\(path): has no audio stream"
        case let .ffmpegFailed(tool, tail): return "\(path): \(tool) failed: \(tail.isEmpty ? "no message" : tail)"
        case let .toolMissing(tool):
            return "\(tool) not found: install it with `make setup`, or `sudo apt-get install ffmpeg` (Debian/Ubuntu), `brew install ffmpeg` (macOS)"
        case let .invalidArgument(message): return "\(path): \(message)"
        case let .badWAV(message): return "\(path): not a usable WAV file (\(message))"
        case let .badImage(message): return "\(path): \(message)"
        case let .libraryMissing(message): return message
        }
    }
}
