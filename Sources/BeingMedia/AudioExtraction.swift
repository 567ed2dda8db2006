import BeingRuntime
import Foundation

/// Mono audio as Float32 samples in [-1, 1].
public struct AudioSamples: Sendable, Equatable {
    public var sampleRate: Int
    /// [frames]
    public var samples: [Float]

    public init(sampleRate: Int, samples: [Float]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    public var duration: Double { Double(samples.count) / Double(sampleRate) }
}

extension AudioSamples {
    /// The speech rate of the whole pipeline.
    public static let speechSampleRate = 16_000

    /// Extracts the first audio stream of any file ffmpeg reads, downmixed to mono and resampled
    /// by ffmpeg to `sampleRate` (16 kHz by default).
    public static func extract(from path: String, sampleRate: Int = speechSampleRate, tools: FFmpegTools? = nil) throws -> AudioSamples {
        let tools = try tools ?? FFmpegTools.locate()
        let info = try MediaInfo.probe(path, tools: tools)
        guard info.hasAudio else { throw MediaError.noAudioStream(path) }
        let child = try ChildProcess(executable: tools.ffmpeg, arguments: FFmpegTools.quietPrefix + [
            "-i", path, "-map", "0:a:0", "-vn", "-ac", "1", "-ar", "\(sampleRate)", "-f", "f32le", "pipe:1",
        ])
        child.closeInput()
        let data = try child.readToEnd()
        if child.wait() != 0 {
            throw MediaError.ffmpegFailed(path, tool: "ffmpeg", stderrTail: child.stderrLines())
        }
        let samples = data.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        return AudioSamples(sampleRate: sampleRate, samples: samples)
    }
}
