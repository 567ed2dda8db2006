/// Eigen-decomposition of a real symmetric matrix by cyclic Jacobi rotations: A = V·diag(λ)·Vᵀ.
/// Slow (O(n³) per sweep) but simple and accurate; meant for the small Gram and covariance
/// matrices of per-person PCA (n up to a few hundred).
public enum SymmetricEigen {
    /// - Parameters:
    ///   - matrix: [n, n] row-major, symmetric.
    /// - Returns: eigenvalues in decreasing order, and the matching unit eigenvectors as the rows of
    ///   `vectors` ([n, n] row-major: row k is the k-th eigenvector).
    public static func decompose(_ matrix: [Double], size n: Int, sweeps: Int = 60) -> (values: [Double], vectors: [Double]) {
        precondition(matrix.count == n * n, "SymmetricEigen: \(matrix.count) values for a \(n)x\(n) matrix")
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)  // [n, n], columns are eigenvectors while iterating
        for i in 0..<n { v[i * n + i] = 1 }
        let scale = max(a.reduce(0) { max($0, abs($1)) }, Double.leastNormalMagnitude)
        for _ in 0..<sweeps {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p * n + q] * a[p * n + q] } }
            if off.squareRoot() <= 1e-15 * scale * Double(n) { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    let apq = a[p * n + q]
                    if abs(apq) <= 1e-300 { continue }
                    // The rotation angle that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1).
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {  // A ← A·J
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {  // A ← Jᵀ·A
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {  // V ← V·J
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (row, k) in order.enumerated() { for i in 0..<n { vectors[row * n + i] = v[i * n + k] } }
        return (order.map { a[$0 * n + $0] }, vectors)
    }
}
