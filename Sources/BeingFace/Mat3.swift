import Foundation

/// A 3×3 matrix of doubles, row-major: `m[r][c] = rows[r][c]`.
public struct Mat3: Sendable, Equatable, Codable {
    public var rows: [SIMD3<Double>]  // [3, 3]

    public init(rows: [SIMD3<Double>]) {
        precondition(rows.count == 3)
        self.rows = rows
    }

    public static let identity = Mat3(rows: [SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)])

    /// The matrix whose columns are `a`, `b`, `c`.
    public init(columns a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>) {
        rows = [SIMD3(a.x, b.x, c.x), SIMD3(a.y, b.y, c.y), SIMD3(a.z, b.z, c.z)]
    }

    public var transposed: Mat3 { Mat3(columns: rows[0], rows[1], rows[2]) }
    public func column(_ c: Int) -> SIMD3<Double> { SIMD3(rows[0][c], rows[1][c], rows[2][c]) }

    public static func * (m: Mat3, v: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3((m.rows[0] * v).sum(), (m.rows[1] * v).sum(), (m.rows[2] * v).sum())
    }

    public static func * (a: Mat3, b: Mat3) -> Mat3 {
        Mat3(columns: a * b.column(0), a * b.column(1), a * b.column(2))
    }

    public var determinant: Double {
        let r = rows
        return (r[0] * cross(r[1], r[2])).sum()
    }

    /// Rodrigues: exp([ω]×) = I + sin θ/θ [ω]× + (1 − cos θ)/θ² [ω]×², θ = |ω|.
    public static func rotation(_ w: SIMD3<Double>) -> Mat3 {
        let theta = length(w)
        let a: Double, b: Double
        if theta < 1e-8 { a = 1 - theta * theta / 6; b = 0.5 - theta * theta / 24 } else {
            a = sin(theta) / theta; b = (1 - cos(theta)) / (theta * theta)
        }
        let k = Mat3(rows: [SIMD3(0, -w.z, w.y), SIMD3(w.z, 0, -w.x), SIMD3(-w.y, w.x, 0)])
        let k2 = k * k
        var out = Mat3.identity
        for r in 0..<3 { out.rows[r] += a * k.rows[r] + b * k2.rows[r] }
        return out
    }

    /// The inverse of `rotation(_:)` for a rotation matrix: ω with |ω| = θ ∈ [0, π].
    public var rotationVector: SIMD3<Double> {
        let r = rows
        let cosTheta = Swift.max(-1, Swift.min(1, (r[0].x + r[1].y + r[2].z - 1) / 2))
        let theta = acos(cosTheta)
        let v = SIMD3(r[2].y - r[1].z, r[0].z - r[2].x, r[1].x - r[0].y)
        if theta < 1e-6 { return v / 2 }
        if Double.pi - theta < 1e-4 {
            // Near π: axis from the diagonal of (R + I)/2 = a aᵀ.
            var axis = SIMD3(sqrt(Swift.max(0, (r[0].x + 1) / 2)), sqrt(Swift.max(0, (r[1].y + 1) / 2)),
                             sqrt(Swift.max(0, (r[2].z + 1) / 2)))
            if r[0].y + r[1].x < 0 { axis.y = -axis.y }
            if r[0].z + r[2].x < 0 { axis.z = -axis.z }
            return normalize(axis) * theta
        }
        return v * (theta / (2 * sin(theta)))
    }

    /// The angle in degrees of the rotation taking `self` to `other`: |log(selfᵀ other)|.
    public func angleDegrees(to other: Mat3) -> Double {
        length((transposed * other).rotationVector) * 180 / Double.pi
    }
}

@inlinable func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
@inlinable func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }
@inlinable func length(_ a: SIMD3<Double>) -> Double { sqrt(dot(a, a)) }
@inlinable func length(_ a: SIMD2<Double>) -> Double { sqrt((a * a).sum()) }
@inlinable func normalize(_ a: SIMD3<Double>) -> SIMD3<Double> { a / length(a) }

/// Solves the symmetric positive (semi-)definite system A x = b (n×n, row-major) by Gaussian
/// elimination with partial pivoting; returns nil when A is singular.
func solveLinear(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
    var m = a, x = b
    for col in 0..<n {
        var pivot = col
        for r in col + 1..<n where abs(m[r * n + col]) > abs(m[pivot * n + col]) { pivot = r }
        guard abs(m[pivot * n + col]) > 1e-300 else { return nil }
        if pivot != col {
            for c in 0..<n { m.swapAt(col * n + c, pivot * n + c) }
            x.swapAt(col, pivot)
        }
        for r in col + 1..<n {
            let f = m[r * n + col] / m[col * n + col]
            if f == 0 { continue }
            for c in col..<n { m[r * n + c] -= f * m[col * n + c] }
            x[r] -= f * x[col]
        }
    }
    for r in stride(from: n - 1, through: 0, by: -1) {
        var s = x[r]
        for c in r + 1..<n { s -= m[r * n + c] * x[c] }
        x[r] = s / m[r * n + r]
    }
    return x.allSatisfy(\.isFinite) ? x : nil
}
