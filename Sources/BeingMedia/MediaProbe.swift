import BeingRuntime
import Foundation

/// What `ffprobe` says about a media file: its first video stream and first audio stream.
public struct MediaInfo: Codable, Sendable, Equatable {
    public struct Video: Codable, Sendable, Equatable {
        /// Displayed size, after any rotation the container asks for.
        public var width: Int
        public var height: Int
        /// Frames per second (the stream's average rate, else its base rate).
        public var fps: Double
        public var codec: String
        /// Frame count from the container, when it states one.
        public var frameCount: Int?
        /// Degrees the player rotates the picture by (0, 90, 180, 270).
        public var rotation: Int
    }

    public struct Audio: Codable, Sendable, Equatable {
        public var sampleRate: Int
        public var channels: Int
        public var codec: String
    }

    public var path: String
    /// Seconds.
    public var duration: Double
    public var container: String
    public var video: Video?
    public var audio: Audio?
    public var hasAudio: Bool { audio != nil }
}

extension MediaInfo {
    /// Probes `path` with ffprobe. A missing, empty or unreadable file is a one-line `MediaError`.
    public static func probe(_ path: String, tools: FFmpegTools? = nil) throws -> MediaInfo {
        try checkInputFile(path)
        let tools = try tools ?? FFmpegTools.locate()
        let child = try ChildProcess(executable: tools.ffprobe, arguments: [
            "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path,
        ])
        child.closeInput()
        let output = try child.readToEnd()
        if child.wait() != 0 {
            throw MediaError.notMedia(path, reason: lastMeaningfulLine(child.stderrLines(1), path: path))
        }
        let report: FFprobeReport
        do {
            report = try JSONDecoder().decode(FFprobeReport.self, from: output)
        } catch {
            throw MediaError.notMedia(path, reason: "ffprobe printed no usable report")
        }
        return try MediaInfo(path: path, report: report)
    }

    init(path: String, report: FFprobeReport) throws {
        let streams = report.streams ?? []
        let videoStream = streams.first { $0.codec_type == "video" && $0.disposition?.attached_pic != 1 }
        let audioStream = streams.first { $0.codec_type == "audio" }
        guard videoStream != nil || audioStream != nil else {
            throw MediaError.notMedia(path, reason: "no video or audio stream")
        }
        self.path = path
        self.container = report.format?.format_name ?? "unknown"
        let duration = Double(report.format?.duration ?? "")
            ?? Double(videoStream?.duration ?? "") ?? Double(audioStream?.duration ?? "") ?? 0
        self.duration = duration
        if let stream = videoStream, let width = stream.width, let height = stream.height {
            let rotation = stream.rotationDegrees
            let swaps = rotation == 90 || rotation == 270
            let fps = parseRate(stream.avg_frame_rate) ?? parseRate(stream.r_frame_rate) ?? 0
            video = Video(
                width: swaps ? height : width, height: swaps ? width : height, fps: fps,
                codec: stream.codec_name ?? "unknown", frameCount: Int(stream.nb_frames ?? ""), rotation: rotation
            )
        }
        if let stream = audioStream {
            audio = Audio(
                sampleRate: Int(stream.sample_rate ?? "") ?? 0, channels: stream.channels ?? 0,
                codec: stream.codec_name ?? "unknown"
            )
        }
    }
}

/// ffprobe's message without the file name it repeats ("x.mp4: Invalid data…" → "Invalid data…").
func lastMeaningfulLine(_ text: String, path: String) -> String {
    var line = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if line.hasPrefix(path + ": ") { line.removeFirst(path.count + 2) }
    return line.isEmpty ? "ffprobe could not read it" : line
}

/// "30000/1001" → 29.97; "0/0" → nil.
func parseRate(_ text: String?) -> Double? {
    guard let text else { return nil }
    let parts = text.split(separator: "/")
    guard parts.count == 2, let numerator = Double(parts[0]), let denominator = Double(parts[1]), denominator != 0, numerator != 0 else {
        return Double(text).flatMap { $0 > 0 ? $0 : nil }
    }
    return numerator / denominator
}

/// The parts of `ffprobe -print_format json -show_format -show_streams` that Being reads.
struct FFprobeReport: Decodable {
    struct Stream: Decodable {
        struct Disposition: Decodable { var attached_pic: Int? }
        struct SideData: Decodable { var rotation: Double? }
        var codec_type: String?
        var codec_name: String?
        var width: Int?
        var height: Int?
        var avg_frame_rate: String?
        var r_frame_rate: String?
        var nb_frames: String?
        var duration: String?
        var sample_rate: String?
        var channels: Int?
        var disposition: Disposition?
        var side_data_list: [SideData]?
        var tags: [String: String]?

        var rotationDegrees: Int {
            let raw = side_data_list?.compactMap(\.rotation).first ?? Double(tags?["rotate"] ?? "") ?? 0
            return ((Int(raw.rounded()) % 360) + 360) % 360
        }
    }
    struct Format: Decodable {
        var format_name: String?
        var duration: String?
    }
    var streams: [Stream]?
    var format: Format?
}
