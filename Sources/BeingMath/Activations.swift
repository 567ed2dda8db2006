import Foundation

/// Scalar activations that map unconstrained parameters to their physical range, each with the
/// vector-Jacobian product that carries an output gradient back to the input.
public enum Activation {
    /// σ(x) = 1 / (1 + e^(−x)); opacities live as logits (Kerbl et al. 2023, §5.2).
    @inlinable public static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    /// dL/dx = dL/dy · σ(x)(1 − σ(x)), given y = σ(x).
    @inlinable public static func sigmoidVJP(output y: Float, _ dy: Float) -> Float { dy * y * (1 - y) }

    /// logit(p) = log(p / (1 − p)), the inverse of `sigmoid`.
    @inlinable public static func logit(_ p: Float) -> Float { log(p / (1 - p)) }

    /// e^x; scales live as logarithms in Kerbl et al.
    @inlinable public static func exponential(_ x: Float) -> Float { exp(x) }

    /// dL/dx = dL/dy · e^x, given y = e^x.
    @inlinable public static func exponentialVJP(output y: Float, _ dy: Float) -> Float { dy * y }

    /// softplus(x) = log(1 + e^x), computed without overflow for large x.
    @inlinable public static func softplus(_ x: Float) -> Float {
        x > 20 ? x : log1p(exp(x))
    }

    /// dL/dx = dL/dy · σ(x).
    @inlinable public static func softplusVJP(input x: Float, _ dy: Float) -> Float { dy * sigmoid(x) }

    /// The inverse of softplus: log(e^y − 1).
    @inlinable public static func inverseSoftplus(_ y: Float) -> Float {
        y > 20 ? y : log(expm1(y))
    }
}
