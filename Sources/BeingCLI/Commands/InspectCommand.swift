import ArgumentParser
import BeingDataset
import BeingMedia
import BeingPrepare

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise a prepared dataset: frames, split, speech coverage, blinks, mouth range.",
        discussion: "Validates the dataset folder as it reads it (missing or truncated files are errors)."
    )

    @Argument(help: "A dataset folder written by `being prepare`.")
    var dataset: String

    @Option(name: .long, help: "Write a contact sheet PNG: frames with masks and landmarks, plus signal plots.")
    var sheet: String?

    @Flag(name: .long, help: "Also compare every file's sha256 with dataset.json.")
    var verify = false

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let opened = try Dataset.open(dataset)
        if verify { try opened.verifyChecksums() }
        let summary = try DatasetSummary(dataset: opened)
        print(json ? try jsonString(summary) : "\(dataset)\n" + summary.formatted())
        if let sheet {
            try PNG.write(try ContactSheet.render(opened), to: sheet)
            if !json { print("wrote \(sheet)") }
        }
    }
}
