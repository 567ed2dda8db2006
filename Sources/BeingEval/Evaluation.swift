import BeingFace
import BeingMedia
import BeingRuntime
import Foundation

/// Scores of one frame of a candidate against the real frame.
public struct FrameScore: Codable, Sendable, Equatable {
    public var psnr: Double
    public var psnrFace: Double
    public var ssim: Double
    public var ssimFace: Double
    /// nil when the face mesh found no face in the candidate frame.
    public var lipDistance: Double?
    public var meshDistance: Double?
}

/// Everything measured for one candidate sequence (the avatar, or a baseline).
public struct SequenceScores: Codable, Sendable {
    public var name: String
    public var frames: [FrameScore]
    public var psnr: Double
    public var psnrFace: Double
    public var ssim: Double
    public var ssimFace: Double
    public var lipDistance: Double?
    public var meshDistance: Double?
    /// The candidate's mouth-aperture series (metres, head frame), from its own tracking.
    public var aperture: [Double]
    public var apertureCorrelation: Double?
    /// See `SeriesStatistics.bestLag` for the sign.
    public var lag: Int?
    public var blinks: Int
}

/// The comparison of a split's real frames with each candidate.
public struct EvaluationReport: Codable, Sendable {
    public var frames: Int
    public var realAperture: [Double]
    public var realBlinks: Int
    /// The box the face metrics use, per frame (from the real frame's mesh).
    public var faceBoxes: [PixelBox]
    public var candidates: [SequenceScores]
}

/// Compares frame sequences with the real ones: PSNR and SSIM over the frame and the face box,
/// lip and mesh landmark distances, mouth-aperture correlation and lag, blinks. The same face
/// tracker runs on the real and the candidate frames, so both are measured alike.
public final class Evaluator {
    let tracker: FaceTracker

    public init(home: BeingHome = .fromEnvironment()) throws {
        tracker = try FaceTracker(home: home)
    }

    /// Tracks a sequence; nil when no face can be followed through it.
    func track(_ frames: [RGBImage], name: String, progress: ProgressSink) -> TrackingRecord? {
        var index = 0
        var options = TrackingOptions()
        options.maxLostShare = 1
        options.maxGapFrames = frames.count
        return try? tracker.track(frames: {
            guard index < frames.count else { return nil }
            defer { index += 1 }
            return frames[index]
        }, width: frames[0].width, height: frames[0].height, fps: 25, expectedFrames: frames.count, name: name,
           options: options, progress: progress)
    }

    /// The mouth-aperture series of frames (metres, head frame), tracked as `evaluate` tracks;
    /// empty when no face can be followed.
    public func apertures(_ frames: [RGBImage]) -> [Double] {
        guard !frames.isEmpty, let record = track(frames, name: "frames", progress: .ignore) else { return [] }
        return record.frames.map(\.expression.mouthAperture)
    }

    public func evaluate(real: [RGBImage], candidates: [(name: String, frames: [RGBImage])],
                         progress: ProgressSink = .ignore) throws -> EvaluationReport {
        guard let realTrack = track(real, name: "real", progress: progress) else {
            throw EvalError.noFaceInRealFrames
        }
        let boxes = realTrack.meshes.map { mesh in
            PixelBox.around(mesh.map { SIMD2($0.x, $0.y) }, margin: 0.1, width: real[0].width, height: real[0].height)
        }
        let realAperture = realTrack.frames.map(\.expression.mouthAperture)
        let blinkDetector = BlinkDetector()
        var scored: [SequenceScores] = []
        for candidate in candidates {
            guard candidate.frames.count == real.count else {
                throw EvalError.mismatchedLength(candidate.name, frames: candidate.frames.count, expected: real.count)
            }
            progress(.stageStarted(stage: "score \(candidate.name)", total: real.count))
            let candidateTrack = track(candidate.frames, name: candidate.name, progress: .ignore)
            var frames: [FrameScore] = []
            for t in real.indices {
                let whole = PixelBox.whole(real[t])
                frames.append(FrameScore(
                    psnr: FrameMetrics.psnr(candidate.frames[t], real[t], box: whole),
                    psnrFace: FrameMetrics.psnr(candidate.frames[t], real[t], box: boxes[t]),
                    ssim: FrameMetrics.ssim(candidate.frames[t], real[t], box: whole),
                    ssimFace: FrameMetrics.ssim(candidate.frames[t], real[t], box: boxes[t]),
                    lipDistance: candidateTrack.map { LipLandmarks.distance($0.meshes[t], realTrack.meshes[t]) },
                    meshDistance: candidateTrack.map { LipLandmarks.meshDistance($0.meshes[t], realTrack.meshes[t]) }))
                progress(.advanced(stage: "score \(candidate.name)", completed: t + 1, total: real.count, metrics: [:]))
            }
            let aperture = candidateTrack?.frames.map(\.expression.mouthAperture) ?? []
            let openness = candidateTrack?.frames.map { ($0.expression.eyeOpennessLeft + $0.expression.eyeOpennessRight) / 2 } ?? []
            scored.append(SequenceScores(
                name: candidate.name, frames: frames,
                psnr: mean(frames.map(\.psnr)), psnrFace: mean(frames.map(\.psnrFace)),
                ssim: mean(frames.map(\.ssim)), ssimFace: mean(frames.map(\.ssimFace)),
                lipDistance: candidateTrack.map { _ in mean(frames.compactMap(\.lipDistance)) },
                meshDistance: candidateTrack.map { _ in mean(frames.compactMap(\.meshDistance)) },
                aperture: aperture, apertureCorrelation: SeriesStatistics.pearson(realAperture, aperture),
                lag: SeriesStatistics.bestLag(real: realAperture, rendered: aperture),
                blinks: blinkDetector.blinkStarts(openness).count))
        }
        let realOpenness = realTrack.frames.map { ($0.expression.eyeOpennessLeft + $0.expression.eyeOpennessRight) / 2 }
        return EvaluationReport(frames: real.count, realAperture: realAperture, realBlinks: blinkDetector.blinkStarts(realOpenness).count,
                                faceBoxes: boxes, candidates: scored)
    }
}

/// The mean; +∞ when any value is (identical frames have infinite PSNR).
func mean(_ values: [Double]) -> Double {
    values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
}
