import Foundation

/// The camera and head shape of a whole video, from the face mesh alone.
public struct CameraFitResult: Sendable {
    public var camera: PinholeCamera
    /// The person's canonical mesh in the head frame (metres), all 468 points.
    public var canonicalMesh: [SIMD3<Double>]  // [468, 3]
    /// The rigid points of the canonical shape after perspective refinement (head frame, metres).
    public var rigidShape: [SIMD3<Double>]  // [rigid.count, 3]
    /// Per frame, fitted independently.
    public var rawPoses: [HeadPose]
    /// Every focal length tried and the RMS reprojection error (pixels) it gave, by focal length:
    /// a flat profile means the video barely constrains the focal length.
    public var focalProfile: [SIMD2<Double>]
}

/// Fits one focal length, the person's canonical shape and a pose per frame.
///
/// 1. Lift each mesh into camera space for a trial focal f: the mesh's weak-perspective scale s (pixels per
///    metre, from aligning a metric reference) gives depth Z = f/s + z/s, then X = (x − cx)Z/f, Y = (y − cy)Z/f.
/// 2. Average the lifted rigid points by generalised Procrustes; put the mean in the head frame (`HeadPose`).
/// 3. Fit every sampled frame's pose by Gauss–Newton; score f by the RMS reprojection error of the rigid points.
///    f is searched on a log grid from 0.5 to 8 image widths, then by golden section around the best.
/// 4. At the chosen f, refine each rigid point by triangulation over the sampled frames' poses, then fit all poses.
public enum CameraFit {
    public static func fit(meshes: [[SIMD3<Double>]], width: Int, height: Int, maxSampleFrames: Int = 60) -> CameraFitResult {
        precondition(!meshes.isEmpty, "CameraFit: no frames")
        let rigid = FaceLandmarks.rigid
        let stride = Swift.max(1, meshes.count / maxSampleFrames)
        let sample = Swift.stride(from: 0, to: meshes.count, by: stride).map { meshes[$0] }
        let reference = metricReference(sample.map { m in rigid.map { m[$0] } })

        var profile: [SIMD2<Double>] = []
        func evaluate(_ focal: Double) -> Double {
            let cost = focalCost(focal, sample: sample, reference: reference, width: width, height: height)
            profile.append(SIMD2(focal, (cost / Double(sample.count * rigid.count)).squareRoot()))
            return cost
        }

        let side = Double(Swift.max(width, height))
        let grid = (0...16).map { side * 0.5 * pow(16, Double($0) / 16) }
        let costs = grid.map(evaluate)
        let best = costs.indices.min { costs[$0] < costs[$1] }!
        var lo = log(grid[Swift.max(0, best - 1)]), hi = log(grid[Swift.min(grid.count - 1, best + 1)])
        let ratio = (sqrt(5.0) - 1) / 2
        var a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo)
        var fa = evaluate(exp(a)), fb = evaluate(exp(b))
        for _ in 0..<14 {
            if fa < fb { hi = b; b = a; fb = fa; a = hi - ratio * (hi - lo); fa = evaluate(exp(a)) } else {
                lo = a; a = b; fa = fb; b = lo + ratio * (hi - lo); fb = evaluate(exp(b))
            }
        }
        let focal = exp((lo + hi) / 2)
        let camera = PinholeCamera(focal: focal, width: width, height: height)

