/// Rotations from quaternions stored as (w, x, y, z), normalised on use so any non-zero 4-vector
/// is a valid parameter (Kerbl et al. 2023, §4).
public enum QuaternionRotation {
    /// R(q/‖q‖) for q = (w, x, y, z):
    ///
    ///     ⎡1−2(y²+z²)  2(xy−wz)    2(xz+wy)  ⎤
    ///     ⎢2(xy+wz)    1−2(x²+z²)  2(yz−wx)  ⎥
    ///     ⎣2(xz−wy)    2(yz+wx)    1−2(x²+y²)⎦
    @inlinable @inline(__always) public static func matrix(_ q: SIMD4<Float>) -> Matrix3 {
        let n = q / (q * q).sum().squareRoot()
        let w = n[0], x = n[1], y = n[2], z = n[3]
        return Matrix3(
            rows: SIMD3(1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)),
            SIMD3(2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)),
            SIMD3(2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)))
    }

    /// dL/dq from dL/dR (a full 3×3 gradient G): the derivative of each entry of R with respect to
    /// the unit quaternion n, then through the normalisation, dL/dq = (g − n(n·g)) / ‖q‖.
    @inlinable @inline(__always) public static func matrixVJP(_ q: SIMD4<Float>, _ g: Matrix3) -> SIMD4<Float> {
        let norm = (q * q).sum().squareRoot()
        let n = q / norm
        let w = n[0], x = n[1], y = n[2], z = n[3]
        let g00 = g.r0.x, g01 = g.r0.y, g02 = g.r0.z
        let g10 = g.r1.x, g11 = g.r1.y, g12 = g.r1.z
        let g20 = g.r2.x, g21 = g.r2.y, g22 = g.r2.z
        let gw = 2 * (-z * g01 + y * g02 + z * g10 - x * g12 - y * g20 + x * g21)
        let gx = 2 * (y * g01 + z * g02 + y * g10 - 2 * x * g11 - w * g12 + z * g20 + w * g21 - 2 * x * g22)
        let gy = 2 * (-2 * y * g00 + x * g01 + w * g02 + x * g10 + z * g12 - w * g20 + z * g21 - 2 * y * g22)
        let gz = 2 * (-2 * z * g00 - w * g01 + x * g02 + w * g10 - 2 * z * g11 + y * g12 + x * g20 + y * g21)
        let gn = SIMD4(gw, gx, gy, gz)
        return (gn - n * (n * gn).sum()) / norm
    }
}
