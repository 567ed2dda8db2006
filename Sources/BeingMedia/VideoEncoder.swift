import BeingRuntime
import Foundation

/// Where an encoded video's sound comes from.
public enum AudioTrack: Sendable {
    /// The first audio stream of a media file.
    case file(String)
    /// Samples held in memory.
    case samples(AudioSamples)
}

/// Encodes RGB8 frames, as they are produced, plus an audio track, to an mp4 that browsers play:
/// H.264 yuv420p, AAC, `faststart`. The file appears under its name only when `finish()` succeeds.
/// `cancel()` may be called from a signal handler's queue while another thread appends; it only
/// kills ffmpeg and removes the temporary file, which is what an interrupted run wants.
public final class VideoEncoder: @unchecked Sendable {
    public let outputPath: String
    public let width: Int
    public let height: Int
    public let fps: Int
    public private(set) var framesWritten = 0
    private let temporary: URL
    private let audioScratch: URL?
    private let child: ChildProcess
    private var done = false

    /// - Parameters:
    ///   - quality: x264's constant rate factor; lower is better (18 is visually lossless).
    ///   - outputSize: scale the frames to outputSize × outputSize in the file (area filter), when set.
    public init(outputPath: String, width: Int, height: Int, fps: Int = 25, audio: AudioTrack? = nil,
                quality: Int = 18, outputSize: Int? = nil, tools: FFmpegTools? = nil) throws {
        if let outputSize, outputSize <= 0 || outputSize % 2 != 0 {
            throw MediaError.invalidArgument(outputPath, "output size \(outputSize) must be positive and even for H.264")
        }
        guard width > 0, height > 0, width % 2 == 0, height % 2 == 0 else {
            throw MediaError.invalidArgument(outputPath, "frame size \(width)x\(height) must be positive and even for H.264")
        }
        let tools = try tools ?? FFmpegTools.locate()
        let destination = URL(fileURLWithPath: outputPath)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        temporary = AtomicFile.temporaryURL(for: destination)

        var audioInput: String?
        switch audio {
        case .file(let path)?:
            let info = try MediaInfo.probe(path, tools: tools)
            guard info.hasAudio else { throw MediaError.noAudioStream(path) }
            audioInput = path
            audioScratch = nil
        case .samples(let samples)?:
            let scratch = temporary.appendingPathExtension("wav")
            try WAVFile.write(samples, to: scratch.path, format: .float32)
            audioInput = scratch.path
            audioScratch = scratch
        case nil:
            audioScratch = nil
        }

        var arguments = FFmpegTools.quietPrefix + [
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "\(width)x\(height)", "-framerate", "\(fps)", "-i", "pipe:0",
        ]
        if let audioInput { arguments += ["-i", audioInput, "-map", "0:v:0", "-map", "1:a:0"] }
        if let outputSize { arguments += ["-vf", "scale=\(outputSize):\(outputSize):flags=area"] }
        arguments += ["-c:v", "libx264", "-preset", "veryfast", "-crf", "\(quality)", "-pix_fmt", "yuv420p", "-r", "\(fps)"]
        if audioInput != nil { arguments += ["-c:a", "aac", "-b:a", "128k"] }
        arguments += ["-movflags", "+faststart", "-f", "mp4", "-y", temporary.path]
        self.outputPath = outputPath
        self.width = width
        self.height = height
        self.fps = fps
        child = try ChildProcess(executable: tools.ffmpeg, arguments: arguments)
    }

    deinit {
        if !done { cancel() }
    }

    /// Sends one frame to the encoder.
    public func append(_ frame: RGBImage) throws {
        guard frame.width == width, frame.height == height else {
            throw MediaError.invalidArgument(outputPath, "frame \(framesWritten) is \(frame.width)x\(frame.height), expected \(width)x\(height)")
        }
        let accepted = frame.pixels.withUnsafeBytes { child.write($0) }
        if !accepted {
            cancel()
            throw MediaError.ffmpegFailed(outputPath, tool: "ffmpeg", stderrTail: child.stderrLines())
        }
        framesWritten += 1
    }

    /// Ends the stream, waits for ffmpeg and moves the finished file into place.
    public func finish() throws {
        guard !done else { return }
        done = true
        defer { removeScratch() }
        do {
            try child.waitForSuccess(name: "ffmpeg")
            try AtomicFile.commit(temporary, to: URL(fileURLWithPath: outputPath))
        } catch let error as RuntimeError {
            try? FileManager.default.removeItem(at: temporary)
            throw MediaError.ffmpegFailed(outputPath, tool: "ffmpeg", stderrTail: "\(error)")
        }
    }

    /// Abandons the file: stops ffmpeg and removes everything written so far.
    public func cancel() {
        done = true
        child.terminate()
        try? FileManager.default.removeItem(at: temporary)
        removeScratch()
    }

    private func removeScratch() {
        if let audioScratch { try? FileManager.default.removeItem(at: audioScratch) }
    }
}
