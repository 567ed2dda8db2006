import ArgumentParser
import BeingMedia
import Foundation

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Describe a media file: duration, fps, frame size, codec, and its audio.",
        discussion: "Reads the file with ffprobe. A missing, empty or unreadable file is a one-line error and exit status 1."
    )

    @Argument(help: "A video or audio file.")
    var file: String

    @Flag(name: .long, help: "Print the description as JSON, for scripts.")
    var json = false

    func run() throws {
        let info = try MediaInfo.probe(file)
        if json {
            print(try jsonString(info))
            return
        }
        print("\(info.path)")
        print("  duration  \(String(format: "%.3f", info.duration)) s (\(info.container))")
        if let video = info.video {
            let rotation = video.rotation == 0 ? "" : ", rotated \(video.rotation)°"
            print("  video     \(video.width)x\(video.height) at \(String(format: "%.3f", video.fps)) fps, \(video.codec)\(rotation)")
        } else {
            print("  video     none")
        }
        if let audio = info.audio {
            print("  audio     \(audio.sampleRate) Hz, \(audio.channels) channel(s), \(audio.codec)")
        } else {
            print("  audio     none")
        }
    }
}
