@testable import BeingFace
import BeingMedia
import BeingRuntime
import BeingTesting
import Foundation
import Testing

/// Makes a test video with ffmpeg: `input` arguments, then a filter chain, then `frames` frames.
private func makeVideo(_ folder: TemporaryDirectory, _ name: String, input: [String], filter: String?, frames: Int) throws -> String {
    let output = folder.path(name)
    var arguments = ["-nostdin", "-loglevel", "error", "-y"] + input
    if let filter { arguments += ["-vf", filter] }
    arguments += ["-frames:v", "\(frames)", "-pix_fmt", "yuv420p", output]
    _ = try ChildProcess.run(try FFmpegTools.locate().ffmpeg, arguments)
    return output
}

/// Blacks out frames first…last (inclusive) of the video.
private func blackout(_ first: Int, _ last: Int) -> String {
    "drawbox=enable='between(n,\(first),\(last))':x=0:y=0:w=iw:h=ih:color=black:t=fill"
}

private func trackingError(_ home: BeingHome, _ video: String) -> FaceError? {
    do {
        _ = try FaceTracker(home: home).track(video: video)
        return nil
    } catch let error as FaceError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

@Suite(.enabled(if: RuntimeModels.shouldRun && TestTools.shouldRunMedia && Fixtures.shouldRun("video/aoc_8s_512.mp4")))
struct FailureTests {
    let home: BeingHome
    let aoc: [String]
    let folder = TemporaryDirectory()

    init() throws {
        home = try RuntimeModels.home()
        aoc = ["-i", try Fixtures.path("video/aoc_8s_512.mp4")]
    }

    @Test func blankAndNoiseVideosHaveNoFace() throws {
        let blank = try makeVideo(folder, "blank.mp4", input: ["-f", "lavfi", "-i", "color=c=gray:s=256x256:r=25"], filter: nil, frames: 10)
        let noise = try makeVideo(folder, "noise.mp4", input: ["-f", "lavfi", "-i", "color=c=gray:s=256x256:r=25"],
                                  filter: "noise=alls=100:allf=t", frames: 10)
        for video in [blank, noise] {
            let error = trackingError(home, video)
            #expect(error?.code == .noFace)
            #expect(error.map { "\($0)" }?.contains("no face found in any of the 10 frames") == true)
        }
    }

    @Test func aTinyFaceIsRefused() throws {
        let video = try makeVideo(folder, "tiny.mp4", input: aoc, filter: "scale=150:150,pad=512:512:180:180:gray", frames: 12)
        let error = trackingError(home, video)
        #expect(error?.code == .faceTooSmall)
        #expect(error.map { "\($0)" }?.contains("under the 96 px") == true)
    }

    @Test func aFaceCutByTheBorderIsRefusedNamingTheFrames() throws {
        let video = try makeVideo(folder, "cut.mp4", input: aoc, filter: "crop=512:330:0:0", frames: 12)
        let error = trackingError(home, video)
        #expect(error?.code == .faceCutByBorder)
        #expect(error.map { "\($0)" }?.contains("frames 0–11") == true)
    }

    @Test func aShortGapIsInterpolated() throws {
        let video = try makeVideo(folder, "gap.mp4", input: aoc, filter: blackout(20, 23), frames: 40)
        let record = try FaceTracker(home: home).track(video: video)
        #expect(record.frames.count == 40)
        #expect(record.frames.filter(\.interpolated).map(\.index) == [20, 21, 22, 23])
        #expect(record.warnings.contains { $0.contains("frames 20–23") })
        // Filled frames lie between their neighbours.
        let before = record.meshes[19][1].x, after = record.meshes[24][1].x, filled = record.meshes[21][1].x
        #expect(filled >= min(before, after) - 1e-9 && filled <= max(before, after) + 1e-9)
    }

    @Test func aLongGapStopsWithTheFramesNamed() throws {
        let video = try makeVideo(folder, "longgap.mp4", input: aoc, filter: blackout(30, 44), frames: 100)
        let error = trackingError(home, video)
        #expect(error?.code == .longGap)
        #expect(error.map { "\($0)" }?.contains("frames 30–44") == true)
    }

    @Test func withTwoFacesItWarnsAndFollowsTheLargest() throws {
        // A small copy of the face on the left, the full-size one on its right.
        let video = try makeVideo(folder, "two.mp4", input: aoc,
                                  filter: "split[a][b];[b]scale=300:300,pad=300:512:0:106:gray[s];[s][a]hstack", frames: 12)
        let record = try FaceTracker(home: home).track(video: video)
        #expect(record.warnings.contains { $0.hasPrefix("several faces (2) in frame 0") })
        #expect(record.meshes.allSatisfy { mesh in mesh.allSatisfy { $0.x > 300 } })  // every frame on the big face
    }

    @Test func tooManyLostFramesStopWithTheFramesNamed() throws {
        let video = try makeVideo(folder, "lost.mp4", input: aoc, filter: blackout(10, 29), frames: 50)
        let error = trackingError(home, video)
        #expect(error?.code == .tooManyLostFrames)
        #expect(error.map { "\($0)" }?.contains("lost in 20 of 50 frames") == true)
        #expect(error.map { "\($0)" }?.contains("frames 10–29") == true)
    }
}

@Test func anExtremePoseIsRefusedNamingTheFrames() throws {
    // Synthetic mesh observations: the head turns from frontal to 75° yaw over the last frames.
    let shape = SyntheticFace.shape(seed: 2)
    let camera = PinholeCamera(focal: 600, width: 512, height: 512)
    let observations: [FrameObservation?] = (0..<20).map { t in
        let yaw = t < 14 ? Double(t) : 75
        let mesh = SyntheticFace.mesh(shape, pose: SyntheticFace.pose(yaw: yaw, pitch: 0), camera: camera)
        let eye = EyeResult(contour: Array(mesh[0..<71]), iris: Array(mesh[0..<5]))
        return FrameObservation(points: mesh, right: eye, left: eye, presence: 1, box: [0, 0, 1, 1])
    }
    let fitter = TrackFitter(options: TrackingOptions(), width: 512, height: 512, fps: 25, name: "synthetic",
                             warnings: [], progress: .ignore)
    #expect {
        try fitter.fit(observations)
    } throws: { error in
        (error as? FaceError)?.code == .extremePose && "\(error)".contains("frames 14–19")
    }
}
