import ArgumentParser
import BeingAvatar
import BeingDataset
import BeingDriving
import BeingEval
import BeingGenerate
import BeingMedia
import BeingRuntime
import Foundation

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Make an avatar say any speech: audio (or text) in, lip-synced mp4 out.",
        discussion: """
        The output is H.264 + AAC, carries the input audio, and lasts as long as it. It is written
        atomically: after an error or Ctrl-C no partial file remains.
        Self-driven mode (--dataset D --split test) renders a split of the avatar's own dataset from
        its own audio and poses, frame-aligned with its real frames, for `being eval` and outside tools.
        """
    )

    enum Reference: String, ExpressibleByArgument, CaseIterable {
        case train, test, all
    }

    @Argument(help: "An avatar folder written by `being train`.")
    var avatar: String

    @Option(name: .long, help: "Any audio file ffmpeg reads (wav, mp3, m4a; any rate; stereo is downmixed).")
    var audio: String?

    @Option(name: .long, help: "Text to speak with espeak-ng instead of an audio file.")
    var text: String?

    @Option(name: .shortAndLong, help: "The mp4 to write.")
    var output: String

    @Option(name: .long, help: "Which of the avatar's own frames to paste the face into: train, test or all.")
    var reference: Reference = .train

    @Option(name: .long, help: "Output frame size in pixels (square).")
    var size: Int = 512

    @Option(name: .long, help: "espeak-ng voice, with --text.")
    var voice: String = "en-us"

    @Option(name: .long, help: "espeak-ng speaking rate in words per minute, with --text.")
    var rate: Int = 160

    @Option(name: .long, help: "Self-driven mode: the dataset the avatar was trained on (with --split).")
    var dataset: String?

    @Option(name: .long, help: "Self-driven mode: the split to render, train or test.")
    var split: String = "test"

    func validate() throws {
        let sources = [audio != nil, text != nil, dataset != nil].filter { $0 }.count
        if sources != 1 {
            throw ValidationError("Give exactly one of --audio FILE, --text \"…\" or --dataset DATASET.")
        }
        if size < 16 || size % 2 != 0 { throw ValidationError("--size must be an even number of pixels, at least 16; got \(size).") }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: URL(fileURLWithPath: avatar).appendingPathComponent(AvatarStore.manifestName).path) else {
            throw AvatarError.notAnAvatar(avatar)
        }
        if let dataset { return try selfDriven(dataset) }
        let speech: SpeechInput = audio.map { .audioFile($0) } ?? .text(text!, voice: voice, wordsPerMinute: rate)
        var generation = Generation(avatar: avatar)
        generation.reference = reference.rawValue
        generation.size = size
        generation.progress = TerminalProgress().sink
        let summary = try generation.run(speech: speech, output: output)
        print(String(format: "wrote %@: %d frames (%.2f s of audio) in %.1f s, %.1f frames/s", output, summary.frames,
                     summary.audioSeconds, summary.seconds, summary.framesPerSecond))
    }

    /// Renders a split of the dataset from its own audio and poses, with the split's audio.
    func selfDriven(_ path: String) throws {
        let opened = try Dataset.open(path)
        let real = try SplitFrames(dataset: opened, split: split)
        var driven = SelfDriven(avatar: avatar)
        driven.progress = TerminalProgress().sink
        let frames = try driven.render(dataset: opened, frames: Array(real.range))
        let encoder = try VideoEncoder(outputPath: output, width: opened.manifest.size, height: opened.manifest.size, fps: opened.manifest.fps,
                                       audio: .samples(real.audio), outputSize: size == opened.manifest.size ? nil : size)
        let cleanup = InterruptCleanup.register { encoder.cancel() }
        defer { InterruptCleanup.unregister(cleanup) }
        do {
            for frame in frames { try encoder.append(frame) }
            try encoder.finish()
        } catch {
            encoder.cancel()
            throw error
        }
        print("wrote \(output): \(frames.count) frames of the \(split) split, self-driven")
    }
}
