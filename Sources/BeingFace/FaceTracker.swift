import BeingMedia
import BeingRuntime
import Foundation

/// Settings of `FaceTracker.track`; the defaults suit a talking-head video.
public struct TrackingOptions: Sendable {
    /// Stop after this many frames (nil: the whole video).
    public var maxFrames: Int?
    /// Below this mesh presence score the face counts as lost and the detector runs again.
    public var presenceThreshold = 0.5
    /// Fail when the face is lost in more than this share of frames.
    public var maxLostShare = 0.2
    /// Gaps up to this many frames are interpolated; longer ones fail.
    public var maxGapFrames = 10
    /// Fail when the median face width is under this many pixels.
    public var minFaceSize = 96.0
    /// A frame is "extreme" when the head turns more than this from the camera.
    public var maxTurnDegrees = 50.0
    /// Fail when more than this share of frames has the face cut by the border or an extreme pose.
    public var maxBadShare = 0.1
    /// Width (seconds) of the zero-lag pose smoother's Gaussian: 0.75 frames at 25 fps, enough to take the
    /// landmark jitter out of still stretches while a nod of 10–17 px a frame keeps its shape. Wider windows
    /// lag behind such motion by 2–3 px, and the avatar learns a softer face from the misregistered frames:
    /// on aoc_8s_512, held-out face-box PSNR with the tracked mouth 26.71 dB unsmoothed, 26.70 at 0.03 s,
    /// 26.53 at 0.06 s, 25.70 at 0.12 s (lip distance 0.92 / 0.81 / 0.77 / 0.69 px).
    public var smoothingSeconds = 0.03
    /// ONNX Runtime intra-op threads per model.
    public var threads = 2
    /// Whether ORT's idle pool threads busy-wait between runs. Off by default: on the shared 2-core machine
    /// spinning measured 46 frames/s against 73 without (aoc_8s_512, release build).
    public var spinning = false
    /// Decode frames resized to `size`×`size` (nil: the video's own size). Only for square videos or tests:
    /// all pixel quantities (mesh, focal, errors) are then at this size.
    public var size: Int?

    public init(maxFrames: Int? = nil) { self.maxFrames = maxFrames }
}

/// Seconds spent in each stage of the last `track` call.
public struct StageTimings: Sendable, Codable, Equatable {
    public var decode = 0.0, detect = 0.0, mesh = 0.0, iris = 0.0, pose = 0.0
    /// Model runs: detector, mesh (tracking plus two per detection), iris (one batch of both eyes per frame).
    public var detections = 0, meshRuns = 0, irisRuns = 0
    public var total: Double { decode + detect + mesh + iris + pose }
}

/// Tracks the face through a video: detection when lost, mesh from the previous frame's mesh, iris,
/// then camera, pose and expression for the whole video.
///
///     let record = try FaceTracker(home: .fromEnvironment()).track(video: "talk.mp4", options: .init(), progress: .ignore)
public final class FaceTracker {
    public let environment: OnnxEnvironment
    private let home: BeingHome
    private var detector: FaceDetector?
    private var mesh: FaceMesh?
    private var iris: IrisModel?
    private var modelSettings: [Int] = []
    public private(set) var timings = StageTimings()

    public init(home: BeingHome) throws {
        self.home = home
        environment = try OnnxEnvironment(home: home)
    }

    private func models(_ options: TrackingOptions) throws -> (FaceDetector, FaceMesh, IrisModel) {
        let settings = [options.threads, options.spinning ? 1 : 0]
        if detector == nil || settings != modelSettings {
            detector = try FaceDetector(environment: environment, home: home, threads: options.threads, spinning: options.spinning)
            mesh = try FaceMesh(environment: environment, home: home, threads: options.threads, spinning: options.spinning)
            iris = try IrisModel(environment: environment, home: home, threads: options.threads, spinning: options.spinning)
            modelSettings = settings
        }
        return (detector!, mesh!, iris!)
    }

    /// Tracks `video` (decoded at its own size and rate) and fits camera, pose and expressions.
    public func track(video: String, options: TrackingOptions = .init(), progress: ProgressSink = .ignore) throws -> TrackingRecord {
        let reader = try VideoFrameReader(path: video, options: VideoDecodeOptions(size: options.size))
        defer { reader.close() }
        let fps = reader.info.video?.fps ?? 25
        let expected = reader.info.video?.frameCount.map { min($0, options.maxFrames ?? .max) }
        return try track(frames: { try reader.next() }, width: reader.width, height: reader.height, fps: fps,
                         expectedFrames: expected, name: video, options: options, progress: progress)
    }

