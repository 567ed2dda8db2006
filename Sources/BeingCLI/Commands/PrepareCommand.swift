import ArgumentParser

struct PrepareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Turn a video of a person talking into a training dataset.",
        discussion: """
        Normalises the video (square crop around the face, 512x512, 25 fps, 16 kHz mono audio), tracks \
        the face, builds masks, extracts speech features and splits train/test. Resumable: a rerun \
        continues from the last finished stage.
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

    @Flag(name: .long, help: "Also write a preview video with the tracked mesh and pose drawn.")
    var preview = false

    func run() throws {
        throw notBuilt("prepare", issue: 4, what: "face tracking and dataset writing")
    }
}
