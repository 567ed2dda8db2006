/// Real spherical harmonics up to degree 1 for view-dependent colour, with the constants and sign
/// convention of Kerbl et al. 2023's reference code (after Sloan, "Stupid SH Tricks", 2008).
///
/// Coefficients per Gaussian are [K, 3] with K = 1 (degree 0) or 4 (degree 1), colour channels last.
public enum SphericalHarmonics {
    public static let c0: Float = 0.282_094_79
    public static let c1: Float = 0.488_602_51

    /// Number of coefficients per channel for a degree.
    @inlinable public static func coefficientCount(degree: Int) -> Int { (degree + 1) * (degree + 1) }

    /// c = C₀·k₀ + C₁·(−y·k₁ + z·k₂ − x·k₃) + 0.5 for the unit view direction d = (x, y, z);
    /// `coefficients` points at [K, 3]. The clamp at zero is the caller's.
    @inlinable public static func evaluate(degree: Int, _ coefficients: UnsafePointer<Float>, direction d: SIMD3<Float>)
        -> SIMD3<Float>
    {
        let k0 = SIMD3(coefficients[0], coefficients[1], coefficients[2])
        var c = c0 * k0 + SIMD3(repeating: 0.5)
        if degree >= 1 {
            let k1 = SIMD3(coefficients[3], coefficients[4], coefficients[5])
            let k2 = SIMD3(coefficients[6], coefficients[7], coefficients[8])
            let k3 = SIMD3(coefficients[9], coefficients[10], coefficients[11])
            c += c1 * (-d.y * k1 + d.z * k2 - d.x * k3)
        }
        return c
    }

    /// The constant coefficient k₀ that gives colour `c` from every direction (with k₁…k₃ zero):
    /// the inverse of `evaluate`'s degree-0 term, k₀ = (c − 0.5) / C₀.
    @inlinable public static func constantCoefficient(forColor c: SIMD3<Float>) -> SIMD3<Float> {
        (c - SIMD3(repeating: 0.5)) / c0
    }

    /// Adds dL/dk into `gradient` ([K, 3]) and returns dL/dd, for the colour gradient g = dL/dc.
    @inlinable public static func evaluateVJP(degree: Int, _ coefficients: UnsafePointer<Float>, direction d: SIMD3<Float>,
                                              _ g: SIMD3<Float>, into gradient: UnsafeMutablePointer<Float>) -> SIMD3<Float>
    {
        gradient[0] += c0 * g.x; gradient[1] += c0 * g.y; gradient[2] += c0 * g.z
        guard degree >= 1 else { return .zero }
        for ch in 0..<3 {
            gradient[3 + ch] += -c1 * d.y * g[ch]
            gradient[6 + ch] += c1 * d.z * g[ch]
            gradient[9 + ch] += -c1 * d.x * g[ch]
        }
        let k1 = SIMD3(coefficients[3], coefficients[4], coefficients[5])
        let k2 = SIMD3(coefficients[6], coefficients[7], coefficients[8])
        let k3 = SIMD3(coefficients[9], coefficients[10], coefficients[11])
        return SIMD3(-c1 * (k3 * g).sum(), -c1 * (k1 * g).sum(), c1 * (k2 * g).sum())
    }

    /// d = v/‖v‖ and its VJP, dL/dv = (g − d(d·g)) / ‖v‖: the view direction from camera to mean.
    @inlinable public static func normalizeVJP(_ v: SIMD3<Float>, _ g: SIMD3<Float>) -> SIMD3<Float> {
        let n = (v * v).sum().squareRoot()
        let d = v / n
        return (g - d * (d * g).sum()) / n
    }
}
