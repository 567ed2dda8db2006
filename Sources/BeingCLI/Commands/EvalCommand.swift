import ArgumentParser

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure an avatar against real frames: PSNR, SSIM, lip-landmark distance, sync.",
        discussion: "Renders a split self-driven (its own speech and poses) and compares, with two baselines in the same run."
    )

    enum Split: String, ExpressibleByArgument, CaseIterable {
        case train, test
    }

    @Argument(help: "An avatar folder written by `being train`.")
    var avatar: String

    @Option(name: .long, help: "The dataset the avatar was trained on.")
    var dataset: String

    @Option(name: .long, help: "Which split to compare: train or test.")
    var split: Split = .test

    @Option(name: .long, help: "Also write the metrics as JSON to this file.")
    var json: String?

    @Option(name: .long, help: "Write report.md, compare.mp4, aperture.png, worst.png, real.mp4 and rendered.mp4 here.")
    var report: String?

    func run() throws {
        throw notBuilt("eval", issue: 8, what: "the quality report")
    }
}
