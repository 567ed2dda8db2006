@testable import BeingFace
import BeingTesting
import Foundation
import Testing

@Test func rotationVectorRoundTripsThroughRodrigues() {
    var random = SeededRandom(seed: 7)
    for _ in 0..<200 {
        let w = SIMD3(Double(random.uniform(-1, 1)), Double(random.uniform(-1, 1)), Double(random.uniform(-1, 1))) * 1.5
        let r = Mat3.rotation(w)
        #expect(abs(r.determinant - 1) < 1e-9)
        #expect(length(r.rotationVector - w) < 1e-7)
        let rtr = r.transposed * r
        for i in 0..<3 { #expect(length(rtr.rows[i] - Mat3.identity.rows[i]) < 1e-9) }
    }
}

@Test func procrustesRecoversARandomSimilarity() {
    var random = SeededRandom(seed: 11)
    func v() -> SIMD3<Double> { SIMD3(Double(random.uniform(-1, 1)), Double(random.uniform(-1, 1)), Double(random.uniform(-1, 1))) }
    for _ in 0..<50 {
        let truth = Similarity(scale: Double(random.uniform(0.2, 5)), rotation: .rotation(v() * 2), translation: v() * 10)
        let source = (0..<20).map { _ in v() }
        let fit = Procrustes.similarity(from: source, to: source.map(truth.apply))
        #expect(abs(fit.scale - truth.scale) < 1e-9 * truth.scale)
        #expect(fit.rotation.angleDegrees(to: truth.rotation) < 1e-6)
        #expect(length(fit.translation - truth.translation) < 1e-8)
    }
}

@Test func poseSolverGradientMatchesFiniteDifferences() {
    // The Gauss–Newton step is only as good as its Jacobian: JᵀJ·0 − Jᵀr = −∇E/2. Check ∇E against central
    // differences of the cost in the solver's own parametrisation (R ← exp(ω) R, t ← t + τ).
    let shape = SyntheticFace.shape(seed: 3).prefix(30).map { $0 }
    let camera = PinholeCamera(focal: 600, width: 512, height: 512)
    let pose = SyntheticFace.pose(yaw: 12, pitch: -8, roll: 3, offset: SIMD3(0.02, -0.01, 0))
    var random = SeededRandom(seed: 5)
    let observed = shape.map { camera.project($0, pose: pose) + SIMD2(Double(random.uniform(-3, 3)), Double(random.uniform(-3, 3))) }
    func cost(_ d: [Double]) -> Double {
        let moved = HeadPose(rotation: .rotation(SIMD3(d[0], d[1], d[2])) * pose.rotation,
                             translation: pose.translation + SIMD3(d[3], d[4], d[5]))
        return PoseSolver.reprojectionCost(shape: shape, observed: observed, camera: camera, pose: moved)
    }
    let gradient = PoseSolver.gradient(shape: shape, observed: observed, camera: camera, pose: pose)
    for k in 0..<6 {
        var plus = [Double](repeating: 0, count: 6), minus = plus
        let h = 1e-6
        plus[k] = h; minus[k] = -h
        let numeric = (cost(plus) - cost(minus)) / (2 * h)
        #expect(isClose(gradient[k], numeric, atol: 1e-3, rtol: 1e-4), "component \(k): \(gradient[k]) vs \(numeric)")
    }
}

@Test func poseRoundTripRecoversRotationAndFocal() {
    // Project a known shape with known poses and focal length, as the mesh model would report it, then fit.
    let shape = SyntheticFace.shape(seed: 1)
    let camera = PinholeCamera(focal: 620, width: 512, height: 512)
    let poses = (0..<30).map { t -> HeadPose in
        let phase = Double(t) / 30 * 2 * Double.pi
        return SyntheticFace.pose(yaw: 25 * sin(phase), pitch: 12 * cos(1.3 * phase), roll: 5 * sin(0.7 * phase),
                                  offset: SIMD3(0.03 * sin(phase), 0.02 * cos(phase), 0.05 * sin(2 * phase)))
    }
    // With landmark noise like the mesh model's: ±0.25 px in x, y and ±1 px in depth.
    var random = SeededRandom(seed: 17)
    let meshes = poses.map { pose in
        SyntheticFace.mesh(shape, pose: pose, camera: camera).map { p in
            p + SIMD3(Double(random.uniform(-0.25, 0.25)), Double(random.uniform(-0.25, 0.25)), Double(random.uniform(-1, 1)))
        }
    }
    let fit = CameraFit.fit(meshes: meshes, width: 512, height: 512)
    let focalError = abs(fit.camera.focal - camera.focal) / camera.focal
    #expect(focalError < 0.02, "focal \(fit.camera.focal) vs \(camera.focal)")
    let worst = zip(fit.rawPoses, poses).map { $0.rotation.angleDegrees(to: $1.rotation) }.max()!
    #expect(worst < 0.5, "worst rotation error \(worst)°")
    let quality = TrackQuality.measure(shape: fit.rigidShape, meshes: meshes, poses: fit.rawPoses, camera: fit.camera)
    #expect(quality.reprojectionMedian < 0.5)
}

@Test func smoothingKeepsAQuadraticAndDampsNoise() {
    let clean = (0..<60).map { t -> Double in let x = Double(t); return 0.01 * x * x - 0.3 * x + 2 }
    let kept = PoseSmoothing.smoothSeries(clean, sigma: 2)
    #expect(firstMismatch(kept, clean, atol: 1e-8, rtol: 0) == nil)  // zero lag: a quadratic passes unchanged
    var random = SeededRandom(seed: 9)
    let noisy = clean.map { $0 + Double(random.uniform(-1, 1)) }
    let smoothed = PoseSmoothing.smoothSeries(noisy, sigma: 2)
    func rms(_ a: [Double]) -> Double { sqrt(zip(a, clean).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(a.count)) }
    #expect(rms(smoothed) < 0.6 * rms(noisy))
}

@Test func headFrameIsIntrinsicToTheShape() throws {
    // The canonical frame of a shape: rigid centroid at 0, outer eye corners 0.09 m apart and level (equal y), z the
    // normal of the rigid points' best plane (no x–z or y–z covariance), the nose tip on the +z side.
    let canonical = SyntheticFace.shape(seed: 12)
    let rigid = FaceLandmarks.rigid.map { canonical[$0] }
    let centroid = rigid.reduce(.zero, +) / Double(rigid.count)
    #expect(length(centroid) < 1e-12)
    let right = canonical[FaceLandmarks.rightEyeOuter], left = canonical[FaceLandmarks.leftEyeOuter]
    #expect(abs(length(left - right) - HeadPose.eyeCornerDistance) < 1e-12)
    #expect(abs(left.y - right.y) < 1e-12 && left.x > right.x)  // x: the eye-corner line, made orthogonal to z
    let xz = rigid.map { $0.x * $0.z }.reduce(0, +), yz = rigid.map { $0.y * $0.z }.reduce(0, +)
    #expect(abs(xz) < 1e-12 && abs(yz) < 1e-12)
    #expect(canonical[4].z > 0)
    // Seen in camera axes under any similarity, the frame found is the same: the shape maps back onto itself.
    var random = SeededRandom(seed: 13)
    for _ in 0..<10 {
        let w = SIMD3(Double(random.uniform(-2, 2)), Double(random.uniform(-2, 2)), Double(random.uniform(-2, 2)))
        let moved = Similarity(scale: Double(random.uniform(100, 3000)), rotation: .rotation(w),
                               translation: SIMD3(Double(random.uniform(-300, 300)), 40, 900))
        let seen = canonical.map(moved.apply)
        let back = HeadFrame.transform(rigid: FaceLandmarks.rigid.map { seen[$0] })
        let worst = zip(seen.map(back.apply), canonical).map { length($0 - $1) }.max()!
        #expect(worst < 1e-9)
    }
}
