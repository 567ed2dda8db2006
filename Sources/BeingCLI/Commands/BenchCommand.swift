import ArgumentParser
import BeingMedia
import BeingRuntime
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time parts of the engine on this machine.",
        subcommands: [BenchDecode.self, BenchSpeech.self, BenchSplat.self, BenchTrack.self, BenchAvatar.self]
    )
}

/// Decode speed and peak memory of the streaming video reader.
struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a video to RGB frames and report frames per second and peak memory."
    )

    @Argument(help: "A video file.")
    var video: String

    @Option(name: .long, help: "Resize frames to SIZE x SIZE (omit to keep the source size).")
    var size: Int?

    @Option(name: .long, help: "Resample to this frame rate (omit to keep the source rate).")
    var fps: Double?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    struct Result: Codable {
        var video: String
        var frames: Int
        var width: Int
        var height: Int
        var seconds: Double
        var framesPerSecond: Double
        var peakResidentMegabytes: Double
    }

    func run() throws {
        let start = Date()
        let reader = try VideoFrameReader(path: video, options: VideoDecodeOptions(size: size, fps: fps))
        var checksum = 0
        while let frame = try reader.next() {
            checksum &+= Int(frame.pixels[frame.pixels.count / 2])
        }
        let seconds = Date().timeIntervalSince(start)
        let result = Result(video: video, frames: reader.frameIndex, width: reader.width, height: reader.height,
                            seconds: seconds, framesPerSecond: Double(reader.frameIndex) / seconds,
                            peakResidentMegabytes: ProcessMemory.peakResidentMegabytes())
        if json {
            print(try jsonString(result))
        } else {
            print(String(format: "%d frames of %dx%d in %.2f s: %.1f frames/s, peak RSS %.0f MB",
                         result.frames, result.width, result.height, result.seconds, result.framesPerSecond,
                         result.peakResidentMegabytes))
        }
    }
}
