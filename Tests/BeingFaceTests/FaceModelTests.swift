@testable import BeingFace
import BeingMedia
import BeingRuntime
import BeingTesting
import Foundation
import Testing

/// Frame `index` of a fixture video.
func fixtureFrame(_ name: String, index: Int = 0) throws -> RGBImage {
    let reader = try VideoFrameReader(path: try Fixtures.path(name))
    defer { reader.close() }
    var frame = try reader.next()
    for _ in 0..<index { frame = try reader.next() }
    return try #require(frame)
}

private func mean(_ points: [SIMD3<Double>], _ indices: [Int]) -> SIMD2<Double> {
    indices.reduce(SIMD2<Double>.zero) { $0 + SIMD2(points[$1].x, points[$1].y) } / Double(indices.count)
}

@Suite(.enabled(if: RuntimeModels.shouldRun && Fixtures.shouldRun("video/aoc_8s_512.mp4")))
struct FaceModelTests {
    let home: BeingHome
    let environment: OnnxEnvironment

    init() throws {
        home = try RuntimeModels.home()
        environment = try OnnxEnvironment(home: home)
    }

    @Test func detectorAndMeshFindTheFaceOnAFixtureFrame() throws {
        let frame = try fixtureFrame("video/aoc_8s_512.mp4")
        let faces = try FaceDetector(environment: environment, home: home).detect(frame)
        #expect(faces.count == 1)
        let face = try #require(faces.first)
        #expect(face.score > 0.8)
        // A frontal face filling the middle of a 512² frame.
        #expect(face.width > 150 && face.width < 400 && face.height > 150 && face.height < 400)
        #expect(face.min.x > 0 && face.min.y > 0 && face.max.x < 512 && face.max.y < 512)
        let k = face.keypoints
        #expect(k[0].x < k[1].x && abs(k[0].y - k[1].y) < 0.1 * face.width)  // eyes level, image-left first
        #expect(k[2].y > k[0].y && k[3].y > k[2].y)  // nose below the eyes, mouth below the nose

        let mesh = try FaceMesh(environment: environment, home: home).run(frame, roi: face.meshROI)
        #expect(mesh.presence > 0.9)
        #expect(mesh.points.count == 468)
        // Every point inside the detector's box grown by 20% (its box stops at the eyebrows; the mesh reaches the hairline).
        let margin = 0.2 * face.width
        let outside = mesh.points.filter { p in
            p.x < face.min.x - margin || p.y < face.min.y - margin || p.x > face.max.x + margin || p.y > face.max.y + margin
        }
        #expect(outside.isEmpty, "\(outside.count) mesh points outside the grown box")
        // Eyes and lips where the detector put them.
        let tolerance = 0.12 * face.width
        #expect(length(mean(mesh.points, FaceLandmarks.rightEye) - k[0]) < tolerance)
        #expect(length(mean(mesh.points, FaceLandmarks.leftEye) - k[1]) < tolerance)
        #expect(length(mean(mesh.points, FaceLandmarks.lipsInnerUpper + FaceLandmarks.lipsInnerLower) - k[3]) < tolerance)
        // The next ROI stays on the face and upright.
        let next = FaceMesh.nextROI(from: mesh.points)
        #expect(length(next.center - face.center) < 0.2 * face.width)
        #expect(abs(next.rotation) < 0.2)
    }

    @Test func irisModelFindsOpenEyesAroundTheirIrises() throws {
        let frame = try fixtureFrame("video/aoc_8s_512.mp4")
        let face = try #require(try FaceDetector(environment: environment, home: home).detect(frame).first)
        let mesh = try FaceMesh(environment: environment, home: home).run(frame, roi: face.meshROI)
        let eyes = try IrisModel(environment: environment, home: home).run(frame, mesh: mesh.points)
        for (eye, corners) in [(eyes.right, (33, 133)), (eyes.left, (263, 362))] {
            #expect(eye.contour.count == 71 && eye.iris.count == 5)
            // Lid corners agree with the mesh's eye corners.
            let a = SIMD2(mesh.points[corners.0].x, mesh.points[corners.0].y), b = SIMD2(mesh.points[corners.1].x, mesh.points[corners.1].y)
            #expect(length(SIMD2(eye.contour[0].x, eye.contour[0].y) - a) < 0.25 * length(a - b))
            #expect(length(SIMD2(eye.contour[8].x, eye.contour[8].y) - b) < 0.25 * length(a - b))
            // The iris centre lies between the corners, and the eye is open on this frame.
            let c = eye.iris[0]
            #expect(c.x > min(a.x, b.x) && c.x < max(a.x, b.x))
            let openness = ExpressionSignals.eyeOpenness(eye)
            #expect(openness > 0.15 && openness < 0.5, "openness \(openness)")
        }
    }

    @Test func irisBatchOfTwoMatchesTwoSingleRuns() throws {
        let session = try environment.session(model: home.file(RuntimeFile.irisModel.relativePath))
        var random = SeededRandom(seed: 4)
        let input = (0..<(2 * 3 * 64 * 64)).map { _ in random.uniform(0, 1) }
        let both = try session.run(input: Tensor(shape: [2, 3, 64, 64], values: input))
        let second = try session.run(input: Tensor(shape: [1, 3, 64, 64], values: Array(input[(3 * 64 * 64)...])))
        #expect(both[0].shape == [2, 213] && both[1].shape == [2, 15])
        #expect(firstMismatch(Array(both[0].values[213...]), second[0].values, atol: 1e-4, rtol: 1e-4) == nil)
    }

    @Test func runtimeErrorsCarryOnnxRuntimesMessage() throws {
        let session = try environment.session(model: home.file(RuntimeFile.faceMesh.relativePath))
        #expect {
            try session.run(input: Tensor(shape: [1, 3, 10, 10], values: [Float](repeating: 0, count: 300)))
        } throws: { error in
            let text = "\(error)"
            return text.contains("ONNX Runtime says:") && text.contains("face_landmark.onnx")
        }
        #expect(throws: FaceError.self) { try environment.session(model: home.file("models/nothing.onnx")) }
    }
}
