@testable import BeingFace
import BeingTesting
import Foundation

/// A made-up but face-like head: 468 points on a dome (metres, head frame), the landmarks the
/// pipeline names put where a face has them, then moved into its own canonical head frame.
enum SyntheticFace {
    static func shape(seed: UInt64) -> [SIMD3<Double>] {
        var random = SeededRandom(seed: seed)
        func dome(_ x: Double, _ y: Double) -> SIMD3<Double> {
            SIMD3(x, y, 0.035 * (1 - (x / 0.08) * (x / 0.08) - (y / 0.11) * (y / 0.11)))
        }
        var points = (0..<468).map { _ in
            dome(Double(random.uniform(-0.065, 0.065)), Double(random.uniform(-0.1, 0.09)))
        }
        for (k, i) in FaceLandmarks.faceOval.enumerated() {
            let angle = Double(k) / Double(FaceLandmarks.faceOval.count) * 2 * Double.pi
            points[i] = dome(0.075 * sin(angle), 0.1 * cos(angle))
        }
        points[FaceLandmarks.rightEyeOuter] = dome(-0.045, 0.02)
        points[FaceLandmarks.leftEyeOuter] = dome(0.045, 0.02)
        points[FaceLandmarks.foreheadTop] = dome(0, 0.095)
        points[4] = dome(0, -0.02) + SIMD3(0, 0, 0.03)  // nose tip stands out
        // HeadFrame reads shapes in mesh/camera axes (y down, z away from the viewer); the dome has y up
        // and z towards the viewer, so flip both, then move it into its own canonical frame.
        let flipped = points.map { SIMD3($0.x, -$0.y, -$0.z) }
        let t = HeadFrame.transform(rigid: FaceLandmarks.rigid.map { flipped[$0] })
        return flipped.map(t.apply)
    }

    /// What the mesh model would report for `shape` seen with `pose` by `camera`: exact projections for
    /// x, y and, like MediaPipe, depth relative to the head's centre at the same pixel scale as x.
    static func mesh(_ shape: [SIMD3<Double>], pose: HeadPose, camera: PinholeCamera) -> [SIMD3<Double>] {
        shape.map { x in
            let y = pose.rotation * x + pose.translation
            let uv = camera.project(y)
            return SIMD3(uv.x, uv.y, (y.z - pose.translation.z) * camera.focal / pose.translation.z)
        }
    }

    /// A frontal pose turned by yaw (about the head's y) and pitch (about its x), in degrees, at `distance` metres.
    static func pose(yaw: Double, pitch: Double, roll: Double = 0, offset: SIMD3<Double> = .zero, distance: Double = 0.5) -> HeadPose {
        let d = Double.pi / 180
        let frontal = Mat3(rows: [SIMD3(1, 0, 0), SIMD3(0, -1, 0), SIMD3(0, 0, -1)])
        let turn = Mat3.rotation(SIMD3(pitch * d, yaw * d, roll * d))
        return HeadPose(rotation: frontal * turn, translation: SIMD3(0, 0, distance) + offset)
    }
}
