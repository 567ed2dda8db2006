import ArgumentParser
import BeingFace
import BeingMedia
import BeingRuntime
import Foundation

/// Face-tracking speed per stage and tracking quality on one video.
struct BenchTrack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Track the face in a video; report frames per second per stage, reprojection error and jitter.",
        discussion: """
            Runs the whole tracking stage (detector when lost, mesh, both eyes through the iris model, then camera, \
            pose and expressions) with models from BEING_HOME. Reprojection error is that of the rigid landmarks \
            under the smoothed pose; jitter is the RMS second difference over time of their projections, before \
            and after smoothing.
            """
    )

    @Argument(help: "A video file.")
    var video: String

    @Option(name: .long, help: "Track at most this many frames.")
    var maxFrames: Int?

    @Option(name: .long, help: "Decode frames resized to SIZE x SIZE (e.g. 512, to compare videos at 512²).")
    var size: Int?

    @Option(name: .long, help: "ONNX Runtime intra-op threads per model.")
    var threads = 2

    @Flag(name: .long, help: "Let ONNX Runtime's idle threads busy-wait between runs.")
    var spinning = false

    @Option(name: .long, help: "Also write a preview mp4 (mesh and head axes) to this path.")
    var preview: String?

    @Option(name: .long, help: "Also save the tracking record (tracking.json and arrays) into this folder.")
    var save: String?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    struct Result: Codable {
        var video: String
        var frames: Int
        var width: Int
        var height: Int
        var seconds: Double
        var framesPerSecond: Double
        /// Frames per second each stage alone would allow (frames / seconds in that stage).
        var stageFramesPerSecond: [String: Double]
        var stageSeconds: [String: Double]
        var detectorRuns: Int
        /// Milliseconds per model run (pre- and post-processing included): detect, mesh, iris (both eyes).
        var millisecondsPerRun: [String: Double]
        var focalPixels: Double
        /// The focal lengths tried whose RMS reprojection error came within 1% of the best: how firmly the
        /// video pins the focal length down.
        var focalWithinOnePercent: [Double]
        var threads: Int
        var spinning: Bool
        var reprojectionMedianPixels: Double
        var reprojectionP95Pixels: Double
        var rawReprojectionMedianPixels: Double
        var jitterBeforePixels: Double
        var jitterAfterPixels: Double
        /// 5th, 50th and 95th percentiles of each expression signal over the video.
        var expressionPercentiles: [String: [Double]]
        var warnings: [String]
    }

    static func focalBand(_ profile: [SIMD2<Double>]) -> [Double] {
        guard let best = profile.map(\.y).min() else { return [] }
        let near = profile.filter { $0.y <= 1.01 * best }.map(\.x)
        return [near.min()!, near.max()!]
    }

    static func percentiles(_ values: [Double]) -> [Double] {
        let sorted = values.sorted()
        return [0.05, 0.5, 0.95].map { sorted[Int(($0 * Double(sorted.count - 1)).rounded())] }
    }

    func run() throws {
        let tracker = try FaceTracker(home: .fromEnvironment())
        var options = TrackingOptions(maxFrames: maxFrames)
        options.size = size
        options.threads = threads
        options.spinning = spinning
        let start = Date()
        let record = try tracker.track(video: video, options: options, progress: .ignore)
        let seconds = Date().timeIntervalSince(start)
        let t = tracker.timings, n = Double(record.frames.count)
        let stages = ["decode": t.decode, "detect": t.detect, "mesh": t.mesh, "iris": t.iris, "pose": t.pose]
        let result = Result(
            video: video, frames: record.frames.count, width: record.width, height: record.height, seconds: seconds,
            framesPerSecond: n / seconds, stageFramesPerSecond: stages.mapValues { $0 > 0 ? n / $0 : .infinity },
            stageSeconds: stages, detectorRuns: t.detections,
            millisecondsPerRun: ["detect": 1000 * t.detect / Double(max(t.detections, 1)),
                                 "mesh": 1000 * t.mesh / Double(max(t.meshRuns, 1)),
                                 "iris": 1000 * t.iris / Double(max(t.irisRuns, 1))], focalPixels: record.camera.focal,
            focalWithinOnePercent: Self.focalBand(record.focalProfile), threads: threads, spinning: spinning,
            reprojectionMedianPixels: record.quality.reprojectionMedian, reprojectionP95Pixels: record.quality.reprojectionP95,
            rawReprojectionMedianPixels: record.rawQuality.reprojectionMedian,
            jitterBeforePixels: record.rawQuality.jitter, jitterAfterPixels: record.quality.jitter,
            expressionPercentiles: [
                "eyeOpennessRight": Self.percentiles(record.frames.map(\.expression.eyeOpennessRight)),
                "eyeOpennessLeft": Self.percentiles(record.frames.map(\.expression.eyeOpennessLeft)),
                "mouthAperture": Self.percentiles(record.frames.map(\.expression.mouthAperture)),
                "mouthWidth": Self.percentiles(record.frames.map(\.expression.mouthWidth)),
                "residualRMS": Self.percentiles(record.residuals.map { r in
                    (r.map { ($0 * $0).sum() }.reduce(0, +) / Double(r.count)).squareRoot()
                }),
            ],
            warnings: record.warnings)
        if let save { try record.save(to: URL(fileURLWithPath: save)) }
        if let preview { try TrackingPreview.write(record, video: video, to: preview) }
        if json {
            print(try jsonString(result))
            return
        }
        print(String(format: "%d frames of %dx%d in %.2f s: %.1f frames/s (whole tracking stage)",
                     result.frames, result.width, result.height, seconds, result.framesPerSecond))
        for stage in ["decode", "detect", "mesh", "iris", "pose"] {
            let name = stage.padding(toLength: 7, withPad: " ", startingAt: 0)
            print("  \(name)" + String(format: "%7.2f s  %8.1f frames/s", stages[stage]!, result.stageFramesPerSecond[stage]!))
        }
        let ms = result.millisecondsPerRun
        if result.focalWithinOnePercent.count == 2 {
            print(String(format: "  focal %.0f px (RMS within 1%% of the best from %.0f to %.0f px)", record.camera.focal,
                         result.focalWithinOnePercent[0], result.focalWithinOnePercent[1]))
        }
        print(String(format: "  per run: detector %.1f ms (%d runs), mesh %.1f ms (%d), iris both eyes %.1f ms (%d)",
                     ms["detect"]!, t.detections, ms["mesh"]!, t.meshRuns, ms["iris"]!, t.irisRuns))
        print(String(format: "  reprojection (rigid points, smoothed pose): median %.2f px, p95 %.2f px (raw pose median %.2f px)",
                     result.reprojectionMedianPixels, result.reprojectionP95Pixels, result.rawReprojectionMedianPixels))
        print(String(format: "  jitter (RMS 2nd difference of rigid projections): %.3f px before, %.3f px after smoothing",
                     result.jitterBeforePixels, result.jitterAfterPixels))
        for (name, p) in result.expressionPercentiles.sorted(by: { $0.key < $1.key }) {
            print("  \(name.padding(toLength: 17, withPad: " ", startingAt: 0))" + String(format: "p5 %.4f  p50 %.4f  p95 %.4f", p[0], p[1], p[2]))
        }
        for warning in record.warnings { print("  warning: \(warning)") }
    }
}
