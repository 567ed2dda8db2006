import Foundation

/// The head's pose in camera space. THE convention of Being's face tracking, stated once:
///
/// - Camera: pinhole at the origin looking down +z; x right, y down (as image rows); units metres.
///   A camera point (X, Y, Z) projects to pixels u = f·X/Z + cx, v = f·Y/Z + cy, with (cx, cy) the image
///   centre (W/2, H/2) and pixel i covering [i, i+1). One focal length f (pixels) for the whole video.
/// - Head: origin at the centroid of the rigid landmarks (`FaceLandmarks.rigid`) of the person's own
///   canonical shape; z out of the face towards the viewer (the normal of the least-squares plane through
///   the rigid points), x towards the subject's left (along the outer eye corners 33 → 263, made
///   orthogonal to z; image right in a frontal shot), y = z × x up (right-handed). Units metres, scaled
///   so that the outer eye corners are `HeadPose.eyeCornerDistance` apart — roughly metric for an adult.
/// - Pose: camera = rotation · head + translation. A frontal face therefore has rotation ≈ diag(1, −1, −1).
public struct HeadPose: Sendable, Equatable, Codable {
    public var rotation: Mat3
    public var translation: SIMD3<Double>

    /// Average adult outer-canthal distance, used to give the head frame a metric scale.
    public static let eyeCornerDistance = 0.09

    public init(rotation: Mat3, translation: SIMD3<Double>) {
        self.rotation = rotation; self.translation = translation
    }

    /// The pose as a rotation vector and translation, for smoothing and storage.
    public var parameters: [Double] {
        let w = rotation.rotationVector
        return [w.x, w.y, w.z, translation.x, translation.y, translation.z]
    }

    public init(parameters p: [Double]) {
        self.init(rotation: .rotation(SIMD3(p[0], p[1], p[2])), translation: SIMD3(p[3], p[4], p[5]))
    }

    /// How far the face turns away from the camera: the angle (degrees) between the head's forward
    /// axis (+z) and the direction from the head to the camera.
    public var turnDegrees: Double {
        let forward = rotation.column(2), toCamera = -normalize(translation)
        return acos(Swift.max(-1, Swift.min(1, dot(forward, toCamera)))) * 180 / Double.pi
    }
}

/// A pinhole camera with square pixels and the principal point at the image centre.
public struct PinholeCamera: Sendable, Equatable, Codable {
    public var focal: Double
    public var width: Int
    public var height: Int

    public init(focal: Double, width: Int, height: Int) {
        self.focal = focal; self.width = width; self.height = height
    }

    public var principal: SIMD2<Double> { SIMD2(Double(width), Double(height)) / 2 }

    /// u = f·X/Z + cx, v = f·Y/Z + cy.
    @inlinable
    public func project(_ p: SIMD3<Double>) -> SIMD2<Double> {
        SIMD2(focal * p.x / p.z, focal * p.y / p.z) + principal
    }

    public func project(_ x: SIMD3<Double>, pose: HeadPose) -> SIMD2<Double> {
        project(pose.rotation * x + pose.translation)
    }
}

