import ArgumentParser
import BeingAvatar
import BeingFace
import BeingMedia
import BeingRuntime
import Foundation

/// Per-frame cost of rendering an avatar into its reference frames, phase by phase: what bounds
/// `being generate` and `being serve`.
struct BenchAvatar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avatar",
        abstract: "Render an avatar into its reference frames and report median milliseconds per phase.",
        discussion: "Phases: decode (the reference JPEG), pose (blend shapes), splat (forward render of the crop), paste (mask and feather); whole frame is AvatarRenderer.render, all of them but decode plus the composite."
    )

    @Argument(help: "An avatar folder written by `being train`.")
    var avatar: String

    @Option(name: .long, help: "Frames to render (the first two are warm-up and not counted).")
    var frames: Int = 40

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    struct Result: Codable {
        var avatar: String
        var gaussians: Int
        var crop: [Int]
        var frames: Int
        var medianMilliseconds: [String: Double]
        var framesPerSecond: Double
    }

    func run() throws {
        let model = try Avatar.load(avatar)
        let reference = try AvatarReference.load(avatar: avatar)
        let renderer = AvatarRenderer(avatar: model)
        let indices = reference.frames("train")
        var timings: [String: [Double]] = [:]
        func timed<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
            let start = DispatchTime.now().uptimeNanoseconds
            let value = try body()
            timings[phase, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            return value
        }
        let code = ExpressionCode(values: reference.restMouth + reference.openUpper)
        for n in 0..<(frames + 2) {
            if n == 2 { timings = [:] }
            let index = indices[n % indices.count]
            guard let pose = reference.poses[index] else { throw AvatarError.corrupt(avatar, "no pose for reference frame \(index)") }
            let background = try timed("decode") { try AvatarReference.frame(index, avatar: avatar) }
            let splats = timed("pose") { model.posed(code) }
            let behind = TrainingFrames.cut(background, model.crop).map { Float($0) / 255 }
            _ = try timed("splat") { try renderer.renderCrop(splats, pose: pose, background: behind) }
            _ = timed("paste") { renderer.pasteWeights(code: code, pose: pose) }
            _ = try timed("whole frame") { try renderer.render(frame: pose, code: code, background: background) }
        }
        let medians = timings.mapValues { $0.sorted()[$0.count / 2] }
        let whole = medians["whole frame"] ?? 0, decode = medians["decode"] ?? 0
        let result = Result(avatar: avatar, gaussians: model.count, crop: [model.crop.width, model.crop.height], frames: frames,
                            medianMilliseconds: medians, framesPerSecond: 1000 / (whole + decode))
        if json { print(try jsonString(result)); return }
        print("\(avatar): \(model.count) Gaussians, crop \(model.crop.width)x\(model.crop.height), \(frames) frames")
        for phase in ["decode", "pose", "splat", "paste", "whole frame"] { print(String(format: "  %-12@ %7.2f ms", phase, medians[phase] ?? 0)) }
        print(String(format: "  decode + whole frame: %.2f ms (%.1f frames/s, one frame at a time)", whole + decode, result.framesPerSecond))
    }
}
