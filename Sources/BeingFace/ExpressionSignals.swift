import Foundation

/// What the face does in one frame, with the head's pose taken out.
public struct ExpressionSignals: Sendable, Codable, Equatable {
    /// Eyelid opening over eye width, from the iris model's lid contour (≈ 0.25–0.35 open, < 0.1 shut).
    public var eyeOpennessRight: Double
    public var eyeOpennessLeft: Double
    /// Mean gap between facing inner-lip points, metres in the head frame.
    public var mouthAperture: Double
    /// Distance between the inner mouth corners, metres in the head frame.
    public var mouthWidth: Double

    /// Eye openness = mean_k |upper_k − lower_k| / |corner₀ − corner₈|, on the 7 facing lid pairs of the
    /// iris model's contour (image plane; the ratio cancels the eye's size in pixels).
    public static func eyeOpenness(_ eye: EyeResult) -> Double {
        func flat(_ i: Int) -> SIMD2<Double> { SIMD2(eye.contour[i].x, eye.contour[i].y) }
        let width = length(flat(0) - flat(8))
        guard width > 1e-6 else { return 0 }
        let gaps = FaceLandmarks.irisLidPairs.map { length(flat($0.0) - flat($0.1)) }
        return gaps.reduce(0, +) / Double(gaps.count) / width
    }

    /// Mouth signals from a mesh already in the head frame (metres).
    public static func mouth(_ head: [SIMD3<Double>]) -> (aperture: Double, width: Double) {
        let gaps = FaceLandmarks.mouthOpeningPairs.map { length(head[$0.0] - head[$0.1]) }
        let corners = FaceLandmarks.mouthCorners
        return (gaps.reduce(0, +) / Double(gaps.count), length(head[corners.0] - head[corners.1]))
    }
}

/// The non-rigid part of a mesh, read two ways.
///
/// - `head`: the mesh lifted into camera space with the mesh model's own depths (z), then aligned to the
///   canonical mesh by its rigid points (a similarity, so pose and scale error go). The mouth and eye
///   signals (`ExpressionSignals`) are measured on it.
/// - `residual`: what the image shows the face doing. Each canonical vertex c is posed into the camera,
///   X = R·c + t; its observed pixel u is lifted onto its ray at X's depth, Y = X_z·K⁻¹u; the residual is
///   that offset turned back into the head frame, Rᵀ·(Y − X). The mesh model's z is not read: it is a
///   learnt guess that moves with head pose, and on aoc_8s_512 it made up 63% of the old residual's
///   variance over the training frames (the first mouth component then followed the mouth aperture at
///   r = 0.57; without it, r = 0.84). Avatars trained on this residual draw the lips closer to the real
///   ones on held-out frames (lip distance with tracked codes 0.64–0.69 px over two seeds, against
///   0.81–0.93 over three; speech-driven 3.42–3.48 against 3.53–3.65).
public enum MeshResidual {
    /// The mesh in the head frame (metres) and its residual against `canonical` (head frame, metres).
    public static func compute(mesh: [SIMD3<Double>], canonical: [SIMD3<Double>], pose: HeadPose,
                               camera: PinholeCamera) -> (head: [SIMD3<Double>], residual: [SIMD3<Double>]) {
        // Lift with this frame's depth: pixels per metre at the head = f / Z.
        let z0 = pose.translation.z, s = camera.focal / z0, c = camera.principal
        let lifted = mesh.map { p -> SIMD3<Double> in
            let z = z0 + p.z / s
            return SIMD3((p.x - c.x) * z / camera.focal, (p.y - c.y) * z / camera.focal, z)
        }
        let rigid = FaceLandmarks.rigid
        let toHead = Procrustes.similarity(from: rigid.map { lifted[$0] }, to: rigid.map { canonical[$0] })
        return (lifted.map(toHead.apply), imagePlaneResidual(mesh: mesh, canonical: canonical, pose: pose, camera: camera))
    }

    /// Rᵀ·(Y − X) per vertex, with X = R·c + t and Y the observed pixel lifted to depth X_z: [N, 3].
    static func imagePlaneResidual(mesh: [SIMD3<Double>], canonical: [SIMD3<Double>], pose: HeadPose,
                                   camera: PinholeCamera) -> [SIMD3<Double>] {
        let back = pose.rotation.transposed, c = camera.principal
        return zip(mesh, canonical).map { observed, vertex in
            let x = pose.rotation * vertex + pose.translation
            let y = SIMD3((observed.x - c.x) * x.z / camera.focal, (observed.y - c.y) * x.z / camera.focal, x.z)
            return back * (y - x)
        }
    }
}
