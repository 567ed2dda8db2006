/// Symmetric positive-definite solves A·X = B by the Cholesky factorisation A = L·Lᵀ, in Double.
///
/// Ridge normal equations (XᵀX + λI) are symmetric positive definite for λ > 0, and Cholesky is
/// the cheapest stable way to solve them: n³/3 multiply-adds, no pivoting needed (Golub & Van
/// Loan, Matrix Computations, §4.2). Both matrices are row-major.
public enum Cholesky {
    /// L with A = L·Lᵀ, lower triangular (zeros above the diagonal): [n, n]
    ///
    ///     L_jj = √(A_jj − Σ_{k<j} L_jk²),   L_ij = (A_ij − Σ_{k<j} L_ik·L_jk) / L_jj  (i > j)
    ///
    /// Throws when a pivot is not positive (A is not positive definite, or is NaN).
    public static func factor(_ a: [Double], size n: Int) throws -> [Double] {
        precondition(a.count == n * n, "Cholesky.factor: \(a.count) values for \(n)x\(n)")
        var l = [Double](repeating: 0, count: n * n)  // [n, n]
        for j in 0..<n {
            var pivot = a[j * n + j]
            for k in 0..<j { pivot -= l[j * n + k] * l[j * n + k] }
            guard pivot > 0, pivot.isFinite else { throw SpeechMotionError.notPositiveDefinite(size: n) }
            let diagonal = pivot.squareRoot()
            l[j * n + j] = diagonal
            for i in (j + 1)..<max(j + 1, n) {
                var value = a[i * n + j]
                for k in 0..<j { value -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = value / diagonal
            }
        }
        return l
    }

    /// X = A⁻¹·B for A [n, n] symmetric positive definite and B [n, m]: [n, m]
    /// (forward substitution L·Z = B, then back substitution Lᵀ·X = Z).
    public static func solve(_ a: [Double], size n: Int, _ b: [Double], columns m: Int) throws -> [Double] {
        precondition(b.count == n * m, "Cholesky.solve: \(b.count) right-hand values for \(n)x\(m)")
        let l = try factor(a, size: n)
        var x = b  // [n, m]: Z, then X
        for i in 0..<n {
            for k in 0..<i where l[i * n + k] != 0 {
                let lik = l[i * n + k]
                for c in 0..<m { x[i * m + c] -= lik * x[k * m + c] }
            }
            let lii = l[i * n + i]
            for c in 0..<m { x[i * m + c] /= lii }
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, n) where l[k * n + i] != 0 {
                let lki = l[k * n + i]
                for c in 0..<m { x[i * m + c] -= lki * x[k * m + c] }
            }
            let lii = l[i * n + i]
            for c in 0..<m { x[i * m + c] /= lii }
        }
        return x
    }
}
