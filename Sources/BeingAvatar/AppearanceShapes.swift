import BeingSplat

/// How a Gaussian's look changes with the expression: the constant part of its colour (RGB, or the
/// spherical harmonics' degree-0 coefficients) and its opacity logit move linearly with the code,
///
///     cᵢ′ = cᵢ + Cᵢ·e (3 values),   oᵢ′ = oᵢ + Oᵢ·e,
///
/// with the shapes of Gaussian i stored as [4, K]: the three colour rows, then the opacity row.
/// Lids shade the eye as they close, lips pale as they press, teeth show as the jaw drops: changes
/// of look rather than of place, which the positional blend shapes (`BlendShapes`) could only
/// imitate by moving Gaussians about.
public enum AppearanceShapes {
    /// Rows per Gaussian: colour R, G, B, then opacity.
    public static let rows = 4

    /// The colours and opacities of `gaussians` for `code` [K]; shapes [N, 4, K].
    public static func apply(_ gaussians: inout SplatParameters, shapes: [Float], code: [Float]) {
        let n = gaussians.count, k = code.count, colorWidth = gaussians.colorEncoding.width
        precondition(shapes.count == n * rows * k, "AppearanceShapes: \(shapes.count) values for \(n) Gaussians x \(k) codes")
        shapes.withUnsafeBufferPointer { a in
            code.withUnsafeBufferPointer { e in
                gaussians.colors.withUnsafeMutableBufferPointer { colors in
                    gaussians.opacities.withUnsafeMutableBufferPointer { opacities in
                        for i in 0..<n {
                            var delta = SIMD4<Float>.zero
                            for row in 0..<rows {
                                let base = (i * rows + row) * k
                                var s: Float = 0
                                for j in 0..<k { s += a[base + j] * e[j] }
                                delta[row] = s
                            }
                            for c in 0..<3 { colors[i * colorWidth + c] += delta[c] }
                            opacities[i] += delta[3]
                        }
                    }
                }
            }
        }
    }

    /// dL/dAᵢ = [dL/dcᵢ (the three constant colour values), dL/doᵢ] ⊗ e, accumulated into
    /// `gradient` [N, 4, K] from the posed Gaussians' gradients, colours [N, width] and opacity
    /// logits [N].
    public static func accumulateGradient(_ gradient: inout [Float], colors: [Float], opacities: [Float], code: [Float]) {
        let n = opacities.count, k = code.count
        precondition(gradient.count == n * rows * k && n > 0 && colors.count % n == 0, "AppearanceShapes: gradient shape")
        let colorWidth = colors.count / n
        gradient.withUnsafeMutableBufferPointer { g in
            for i in 0..<n {
                let d = SIMD4(colors[i * colorWidth], colors[i * colorWidth + 1], colors[i * colorWidth + 2], opacities[i])
                for row in 0..<rows where d[row] != 0 {
                    let base = (i * rows + row) * k
                    for j in 0..<k { g[base + j] += d[row] * code[j] }
                }
            }
        }
    }
}