        let canonicalShape = canonical(lifted: sample.map { lift($0, camera: camera, reference: reference) })
        var shape = canonicalShape.rigid
        for _ in 0..<2 {
            let poses = sample.map { fitPose(shape: shape, mesh: $0, camera: camera) }
            shape = refinePoints(shape, observations: sample.map { m in rigid.map { SIMD2(m[$0].x, m[$0].y) } },
                                 poses: poses, camera: camera)
            shape = HeadFrame.normalised(rigid: shape)
        }
        let poses = meshes.map { fitPose(shape: shape, mesh: $0, camera: camera) }
        return CameraFitResult(camera: camera, canonicalMesh: canonicalShape.full, rigidShape: shape, rawPoses: poses,
                               focalProfile: profile.sorted { $0.x < $1.x })
    }

    /// Σ over the sampled frames of the rigid points' squared reprojection error for a trial focal length.
    static func focalCost(_ focal: Double, sample: [[SIMD3<Double>]], reference: [SIMD3<Double>], width: Int, height: Int) -> Double {
        let rigid = FaceLandmarks.rigid
        let camera = PinholeCamera(focal: focal, width: width, height: height)
        let shape = canonical(lifted: sample.map { lift($0, camera: camera, reference: reference) }).rigid
        var total = 0.0
        for mesh in sample {
            let pose = fitPose(shape: shape, mesh: mesh, camera: camera)
            total += PoseSolver.reprojectionCost(shape: shape, observed: rigid.map { SIMD2(mesh[$0].x, mesh[$0].y) },
                                                 camera: camera, pose: pose)
        }
        return total.isFinite ? total : .greatestFiniteMagnitude
    }

    /// Perspective pose of one mesh: start from the similarity of the shape onto the mesh, then Gauss–Newton.
    public static func fitPose(shape: [SIMD3<Double>], mesh: [SIMD3<Double>], camera: PinholeCamera) -> HeadPose {
        let rigidMesh = FaceLandmarks.rigid.map { mesh[$0] }
        let start = PoseSolver.initial(from: Procrustes.similarity(from: shape, to: rigidMesh), camera: camera)
        return PoseSolver.refine(shape: shape, observed: rigidMesh.map { SIMD2($0.x, $0.y) }, camera: camera, initial: start)
    }

    /// A metric reference of the rigid points: generalised Procrustes of the meshes (pixels), scaled to metres.
    static func metricReference(_ sets: [[SIMD3<Double>]]) -> [SIMD3<Double>] {
        var mean = sets[0]
        for _ in 0..<3 {
            var sum = [SIMD3<Double>](repeating: .zero, count: mean.count)
            for set in sets {
                let t = Procrustes.similarity(from: set, to: mean)
                for i in set.indices { sum[i] += t.apply(set[i]) }
            }
            mean = sum.map { $0 / Double(sets.count) }
        }
        return HeadFrame.normalised(rigid: mean)
    }

    /// The mesh lifted into camera space (metres) for `camera`'s focal length.
    static func lift(_ mesh: [SIMD3<Double>], camera: PinholeCamera, reference: [SIMD3<Double>]) -> [SIMD3<Double>] {
        let s = Procrustes.similarity(from: reference, to: FaceLandmarks.rigid.map { mesh[$0] }).scale  // pixels per metre
        let depth = camera.focal / s, c = camera.principal
        return mesh.map { p in
            let z = depth + p.z / s
            return SIMD3((p.x - c.x) * z / camera.focal, (p.y - c.y) * z / camera.focal, z)
        }
    }

    /// The mean of lifted meshes in the head frame: aligned on their rigid points, then normalised.
    static func canonical(lifted: [[SIMD3<Double>]]) -> (rigid: [SIMD3<Double>], full: [SIMD3<Double>]) {
        let rigid = FaceLandmarks.rigid
        var mean = lifted[0]
        for _ in 0..<2 {
            var sum = [SIMD3<Double>](repeating: .zero, count: mean.count)
            let target = rigid.map { mean[$0] }
            for mesh in lifted {
                let t = Procrustes.similarity(from: rigid.map { mesh[$0] }, to: target)
                for i in mesh.indices { sum[i] += t.apply(mesh[i]) }
            }
            mean = sum.map { $0 / Double(lifted.count) }
        }
        let frame = HeadFrame.transform(rigid: rigid.map { mean[$0] })
        let full = mean.map(frame.apply)
        return (rigid.map { full[$0] }, full)
    }

    /// Each point X minimising Σ_t |π(R_t X + t_t) − u_t|² (Gauss–Newton, 5 steps), poses fixed.
    static func refinePoints(_ shape: [SIMD3<Double>], observations: [[SIMD2<Double>]], poses: [HeadPose],
                             camera: PinholeCamera) -> [SIMD3<Double>] {
        shape.indices.map { i in
            var x = shape[i]
            for _ in 0..<5 {
                var jtj = [Double](repeating: 0, count: 9), jtr = [Double](repeating: 0, count: 3)
                for (pose, observed) in zip(poses, observations) {
                    let y = pose.rotation * x + pose.translation
                    guard y.z > 1e-6 else { continue }
                    let f = camera.focal, iz = 1 / y.z
                    let r = camera.project(y) - observed[i]
                    let rt = pose.rotation.transposed  // rows of ∂u/∂X = (∂u/∂Y) R, i.e. Rᵀ (∂u/∂Y)ᵀ
                    let gu = rt * SIMD3(f * iz, 0, -f * y.x * iz * iz), gv = rt * SIMD3(0, f * iz, -f * y.y * iz * iz)
                    for a in 0..<3 {
                        jtr[a] += gu[a] * r.x + gv[a] * r.y
                        for b in 0..<3 { jtj[a * 3 + b] += gu[a] * gu[b] + gv[a] * gv[b] }
                    }
                }
                guard let step = solveLinear(jtj, jtr.map { -$0 }, n: 3) else { break }
                x += SIMD3(step[0], step[1], step[2])
            }
            return x
        }
    }
}

