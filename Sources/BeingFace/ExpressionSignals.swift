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

    /// Where the iris sits between the eye's corners, image plane: (along the corner-to-corner line
    /// from its midpoint, across it, image y down), over the eye's width. `points` is the iris
    /// model's 71 contour points then its 5 iris points, the iris centre first.
    public static func gaze(_ points: ArraySlice<SIMD3<Double>>) -> SIMD2<Double> {
        let first = points.startIndex
        func flat(_ i: Int) -> SIMD2<Double> { SIMD2(points[first + i].x, points[first + i].y) }
        var (a, b) = (flat(0), flat(8))
        if a.x > b.x { swap(&a, &b) }  // the same image direction for both eyes
        let width = length(b - a)
        guard width > 1e-6 else { return .zero }
        let along = (b - a) / width, across = SIMD2(-along.y, along.x)
        let r = flat(71) - (a + b) / 2
        return SIMD2((r * along).sum(), (r * across).sum()) / width
    }

    /// Mouth signals from a mesh already in the head frame (metres).
    public static func mouth(_ head: [SIMD3<Double>]) -> (aperture: Double, width: Double) {
        let gaps = FaceLandmarks.mouthOpeningPairs.map { length(head[$0.0] - head[$0.1]) }
        let corners = FaceLandmarks.mouthCorners
        return (gaps.reduce(0, +) / Double(gaps.count), length(head[corners.0] - head[corners.1]))
    }
}

/// The non-rigid part of a mesh: the mesh lifted into camera space, aligned to the canonical mesh by its
/// rigid points (a similarity, so pose and residual scale error go), minus the canonical mesh.
public enum MeshResidual {
    /// The mesh in the head frame (metres) and its residual against `canonical`.
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
        let head = lifted.map(toHead.apply)
        return (head, zip(head, canonical).map { $0 - $1 })
    }
}
