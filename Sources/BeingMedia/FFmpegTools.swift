import BeingRuntime
import Foundation

/// The `ffmpeg` and `ffprobe` programs, found on `PATH`.
public struct FFmpegTools: Sendable {
    public let ffmpeg: String
    public let ffprobe: String

    /// Finds both programs; throws `MediaError.toolMissing` naming the one that is absent.
    public static func locate() throws -> FFmpegTools {
        guard let ffmpeg = ProgramLocator.find("ffmpeg") else { throw MediaError.toolMissing("ffmpeg") }
        guard let ffprobe = ProgramLocator.find("ffprobe") else { throw MediaError.toolMissing("ffprobe") }
        return FFmpegTools(ffmpeg: ffmpeg, ffprobe: ffprobe)
    }

    /// The version word of a tool (`6.1.1-3ubuntu5`), from the first line of `TOOL -version`.
    public static func version(of executable: String) -> String? {
        guard let data = try? ChildProcess.run(executable, ["-version"]) else { return nil }
        let firstLine = String(decoding: data, as: UTF8.self).split(separator: "\n").first ?? ""
        let words = firstLine.split(separator: " ")
        guard let index = words.firstIndex(of: "version"), index + 1 < words.count else { return nil }
        return String(words[index + 1])
    }

    /// Arguments every ffmpeg run starts with: quiet, never reading the terminal, never asking.
    static let quietPrefix = ["-nostdin", "-hide_banner", "-loglevel", "error"]
}

/// Checks that `path` names a non-empty regular file, so that the error names the real problem
/// rather than ffmpeg's reading of it.
func checkInputFile(_ path: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw MediaError.fileNotFound(path)
    }
    if isDirectory.boolValue { throw MediaError.invalidArgument(path, "is a folder, not a media file") }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    if size == 0 { throw MediaError.emptyFile(path) }
}