/// Perspective pose fitting: Gauss–Newton (with a little Levenberg damping) on the reprojection error
/// E(R, t) = Σ_i |π(R X_i + t) − u_i|², updating R ← exp([ω]×) R, t ← t + τ.
/// With Y = R X + t: ∂Y/∂ω = −[R X]×, ∂Y/∂τ = I, ∂u/∂Y = f/Z · [[1, 0, −X/Z], [0, 1, −Y/Z]].
public enum PoseSolver {
    public static func refine(shape: [SIMD3<Double>], observed: [SIMD2<Double>], camera: PinholeCamera,
                              initial: HeadPose, iterations: Int = 10) -> HeadPose {
        var pose = initial
        var cost = reprojectionCost(shape: shape, observed: observed, camera: camera, pose: pose)
        var damping = 1e-3
        for _ in 0..<iterations {
            var jtj = [Double](repeating: 0, count: 36), jtr = [Double](repeating: 0, count: 6)
            for (x, u) in zip(shape, observed) where (pose.rotation * x + pose.translation).z > 1e-6 {
                let (rowU, rowV, r) = jacobianRows(x, u, camera: camera, pose: pose)
                for a in 0..<6 {
                    jtr[a] += rowU[a] * r.x + rowV[a] * r.y
                    for b in 0..<6 { jtj[a * 6 + b] += rowU[a] * rowU[b] + rowV[a] * rowV[b] }
                }
            }
            var improved = false
            for _ in 0..<4 {
                var damped = jtj
                for a in 0..<6 { damped[a * 6 + a] *= 1 + damping }
                guard let step = solveLinear(damped, jtr.map { -$0 }, n: 6) else { break }
                let candidate = HeadPose(rotation: .rotation(SIMD3(step[0], step[1], step[2])) * pose.rotation,
                                         translation: pose.translation + SIMD3(step[3], step[4], step[5]))
                let newCost = reprojectionCost(shape: shape, observed: observed, camera: camera, pose: candidate)
                if newCost < cost {
                    let gain = cost - newCost
                    pose = candidate; cost = newCost; damping = Swift.max(damping / 10, 1e-9); improved = true
                    if gain < 1e-10 * Swift.max(cost, 1e-12) { return pose }
                    break
                }
                damping *= 10
            }
            if !improved { break }
        }
        return pose
    }

    /// ∇E with respect to (ω, τ) at `pose`: 2 Σ_i J_iᵀ r_i, the same Jacobian the solver uses.
    static func gradient(shape: [SIMD3<Double>], observed: [SIMD2<Double>], camera: PinholeCamera, pose: HeadPose) -> [Double] {
        var g = [Double](repeating: 0, count: 6)
        for (x, u) in zip(shape, observed) {
            let (rowU, rowV, r) = jacobianRows(x, u, camera: camera, pose: pose)
            for a in 0..<6 { g[a] += 2 * (rowU[a] * r.x + rowV[a] * r.y) }
        }
        return g
    }

    /// The two Jacobian rows (∂u/∂(ω, τ), ∂v/∂(ω, τ)) and the residual of one point.
    @inline(__always)
    static func jacobianRows(_ x: SIMD3<Double>, _ u: SIMD2<Double>, camera: PinholeCamera,
                             pose: HeadPose) -> ([Double], [Double], SIMD2<Double>) {
        let rx = pose.rotation * x, y = rx + pose.translation
        let iz = 1 / y.z, f = camera.focal
        let r = SIMD2(f * y.x * iz, f * y.y * iz) + camera.principal - u
        let du = SIMD3(f * iz, 0, -f * y.x * iz * iz), dv = SIMD3(0, f * iz, -f * y.y * iz * iz)
        // For a row g of ∂u/∂Y: g·(−[a]× ω) = ω·(a × g), so the ω-gradient is a × g with a = R X.
        let wu = cross(rx, du), wv = cross(rx, dv)
        return ([wu.x, wu.y, wu.z, du.x, du.y, du.z], [wv.x, wv.y, wv.z, dv.x, dv.y, dv.z], r)
    }

    /// Σ_i |π(R X_i + t) − u_i|² (infinite when a point falls behind the camera).
    public static func reprojectionCost(shape: [SIMD3<Double>], observed: [SIMD2<Double>], camera: PinholeCamera,
                                        pose: HeadPose) -> Double {
        var cost = 0.0
        for (x, u) in zip(shape, observed) {
            let y = pose.rotation * x + pose.translation
            if y.z <= 1e-6 { return .infinity }
            let d = camera.project(y) - u
            cost += (d * d).sum()
        }
        return cost
    }

    /// A starting pose from a similarity that maps the shape (metres) onto mesh points (pixels, z like x):
    /// weak perspective says scale ≈ f / Z, so Z = f / scale and the head origin's pixel gives X and Y.
    public static func initial(from similarity: Similarity, camera: PinholeCamera) -> HeadPose {
        let z = camera.focal / similarity.scale
        let c = SIMD2(similarity.translation.x, similarity.translation.y) - camera.principal
        return HeadPose(rotation: similarity.rotation, translation: SIMD3(c.x * z / camera.focal, c.y * z / camera.focal, z))
    }
}
