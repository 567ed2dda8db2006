/// A 3×3 matrix of Float, stored as three rows.
///
/// Small and value-typed so the per-Gaussian projection code reads like the formulas it follows;
/// the compiler keeps it in registers.
public struct Matrix3: Sendable, Equatable {
    public var r0: SIMD3<Float>
    public var r1: SIMD3<Float>
    public var r2: SIMD3<Float>

    @inlinable @inline(__always) public init(rows r0: SIMD3<Float>, _ r1: SIMD3<Float>, _ r2: SIMD3<Float>) {
        self.r0 = r0; self.r1 = r1; self.r2 = r2
    }

    @inlinable @inline(__always) public static var identity: Matrix3 {
        Matrix3(rows: SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1))
    }

    @inlinable @inline(__always) public static var zero: Matrix3 { Matrix3(rows: .zero, .zero, .zero) }

    /// diag(d)
    @inlinable @inline(__always) public static func diagonal(_ d: SIMD3<Float>) -> Matrix3 {
        Matrix3(rows: SIMD3(d.x, 0, 0), SIMD3(0, d.y, 0), SIMD3(0, 0, d.z))
    }

    /// Entry (row, column).
    @inlinable @inline(__always) public subscript(row: Int, column: Int) -> Float {
        get { row == 0 ? r0[column] : row == 1 ? r1[column] : r2[column] }
        set {
            switch row {
            case 0: r0[column] = newValue
            case 1: r1[column] = newValue
            default: r2[column] = newValue
            }
        }
    }

    @inlinable @inline(__always) public var transposed: Matrix3 {
        Matrix3(rows: SIMD3(r0.x, r1.x, r2.x), SIMD3(r0.y, r1.y, r2.y), SIMD3(r0.z, r1.z, r2.z))
    }

    /// M·v
    @inlinable @inline(__always) public static func * (m: Matrix3, v: SIMD3<Float>) -> SIMD3<Float> {
        SIMD3((m.r0 * v).sum(), (m.r1 * v).sum(), (m.r2 * v).sum())
    }

    /// A·B
    @inlinable @inline(__always) public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(rows: a.r0.x * b.r0 + a.r0.y * b.r1 + a.r0.z * b.r2,
                a.r1.x * b.r0 + a.r1.y * b.r1 + a.r1.z * b.r2,
                a.r2.x * b.r0 + a.r2.y * b.r1 + a.r2.z * b.r2)
    }

    @inlinable @inline(__always) public static func + (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(rows: a.r0 + b.r0, a.r1 + b.r1, a.r2 + b.r2)
    }

    @inlinable @inline(__always) public static func * (s: Float, m: Matrix3) -> Matrix3 {
        Matrix3(rows: s * m.r0, s * m.r1, s * m.r2)
    }

    /// M scaled column-wise: M·diag(d).
    @inlinable @inline(__always) public func scalingColumns(_ d: SIMD3<Float>) -> Matrix3 {
        Matrix3(rows: r0 * d, r1 * d, r2 * d)
    }
}

/// A 2×3 matrix (the projection Jacobian, and J·W), stored as two rows.
public struct Matrix2x3: Sendable, Equatable {
    public var r0: SIMD3<Float>
    public var r1: SIMD3<Float>

    @inlinable @inline(__always) public init(rows r0: SIMD3<Float>, _ r1: SIMD3<Float>) { self.r0 = r0; self.r1 = r1 }

    /// (2×3)·(3×3)
    @inlinable @inline(__always) public static func * (a: Matrix2x3, b: Matrix3) -> Matrix2x3 {
        Matrix2x3(rows: a.r0.x * b.r0 + a.r0.y * b.r1 + a.r0.z * b.r2,
                  a.r1.x * b.r0 + a.r1.y * b.r1 + a.r1.z * b.r2)
    }

    /// T·Σ·Tᵀ for a symmetric Σ, as the upper triangle (xx, xy, yy) of the 2×2 result.
    @inlinable @inline(__always) public func congruence(_ sigma: Matrix3) -> SIMD3<Float> {
        let a = sigma * r0, b = sigma * r1  // Σ·tᵢ
        return SIMD3((r0 * a).sum(), (r0 * b).sum(), (r1 * b).sum())
    }
}
