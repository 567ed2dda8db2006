@testable import BeingFace
import BeingMedia
import BeingRuntime
import BeingTesting
import Foundation
import Testing

/// A record fitted from synthetic observations (no models needed): a head nodding and turning.
private func syntheticRecord() throws -> TrackingRecord {
    let shape = SyntheticFace.shape(seed: 8)
    let camera = PinholeCamera(focal: 560, width: 512, height: 512)
    let observations: [FrameObservation?] = (0..<24).map { t in
        let phase = Double(t) / 24 * 2 * Double.pi
        let mesh = SyntheticFace.mesh(shape, pose: SyntheticFace.pose(yaw: 15 * sin(phase), pitch: 8 * cos(phase)), camera: camera)
        let eye = EyeResult(contour: Array(mesh[100..<171]), iris: Array(mesh[200..<205]))
        return t == 7 ? nil : FrameObservation(points: mesh, right: eye, left: eye, presence: 0.99, box: [100, 100, 400, 400])
    }
    return try TrackFitter(options: TrackingOptions(), width: 512, height: 512, fps: 25, name: "synthetic", warnings: [],
                           progress: .ignore).fit(observations)
}

@Test func trackingRecordSavesAndLoadsBack() throws {
    let record = try syntheticRecord()
    #expect(record.frames[7].interpolated && !record.frames[6].interpolated)
    let folder = TemporaryDirectory()
    try record.save(to: folder.url)
    let loaded = try TrackingRecord.load(from: folder.url)
    #expect(loaded.frames == record.frames)
    #expect(loaded.camera == record.camera)
    #expect(loaded.canonicalMesh == record.canonicalMesh)
    for t in [0, 7, 23] {
        // Arrays go through float32.
        #expect(zip(loaded.meshes[t], record.meshes[t]).allSatisfy { length($0 - $1) < 1e-3 })
        #expect(zip(loaded.residuals[t], record.residuals[t]).allSatisfy { length($0 - $1) < 1e-6 })
        #expect(zip(loaded.eyes[t], record.eyes[t]).allSatisfy { length($0 - $1) < 1e-3 })
    }
    // No temporary files are left beside the record.
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
    #expect(names == ["eyes.f32", "mesh.f32", "residual.f32", "tracking.json"])
}

@Test func aRigidSyntheticHeadHasNoExpressionResidual() throws {
    // The synthetic head never changes shape, so once pose is removed nothing should be left.
    let record = try syntheticRecord()
    let worst = record.residuals.flatMap { $0.map(length) }.max()!
    #expect(worst < 1e-3, "largest residual \(worst) m")
    #expect(record.quality.reprojectionMedian < 0.5)
}

@Suite(.enabled(if: RuntimeModels.shouldRun && TestTools.shouldRunMedia && Fixtures.shouldRun("video/aoc_8s_512.mp4")))
struct TrackingEndToEndTests {
    @Test func wholeVideoEndToEndTracksWellAndWritesAPreview() throws {
        let video = try Fixtures.path("video/aoc_8s_512.mp4")
        let events = EventLog()
        let record = try FaceTracker(home: try RuntimeModels.home()).track(video: video, progress: ProgressSink { events.add($0) })
        #expect(record.frames.count == 200)
        #expect(record.frames.allSatisfy { !$0.interpolated && $0.presence > 0.5 })
        #expect(record.quality.reprojectionMedian <= 1.5, "median \(record.quality.reprojectionMedian) px")
        #expect(record.quality.jitter < record.rawQuality.jitter)
        #expect(record.camera.focal > 200 && record.camera.focal < 5000)
        // Roughly metric: a head about a quarter to one metre from a webcam-like camera.
        let depths = record.frames.map(\.pose.translation.z)
        #expect(depths.allSatisfy { $0 > 0.1 && $0 < 2 })
        // Expression signals move on a talking face and blinking eyes; none is stuck.
        func spread(_ values: [Double]) -> Double { values.max()! - values.min()! }
        #expect(spread(record.frames.map(\.expression.eyeOpennessLeft)) > 0.1)  // she blinks
        #expect(spread(record.frames.map(\.expression.mouthAperture)) > 0.005)  // 5 mm
        #expect(spread(record.frames.map(\.expression.mouthWidth)) > 0.002)
        #expect(events.stages.contains("track") && events.stages.contains("pose"))

        let folder = TemporaryDirectory()
        let preview = folder.path("preview.mp4")
        try TrackingPreview.write(record, video: video, to: preview)
        let info = try MediaInfo.probe(preview)
        #expect(info.video?.width == 512 && info.duration > 7)
    }
}

/// Collects progress events from any thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ProgressEvent] = []
    func add(_ event: ProgressEvent) { lock.lock(); events.append(event); lock.unlock() }
    var stages: Set<String> {
        lock.lock(); defer { lock.unlock() }
        return Set(events.compactMap { if case let .stageStarted(stage, _) = $0 { return stage } else { return nil } })
    }
}