/// The head frame of a rigid-point shape (see `HeadPose` for the convention).
enum HeadFrame {
    /// The similarity taking `rigid` (points in `FaceLandmarks.rigid` order, any frame whose y points down
    /// the image, such as camera or mesh space) into the head frame.
    static func transform(rigid: [SIMD3<Double>]) -> Similarity {
        func point(_ landmark: Int) -> SIMD3<Double> { rigid[FaceLandmarks.rigid.firstIndex(of: landmark)!] }
        let right = point(FaceLandmarks.rightEyeOuter), left = point(FaceLandmarks.leftEyeOuter)
        let centroid = rigid.reduce(.zero, +) / Double(rigid.count)
        // Forward: the normal of the least-squares plane through the rigid points (forehead, nose, cheekbones,
        // eye corners), i.e. the eigenvector of their covariance C with the smallest eigenvalue, found as the
        // largest of tr(C)·I − C; turned to point out through the nose tip.
        var c = [Double](repeating: 0, count: 16)  // [4, 4], the 4th row and column stay 0
        for p in rigid {
            let d = p - centroid
            for r in 0..<3 { for k in 0..<3 { c[r * 4 + k] -= d[r] * d[k] } }
        }
        let trace = -(c[0] + c[5] + c[10])
        for r in 0..<3 { c[r * 4 + r] += trace }
        let e = Procrustes.largestEigenvector(c)
        var z = normalize(SIMD3(e[0], e[1], e[2]))
        // Mesh and camera space have z away from the viewer, so "out of the face" is towards smaller z there;
        // the nose tip lies out of the face from the centroid.
        if dot(z, point(4) - centroid) < 0 { z = -z }
        let across = left - right
        let x = normalize(across - dot(across, z) * z)
        let y = cross(z, x)
        let rotation = Mat3(rows: [x, y, z])  // camera → head
        let scale = HeadPose.eyeCornerDistance / length(left - right)
        return Similarity(scale: scale, rotation: rotation, translation: -scale * (rotation * centroid))
    }

    /// `rigid` moved into its own head frame.
    static func normalised(rigid: [SIMD3<Double>]) -> [SIMD3<Double>] {
        let t = transform(rigid: rigid)
        return rigid.map(t.apply)
    }
}
