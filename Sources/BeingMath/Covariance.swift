/// Covariances of 3D Gaussians and their EWA projection to the image (Zwicker et al. 2001,
/// "EWA Volume Splatting"; Kerbl et al. 2023, §4).
///
/// Symmetric 2×2 matrices travel as (a, b, c) for [[a, b], [b, c]]; their gradients are with
/// respect to those three scalars, so the full-matrix gradient is [[g_a, g_b/2], [g_b/2, g_c]].
public enum Covariance {
    /// Σ = M·Mᵀ with M = R·diag(s): the world covariance of a Gaussian with rotation R, scales s.
    @inlinable @inline(__always) public static func world(rotation r: Matrix3, scale s: SIMD3<Float>) -> Matrix3 {
        let m = r.scalingColumns(s)
        return m * m.transposed
    }

    /// Given G = dL/dΣ (symmetric), G_M = 2·G·M, so dL/dR = G_M·diag(s), dL/ds_j = Σ_i G_M[i,j]·R[i,j].
    @inlinable @inline(__always) public static func worldVJP(rotation r: Matrix3, scale s: SIMD3<Float>, _ g: Matrix3)
        -> (rotation: Matrix3, scale: SIMD3<Float>)
    {
        let m = r.scalingColumns(s)
        let gm = 2 * (g * m)
        let gs = gm.r0 * r.r0 + gm.r1 * r.r1 + gm.r2 * r.r2
        return (gm.scalingColumns(s), gs)
    }

    /// Σ' = T·Σ·Tᵀ + λ·I, with T = J·W (2×3) and λ the low-pass dilation (0.3 px², Kerbl et al.
    /// §6, so every splat covers at least about a pixel). Returns (a, b, c).
    @inlinable @inline(__always) public static func image(_ t: Matrix2x3, _ sigma: Matrix3, lowPass: Float) -> SIMD3<Float> {
        t.congruence(sigma) + SIMD3(lowPass, 0, lowPass)
    }

    /// With G₂ = [[g_a, g_b/2], [g_b/2, g_c]]: dL/dΣ = Tᵀ·G₂·T and dL/dT = 2·G₂·T·Σ.
    @inlinable @inline(__always) public static func imageVJP(_ t: Matrix2x3, _ sigma: Matrix3, _ g: SIMD3<Float>)
        -> (t: Matrix2x3, sigma: Matrix3)
    {
        let h = 0.5 * g.y
        // G₂·T, a 2×3 matrix.
        let g0 = g.x * t.r0 + h * t.r1
        let g1 = h * t.r0 + g.z * t.r1
        // Tᵀ·(G₂·T): the sum over the two rows of outer products t_k ⊗ (G₂T)_k.
        func outer(_ u: SIMD3<Float>, _ v: SIMD3<Float>) -> Matrix3 { Matrix3(rows: u.x * v, u.y * v, u.z * v) }
        let gSigma = outer(t.r0, g0) + outer(t.r1, g1)
        let gt = Matrix2x3(rows: 2 * (sigma * g0), 2 * (sigma * g1))  // Σ symmetric: (G₂TΣ) row k = Σ·(G₂T)_k
        return (gt, gSigma)
    }

    /// The conic Q = Σ'⁻¹ = [[c, −b], [−b, a]] / (ac − b²); nil when Σ' is not positive definite.
    @inlinable @inline(__always) public static func conic(_ s: SIMD3<Float>) -> SIMD3<Float>? {
        let det = s.x * s.z - s.y * s.y
        guard det > 0 else { return nil }
        return SIMD3(s.z, -s.y, s.x) / det
    }

    /// dL/dΣ' = −Q·G_Q·Q (full matrices), with Q the conic and G_Q its full gradient.
    @inlinable @inline(__always) public static func conicVJP(conic q: SIMD3<Float>, _ g: SIMD3<Float>) -> SIMD3<Float> {
        let h = 0.5 * g.y
        // P = G_Q·Q, then −Q·P; only the upper triangle is needed.
        let p00 = g.x * q.x + h * q.y, p01 = g.x * q.y + h * q.z
        let p10 = h * q.x + g.z * q.y, p11 = h * q.y + g.z * q.z
        let r00 = -(q.x * p00 + q.y * p10)
        let r01 = -(q.x * p01 + q.y * p11)
        let r11 = -(q.y * p01 + q.z * p11)
        return SIMD3(r00, 2 * r01, r11)
    }

    /// The 3σ extent of a 2D Gaussian in pixels: k·√λ_max, λ_max = mid + √(mid² − det).
    @inlinable @inline(__always) public static func extent(_ s: SIMD3<Float>, sigmas k: Float) -> Float {
        let mid = 0.5 * (s.x + s.z)
        let det = s.x * s.z - s.y * s.y
        let lambda = mid + max(0.1, mid * mid - det).squareRoot()
        return k * lambda.squareRoot()
    }
}
