import ArgumentParser

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit a speech-driven Gaussian-splatting head to a prepared dataset.",
        discussion: "Trains on the dataset's training split only. Checkpoints as it goes; --resume continues where it stopped."
    )

    enum Preset: String, ExpressibleByArgument, CaseIterable {
        case fast, `default`, best
    }

    @Argument(help: "A dataset folder written by `being prepare`.")
    var dataset: String

    @Option(name: .shortAndLong, help: "The avatar folder to write.")
    var output: String

    @Option(name: .long, help: "Total iterations (default: set by the preset).")
    var iterations: Int?

    @Flag(name: .long, help: "Continue from the last checkpoint in the avatar folder.")
    var resume = false

    @Option(name: .long, help: "Speed/quality trade-off: fast, default or best.")
    var preset: Preset = .default

    func run() throws {
        throw notBuilt("train", issue: 6, what: "the avatar model and its training stages")
    }
}
