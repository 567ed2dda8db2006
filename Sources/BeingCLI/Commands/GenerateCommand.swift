import ArgumentParser

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Make an avatar say any speech: audio (or text) in, lip-synced mp4 out.",
        discussion: "The output is H.264 + AAC, carries the input audio, and lasts as long as it."
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

    func validate() throws {
        if (audio == nil) == (text == nil) {
            throw ValidationError("Give exactly one of --audio FILE or --text \"…\".")
        }
    }

    func run() throws {
        throw notBuilt("generate", issue: 7, what: "rendering an avatar from speech")
    }
}