    /// Tracks frames pulled from `next` (nil ends the video).
    public func track(frames next: () throws -> RGBImage?, width: Int, height: Int, fps: Double, expectedFrames: Int?,
                      name: String, options: TrackingOptions, progress: ProgressSink) throws -> TrackingRecord {
        let (detector, meshModel, irisModel) = try models(options)
        timings = StageTimings()
        let start = Date()
        progress(.stageStarted(stage: "track", total: expectedFrames))
        var observations: [FrameObservation?] = []
        var nextROI: FaceROI?
        var lastCenter: SIMD2<Double>?
        var warnings: [String] = []
        var clock = Date()
        func lap(_ keyPath: WritableKeyPath<StageTimings, Double>) {
            let now = Date(); timings[keyPath: keyPath] += now.timeIntervalSince(clock); clock = now
        }
        while observations.count < (options.maxFrames ?? .max), let frame = try next() {
            lap(\.decode)
            var found: MeshResult?
            var box: FaceDetection?
            if let roi = nextROI {
                let result = try meshModel.run(frame, roi: roi)
                timings.meshRuns += 1
                lap(\.mesh)
                if result.presence >= options.presenceThreshold { found = result }
            }
            if found == nil {
                let faces = try detector.detect(frame)
                timings.detections += 1
                lap(\.detect)
                if faces.count > 1, !warnings.contains(where: { $0.hasPrefix("several faces") }) {
                    let message = "several faces (\(faces.count)) in frame \(observations.count); following the "
                        + (lastCenter == nil ? "largest" : "one nearest the face tracked so far")
                    warnings.append(message)
                    progress(.warning(message))
                }
                if let face = Self.choose(faces, near: lastCenter) {
                    box = face
                    var result = try meshModel.run(frame, roi: face.meshROI)
                    timings.meshRuns += 1
                    if result.presence >= options.presenceThreshold {
                        // A second pass from the mesh's own ROI, as when tracking.
                        let refined = try meshModel.run(frame, roi: FaceMesh.nextROI(from: result.points))
                        timings.meshRuns += 1
                        if refined.presence >= options.presenceThreshold { result = refined }
                        found = result
                    }
                    lap(\.mesh)
                }
            }
            if let found, found.points.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) {
                let eyes = try irisModel.run(frame, mesh: found.points)
                timings.irisRuns += 1
                lap(\.iris)
                let meshBox = Self.bounds(found.points)
                observations.append(FrameObservation(points: found.points, right: eyes.right, left: eyes.left,
                                                     presence: found.presence,
                                                     box: box.map { [$0.min.x, $0.min.y, $0.max.x, $0.max.y] } ?? meshBox))
                nextROI = FaceMesh.nextROI(from: found.points)
                lastCenter = SIMD2((meshBox[0] + meshBox[2]) / 2, (meshBox[1] + meshBox[3]) / 2)
            } else {
                observations.append(nil)
                nextROI = nil
            }
            if observations.count % 25 == 0 {
                progress(.advanced(stage: "track", completed: observations.count, total: expectedFrames,
                                   metrics: ["fps": Double(observations.count) / Date().timeIntervalSince(start)]))
            }
        }
        progress(.stageFinished(stage: "track", seconds: Date().timeIntervalSince(start)))
        clock = Date()
        let record = try TrackFitter(options: options, width: width, height: height, fps: fps, name: name, warnings: warnings,
                                     progress: progress).fit(observations)
        lap(\.pose)
        return record
    }

    /// The face to follow: the one nearest the last tracked centre, else the largest.
    static func choose(_ faces: [FaceDetection], near last: SIMD2<Double>?) -> FaceDetection? {
        if let last { return faces.min { length($0.center - last) < length($1.center - last) } }
        return faces.max { $0.area < $1.area }
    }

    static func bounds(_ points: [SIMD3<Double>]) -> [Double] {  // [4]
        var box = [Double.infinity, .infinity, -Double.infinity, -Double.infinity]
        for p in points { box = [min(box[0], p.x), min(box[1], p.y), max(box[2], p.x), max(box[3], p.y)] }
        return box
    }
}

/// What the models saw in one frame.
struct FrameObservation {
    var points: [SIMD3<Double>]  // [468, 3]
    var right: EyeResult
    var left: EyeResult
    var presence: Double
    var box: [Double]  // [4]
    var interpolated = false
}
