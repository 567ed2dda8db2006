import ArgumentParser

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise a prepared dataset: frames, split, speech coverage, blinks, mouth range.",
        discussion: "Validates the dataset folder as it reads it."
    )

    @Argument(help: "A dataset folder written by `being prepare`.")
    var dataset: String

    @Option(name: .long, help: "Write a contact sheet PNG: frames with masks and landmarks, plus signal plots.")
    var sheet: String?

    func run() throws {
        throw notBuilt("inspect", issue: 4, what: "the dataset format")
    }
}
