import Foundation

/// A similarity transform y = scale · R x + translation.
public struct Similarity: Sendable, Equatable {
    public var scale: Double
    public var rotation: Mat3
    public var translation: SIMD3<Double>

    public func apply(_ x: SIMD3<Double>) -> SIMD3<Double> { scale * (rotation * x) + translation }
    /// x = Rᵀ (y − translation) / scale.
    public func invert(_ y: SIMD3<Double>) -> SIMD3<Double> { (rotation.transposed * (y - translation)) / scale }
}

/// Least-squares alignment of point sets (Umeyama 1991 / Horn 1987).
public enum Procrustes {
    /// The similarity minimising Σ |target_i − (s R source_i + t)|².
    ///
    /// R comes from Horn's quaternion method: the unit eigenvector of largest eigenvalue of the 4×4
    /// matrix N built from the cross-covariance M = Σ (source_i − s̄)(target_i − t̄)ᵀ; then
    /// s = Σ (target_i − t̄)·R(source_i − s̄) / Σ |source_i − s̄|² and t = t̄ − s R s̄.
    public static func similarity(from source: [SIMD3<Double>], to target: [SIMD3<Double>], allowScale: Bool = true) -> Similarity {
        precondition(source.count == target.count && source.count >= 3, "Procrustes: need ≥ 3 matched points")
        let n = Double(source.count)
        let sMean = source.reduce(.zero, +) / n, tMean = target.reduce(.zero, +) / n
        var m = [[Double]](repeating: [0, 0, 0], count: 3)
        var sourceVariance = 0.0
        for (a, b) in zip(source, target) {
            let p = a - sMean, q = b - tMean
            sourceVariance += dot(p, p)
            for r in 0..<3 { for c in 0..<3 { m[r][c] += p[r] * q[c] } }
        }
        let (sxx, sxy, sxz) = (m[0][0], m[0][1], m[0][2])
        let (syx, syy, syz) = (m[1][0], m[1][1], m[1][2])
        let (szx, szy, szz) = (m[2][0], m[2][1], m[2][2])
        let nMatrix: [Double] = [
            sxx + syy + szz, syz - szy, szx - sxz, sxy - syx,
            syz - szy, sxx - syy - szz, sxy + syx, szx + sxz,
            szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy,
            sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz,
        ]
        let q = largestEigenvector(nMatrix)
        let rotation = rotationFromQuaternion(w: q[0], x: q[1], y: q[2], z: q[3])
        var scale = 1.0
        if allowScale, sourceVariance > 0 {
            var num = 0.0
            for (a, b) in zip(source, target) { num += dot(b - tMean, rotation * (a - sMean)) }
            scale = num / sourceVariance
        }
        return Similarity(scale: scale, rotation: rotation, translation: tMean - scale * (rotation * sMean))
    }

    static func rotationFromQuaternion(w: Double, x: Double, y: Double, z: Double) -> Mat3 {
        Mat3(rows: [
            SIMD3(w * w + x * x - y * y - z * z, 2 * (x * y - w * z), 2 * (x * z + w * y)),
            SIMD3(2 * (x * y + w * z), w * w - x * x + y * y - z * z, 2 * (y * z - w * x)),
            SIMD3(2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z),
        ])
    }

    /// Unit eigenvector of the largest eigenvalue of a symmetric 4×4 matrix (cyclic Jacobi rotations).
    static func largestEigenvector(_ matrix: [Double]) -> [Double] {  // [4, 4]
        var a = matrix
        var v: [Double] = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]
        for _ in 0..<50 {
            var off = 0.0
            for p in 0..<4 { for q in p + 1..<4 { off += a[p * 4 + q] * a[p * 4 + q] } }
            if off < 1e-22 { break }
            for p in 0..<4 {
                for q in p + 1..<4 where abs(a[p * 4 + q]) > 1e-300 {
                    let theta = (a[q * 4 + q] - a[p * 4 + p]) / (2 * a[p * 4 + q])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + sqrt(theta * theta + 1))
                    let c = 1 / sqrt(t * t + 1), s = t * c
                    for k in 0..<4 {  // A ← Jᵀ A J, columns then rows
                        let akp = a[k * 4 + p], akq = a[k * 4 + q]
                        a[k * 4 + p] = c * akp - s * akq; a[k * 4 + q] = s * akp + c * akq
                    }
                    for k in 0..<4 {
                        let apk = a[p * 4 + k], aqk = a[q * 4 + k]
                        a[p * 4 + k] = c * apk - s * aqk; a[q * 4 + k] = s * apk + c * aqk
                    }
                    for k in 0..<4 {
                        let vkp = v[k * 4 + p], vkq = v[k * 4 + q]
                        v[k * 4 + p] = c * vkp - s * vkq; v[k * 4 + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        var best = 0
        for i in 1..<4 where a[i * 4 + i] > a[best * 4 + best] { best = i }
        return (0..<4).map { v[$0 * 4 + best] }
    }
}
