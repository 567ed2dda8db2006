import BeingSpeechMotion
import BeingTesting
import Foundation
import Testing

@Suite struct RidgeRegressionTests {
    /// Gaussian elimination with partial pivoting on the augmented matrix [A | B]: slow and
    /// obviously correct. A [n, n], B [n, m] -> X [n, m]
    private func slowSolve(_ a: [Double], _ b: [Double], n: Int, m: Int) -> [Double] {
        var rows = (0..<n).map { i in Array(a[i * n..<(i + 1) * n]) + Array(b[i * m..<(i + 1) * m]) }
        for column in 0..<n {
            let pivot = (column..<n).max { abs(rows[$0][column]) < abs(rows[$1][column]) }!
            rows.swapAt(column, pivot)
            for i in 0..<n where i != column {
                let factor = rows[i][column] / rows[column][column]
                for j in 0..<(n + m) { rows[i][j] -= factor * rows[column][j] }
            }
        }
        return (0..<n).flatMap { i in (0..<m).map { rows[i][n + $0] / rows[i][i] } }
    }

    private func randomNormalish(_ count: Int, _ random: inout SeededRandom) -> [Double] {
        (0..<count).map { _ in Double(random.uniform(-1, 1) + random.uniform(-1, 1) + random.uniform(-1, 1)) }
    }

    @Test(arguments: [1, 7, 40])
    func choleskyAgreesWithGaussianElimination(n: Int) throws {
        var random = SeededRandom(seed: UInt64(n))
        let m = randomNormalish(n * n, &random)  // [n, n]
        var a = [Double](repeating: 0, count: n * n)  // MᵀM + 0.1·I: symmetric positive definite
        for i in 0..<n { for j in 0..<n { for k in 0..<n { a[i * n + j] += m[k * n + i] * m[k * n + j] } } }
        for i in 0..<n { a[i * n + i] += 0.1 }
        let b = randomNormalish(n * 3, &random)  // [n, 3]
        let fast = try Cholesky.solve(a, size: n, b, columns: 3)
        let slow = slowSolve(a, b, n: n, m: 3)
        #expect(firstMismatch(fast, slow, atol: 1e-8, rtol: 1e-6) == nil)
        let l = try Cholesky.factor(a, size: n)
        for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { #expect(l[i * n + j] == 0) } }
    }

    @Test func choleskyRefusesMatricesThatAreNotPositiveDefinite() {
        #expect(throws: SpeechMotionError.self) { try Cholesky.factor([1, 2, 2, 1], size: 2) }  // eigenvalues 3, −1
        #expect(throws: SpeechMotionError.self) { try Cholesky.factor([.nan], size: 1) }
    }

    @Test func recoversARandomLinearMapFromRandomInputs() throws {
        var random = SeededRandom(seed: 21)
        let n = 300, ni = 12, nk = 4
        let x = randomNormalish(n * ni, &random)  // [N, I]
        let w = randomNormalish(ni * nk, &random)  // [I, K]
        let b = randomNormalish(nk, &random)  // [K]
        var y = [Double](repeating: 0, count: n * nk)  // [N, K]
        for r in 0..<n {
            for k in 0..<nk {
                y[r * nk + k] = b[k] + Double(random.uniform(-0.01, 0.01))
                for i in 0..<ni { y[r * nk + k] += x[r * ni + i] * w[i * nk + k] }
            }
        }
        let solution = try RidgeRegression.fit(x: x, y: y, inputs: ni, outputs: nk, rows: Array(0..<n), alphas: [1e-6])[0]
        #expect(firstMismatch(solution.weight, w, atol: 5e-3) == nil)
        #expect(firstMismatch(solution.bias, b, atol: 5e-3) == nil)

        // Cross-validation prefers a weak penalty here and beats the mean by far.
        let selection = try RidgeRegression.select(x: x, y: y, inputs: ni, outputs: nk, frames: Array(0..<n), folds: 5, gap: 8,
                                                   alphas: RidgeRegression.defaultAlphas)
        #expect(selection.alpha <= 1e-2)
        #expect(selection.validationError < 0.01 * selection.meanBaselineError)
    }

    /// The penalised normal equations (X̃ᵀX̃ + λI)·W = X̃ᵀỸ hold for a strong penalty too, on a
    /// subset of rows (so rows outside it must be ignored).
    @Test func solutionSatisfiesThePenalisedNormalEquations() throws {
        var random = SeededRandom(seed: 4)
        let n = 30, ni = 40, nk = 2  // more inputs than rows: only the penalty makes it solvable
        let x = randomNormalish(n * ni, &random), y = randomNormalish(n * nk, &random)
        let rows = Array(stride(from: 0, to: n, by: 2)), alpha = 0.3
        let solution = try RidgeRegression.fit(x: x, y: y, inputs: ni, outputs: nk, rows: rows, alphas: [alpha])[0]
        let count = Double(rows.count)
        let meanX = (0..<ni).map { i in rows.reduce(0.0) { $0 + x[$1 * ni + i] } / count }
        let meanY = (0..<nk).map { k in rows.reduce(0.0) { $0 + y[$1 * nk + k] } / count }
        for i in 0..<ni {
            for k in 0..<nk {
                var lhs = alpha * count * solution.weight[i * nk + k], rhs = 0.0
                for r in rows {
                    let xi = x[r * ni + i] - meanX[i]
                    var fitted = 0.0
                    for j in 0..<ni { fitted += (x[r * ni + j] - meanX[j]) * solution.weight[j * nk + k] }
                    lhs += xi * fitted
                    rhs += xi * (y[r * nk + k] - meanY[k])
                }
                #expect(isClose(lhs, rhs, atol: 1e-9, rtol: 1e-7), "input \(i) output \(k)")
            }
        }
        for k in 0..<nk {
            let predicted = solution.bias[k] + (0..<ni).reduce(0.0) { $0 + meanX[$1] * solution.weight[$1 * nk + k] }
            #expect(isClose(predicted, meanY[k], atol: 1e-9), "the fit passes through the means")
        }
    }
}
