import ArgumentParser
import BeingAvatar
import BeingDataset
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit a speech-driven Gaussian-splatting head to a prepared dataset.",
        discussion: """
        Trains on the dataset's training split only, in three stages: face, mouth interior, joint.
        Checkpoints to AVATAR/checkpoint every two minutes and after each stage; --resume continues
        exactly where it stopped. Previews (render | truth | difference) go to AVATAR/previews.
        """
    )

    enum Preset: String, ExpressibleByArgument, CaseIterable {
        case fast, `default`, best
    }

    @Argument(help: "A dataset folder written by `being prepare`.")
    var dataset: String

    @Option(name: .shortAndLong, help: "The avatar folder to write.")
    var output: String

    @Option(name: .long, help: "Total iterations (default: set by the preset), shared among the stages as the preset shares them.")
    var iterations: Int?

    @Flag(name: .long, help: "Continue from the last checkpoint in the avatar folder.")
    var resume = false

    @Option(name: .long, help: "Speed/quality trade-off: fast, default or best.")
    var preset: Preset = .default

    @Option(name: .long, help: "Write a preview PNG every N iterations (0: only at the end).")
    var previewEvery = 500

    @Option(name: .long, help: "Seconds between checkpoints (a kill loses at most this much work).")
    var checkpointSeconds = 120.0

    func validate() throws {
        if let iterations, iterations < 3 { throw ValidationError("--iterations must be at least 3 (one per stage), got \(iterations).") }
    }

    func run() throws {
        let opened = try Dataset.open(dataset)
        var chosen = TrainingPreset.named(preset.rawValue)!
        if let iterations { chosen = chosen.scaled(to: iterations) }
        let folder = URL(fileURLWithPath: output)
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        if !resume, !contents.isEmpty {
            throw CommandFailure("\(output) already exists and is not empty: pass --resume to continue training it, or choose another -o")
        }
        var trainer = AvatarTrainer(preset: chosen)
        trainer.progress = TerminalProgress().sink
        trainer.previewEvery = previewEvery
        trainer.checkpointSeconds = checkpointSeconds
        let start = Date()
        let summary = try trainer.train(dataset: opened, output: folder, resume: resume)
        let stages = ["setup", "face", "mouth", "joint"].compactMap { name in
            summary.stageSeconds[name].map { String(format: "%@ %.0f s", name, $0) }
        }
        let psnr = summary.finalPSNR.map { String(format: "training-view PSNR %.2f dB", $0) } ?? "nothing left to train"
        print(String(format: "trained %@: %d iterations, %d Gaussians, %@, %.0f s this run (%@)",
                     output, summary.iterations, summary.gaussians, psnr, Date().timeIntervalSince(start),
                     stages.joined(separator: ", ")))
    }
}
