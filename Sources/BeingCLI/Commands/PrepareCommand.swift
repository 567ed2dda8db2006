import ArgumentParser
import BeingPrepare
import BeingRuntime
import Foundation

struct PrepareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Turn a video of a person talking into a training dataset.",
        discussion: """
        Normalises the video (square crop around the face, 512x512, 25 fps, 16 kHz mono audio), tracks \
        the face, builds masks, extracts speech features and splits train/test. Resumable: a rerun \
        continues from the last finished stage; dataset.json is written last.
        """
    )

    @Argument(help: "The source video (3 s to 5 min, one person facing the camera).")
    var video: String

    @Option(name: .shortAndLong, help: "The dataset folder to write.")
    var output: String

    @Option(name: .long, help: "Seconds at the end kept for testing (default: 2 s under 20 s of video, else 10%).")
    var testSeconds: Double?

    @Option(name: .long, help: "Cut longer videos to this many seconds, with a warning.")
    var maxSeconds: Double = 300

    @Flag(name: .long, help: "Also write preview.mp4 with the tracked mesh and pose drawn.")
    var preview = false

    func run() throws {
        let start = Date()
        let options = PreparationOptions(testSeconds: testSeconds, maxSeconds: maxSeconds, preview: preview)
        let dataset = try Preparation(source: video, output: output, options: options, progress: TerminalProgress().sink).run()
        let manifest = dataset.manifest
        print(String(format: "prepared %@: %d frames (%.1f s), train %d / test %d, features %@, in %.1f s",
                     output, manifest.frameCount, manifest.duration, manifest.split.trainFrames, manifest.split.testFrames,
                     manifest.features.map(\.kind).joined(separator: ", "), Date().timeIntervalSince(start)))
    }
}
