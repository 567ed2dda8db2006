import ArgumentParser
import BeingDataset
import BeingEval
import BeingGenerate
import BeingMedia
import Foundation

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure an avatar against real frames: PSNR, SSIM, lip-landmark distance, sync, blinks.",
        discussion: """
        Renders a split self-driven (its own speech and poses) and compares it with the real frames, \
        with two baselines in the same run: a still training frame, and the training frames replayed. \
        --rendered scores any frame-aligned video of the split instead (from another tool, say).
        """
    )

    enum Split: String, ExpressibleByArgument, CaseIterable {
        case train, test
    }

    @Argument(help: "An avatar folder written by `being train` (or use --rendered).")
    var avatar: String?

    @Option(name: .long, help: "The dataset the avatar was trained on.")
    var dataset: String

    @Option(name: .long, help: "Which split to compare: train or test.")
    var split: Split = .test

    @Option(name: .long, help: "Score this video (frame-aligned with the split, same size) instead of rendering an avatar.")
    var rendered: String?

    @Option(name: .long, help: "Also write the metrics as JSON to this file.")
    var json: String?

    @Option(name: .long, help: "Drive the mouth from the split's speech (the real test) or from its tracked codes (an upper bound for rendering).")
    var mouth: SelfDriven.MouthSource = .speech

    @Option(name: .long, help: "Take the upper face (brows, lids, gaze) from the split's tracked codes, as generate takes it from its reference frames, or hold it at the avatar's rest with no blinks, to see what the mouth gets from speech alone.")
    var upper: SelfDriven.UpperSource = .tracked

    @Option(name: .long, help: "Write report.md, compare.mp4, aperture.png, worst.png, real.mp4 and rendered.mp4 here.")
    var report: String?

    func validate() throws {
        if (avatar == nil) == (rendered == nil) {
            throw ValidationError("Give an AVATAR folder or --rendered VIDEO (one of them).")
        }
    }

    func run() throws {
        let opened = try Dataset.open(dataset)
        let real = try SplitFrames(dataset: opened, split: split.rawValue)
        let name: String
        let frames: [RGBImage]
        if let rendered {
            name = "rendered"
            frames = try Self.readFrames(rendered, count: real.frames.count)
        } else {
            name = (mouth == .speech ? "avatar" : "avatar (tracked mouth)") + (upper == .rest ? " (upper face at rest)" : "")
            var driven = SelfDriven(avatar: avatar!)
            driven.mouthSource = mouth
            driven.upperSource = upper
            driven.progress = TerminalProgress().sink
            frames = try driven.render(dataset: opened, frames: Array(real.range))
        }
        let candidates = [
            (name: name, frames: frames),
            (name: "still", frames: try SplitFrames.stillBaseline(opened, count: real.frames.count)),
            (name: "replay", frames: try SplitFrames.replayBaseline(opened, count: real.frames.count)),
        ]
        let result = try Evaluator().evaluate(real: real.frames, candidates: candidates, progress: TerminalProgress().sink)
        print(ReportWriter.markdown(result, split: real))
        if let json { try Data(try jsonString(result).utf8).write(to: URL(fileURLWithPath: json)) }
        if let report {
            try ReportWriter.write(result, real: real, rendered: frames, renderedName: name, to: report)
            print("wrote \(report)/report.md, compare.mp4, aperture.png, worst.png, real.mp4, rendered.mp4")
        }
    }

    static func readFrames(_ path: String, count: Int) throws -> [RGBImage] {
        let reader = try VideoFrameReader(path: path)
        defer { reader.close() }
        var frames: [RGBImage] = []
        while frames.count < count, let frame = try reader.next() { frames.append(frame) }
        guard frames.count == count else { throw EvalError.mismatchedLength(path, frames: frames.count, expected: count) }
        return frames
    }
}

extension SelfDriven.MouthSource: ExpressibleByArgument {}
extension SelfDriven.UpperSource: ExpressibleByArgument {}
