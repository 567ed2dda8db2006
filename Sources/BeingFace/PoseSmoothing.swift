import Foundation

/// Zero-lag smoothing of a pose track.
///
/// Each pose parameter (rotation vector relative to the track's mean rotation, and translation) is
/// replaced by a local quadratic fitted by weighted least squares around each frame (a Savitzky–Golay
/// filter with Gaussian weights w_k = exp(−k²/2σ²), |k| ≤ 3σ). The window is centred, so the filter has no
/// phase lag, and a quadratic trend passes through unchanged: jitter goes, motion stays where it was.
public enum PoseSmoothing {
    public static func smooth(_ poses: [HeadPose], sigmaFrames: Double) -> [HeadPose] {
        guard poses.count > 2, sigmaFrames > 0 else { return poses }
        let mean = meanRotation(poses.map(\.rotation))
        let params: [[Double]] = poses.map { pose in
            let w = (mean.transposed * pose.rotation).rotationVector
            return [w.x, w.y, w.z, pose.translation.x, pose.translation.y, pose.translation.z]
        }
        let smoothed = (0..<6).map { k in smoothSeries(params.map { $0[k] }, sigma: sigmaFrames) }
        return poses.indices.map { t in
            HeadPose(rotation: mean * .rotation(SIMD3(smoothed[0][t], smoothed[1][t], smoothed[2][t])),
                     translation: SIMD3(smoothed[3][t], smoothed[4][t], smoothed[5][t]))
        }
    }

    /// Local weighted quadratic regression evaluated at each sample.
    public static func smoothSeries(_ values: [Double], sigma: Double) -> [Double] {
        let n = values.count, radius = Int((3 * sigma).rounded(.up))
        return (0..<n).map { t in
            // Normal equations of Σ w_k (a + b k + c k² − y_{t+k})², solved for a = the value at k = 0.
            var m = [Double](repeating: 0, count: 9), r = [Double](repeating: 0, count: 3)
            for k in Swift.max(-radius, -t)...Swift.min(radius, n - 1 - t) {
                let x = Double(k), w = exp(-x * x / (2 * sigma * sigma)), basis = [1, x, x * x]
                for i in 0..<3 {
                    r[i] += w * basis[i] * values[t + k]
                    for j in 0..<3 { m[i * 3 + j] += w * basis[i] * basis[j] }
                }
            }
            return solveLinear(m, r, n: 3)?[0] ?? values[t]
        }
    }

    /// The rotation nearest the average of `rotations` (Procrustes of the averaged basis vectors).
    static func meanRotation(_ rotations: [Mat3]) -> Mat3 {
        let basis = [SIMD3<Double>(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)]
        let average = basis.indices.map { i in rotations.reduce(SIMD3<Double>.zero) { $0 + $1 * basis[i] } / Double(rotations.count) }
        return Procrustes.similarity(from: basis + [.zero], to: average + [.zero], allowScale: false).rotation
    }
}

/// Quality numbers of a fitted track.
public struct TrackQuality: Sendable, Codable, Equatable {
    /// Reprojection error of the rigid points, pixels, over all frames and points.
    public var reprojectionMedian: Double
    public var reprojectionP95: Double
    /// RMS over frames and rigid points of |p(t+1) − 2p(t) + p(t−1)| of the rigid points' projections, pixels.
    public var jitter: Double

    public static func measure(shape: [SIMD3<Double>], meshes: [[SIMD3<Double>]], poses: [HeadPose],
                               camera: PinholeCamera) -> TrackQuality {
        let rigid = FaceLandmarks.rigid
        var errors: [Double] = []
        var projections: [[SIMD2<Double>]] = []
        for (mesh, pose) in zip(meshes, poses) {
            let projected = shape.map { camera.project($0, pose: pose) }
            projections.append(projected)
            for (p, i) in zip(projected, rigid) { errors.append(length(p - SIMD2(mesh[i].x, mesh[i].y))) }
        }
        errors.sort()
        func quantile(_ q: Double) -> Double { errors.isEmpty ? 0 : errors[Int((q * Double(errors.count - 1)).rounded())] }
        return TrackQuality(reprojectionMedian: quantile(0.5), reprojectionP95: quantile(0.95),
                            jitter: secondDifferenceRMS(projections))
    }

    /// RMS of the second difference over time of point tracks `[T][N]`.
    public static func secondDifferenceRMS(_ tracks: [[SIMD2<Double>]]) -> Double {
        guard tracks.count > 2 else { return 0 }
        var sum = 0.0, count = 0
        for t in 1..<(tracks.count - 1) {
            for i in tracks[t].indices {
                let d = tracks[t + 1][i] - 2 * tracks[t][i] + tracks[t - 1][i]
                sum += (d * d).sum(); count += 1
            }
        }
        return sqrt(sum / Double(Swift.max(count, 1)))
    }
}
