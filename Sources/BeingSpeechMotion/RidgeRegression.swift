import Foundation

/// Linear least squares with an L2 penalty, in closed form, and its strength chosen by
/// cross-validation over contiguous blocks of frames.
///
///     W = (X̃ᵀX̃ + λI)⁻¹ X̃ᵀỸ,   b = ȳ − x̄ᵀW        (X̃, Ỹ: X, Y centred over the training rows)
///
/// minimises Σ |y − xW − b|² + λ‖W‖² (Hastie, Tibshirani & Friedman, ESL §3.4.1). λ = α·n with
/// n the number of training rows, so one α means the same per-row strength in a fold and in the
/// final fit. Inputs should be standardised first so that one λ suits every column.
public enum RidgeRegression {
    /// W [I, K] and b [K] for one λ.
    public struct Solution: Sendable {
        /// [I, K]
        public var weight: [Double]
        /// [K]
        public var bias: [Double]
    }

    /// The solutions for each α of `alphas`, fitted on `rows` of x [N, I] and y [N, K].
    public static func fit(x: [Double], y: [Double], inputs: Int, outputs: Int, rows: [Int], alphas: [Double]) throws -> [Solution] {
        let ni = inputs, nk = outputs, n = Double(rows.count)
        precondition(!rows.isEmpty && x.count % ni == 0 && y.count % nk == 0, "RidgeRegression.fit: bad shapes")
        var meanX = [Double](repeating: 0, count: ni)  // [I]
        var meanY = [Double](repeating: 0, count: nk)  // [K]
        for r in rows {
            for i in 0..<ni { meanX[i] += x[r * ni + i] / n }
            for k in 0..<nk { meanY[k] += y[r * nk + k] / n }
        }
        var gram = [Double](repeating: 0, count: ni * ni)  // [I, I], upper triangle first
        var cross = [Double](repeating: 0, count: ni * nk)  // [I, K]
        var xc = [Double](repeating: 0, count: ni)  // [I]
        for r in rows {
            for i in 0..<ni { xc[i] = x[r * ni + i] - meanX[i] }
            for i in 0..<ni where xc[i] != 0 {
                let a = xc[i]
                for j in i..<ni { gram[i * ni + j] += a * xc[j] }
                for k in 0..<nk { cross[i * nk + k] += a * (y[r * nk + k] - meanY[k]) }
            }
        }
        for i in 0..<ni { for j in 0..<i { gram[i * ni + j] = gram[j * ni + i] } }
        return try alphas.map { alpha in
            var system = gram
            for i in 0..<ni { system[i * ni + i] += alpha * n }
            let weight = try Cholesky.solve(system, size: ni, cross, columns: nk)
            var bias = meanY
            for i in 0..<ni { for k in 0..<nk { bias[k] -= meanX[i] * weight[i * nk + k] } }
            return Solution(weight: weight, bias: bias)
        }
    }

    /// The outcome of cross-validation.
    public struct Selection: Sendable {
        /// The α with the smallest validation error.
        public var alpha: Double
        /// Mean squared error per value at `alpha` over all held-out blocks.
        public var validationError: Double
        /// The same for predicting the training rows' mean: the bar to beat.
        public var meanBaselineError: Double
        /// The error of every candidate α, in the order given.
        public var errors: [Double]
        /// The best α of each output on its own, [K]: outputs the inputs cannot predict get a
        /// large α (their mean), predictable ones a small one.
        public var outputAlphas: [Double]
        /// Mean squared error per value with each output at its own α.
        public var outputValidationError: Double
    }

    /// Chooses α by `folds`-fold cross-validation on contiguous blocks of `frames` (row r is
    /// video frame frames[r]). Training rows within `gap` frames of a held-out block are left out
    /// too, because their input windows overlap it and would make a weak penalty look good.
    public static func select(
        x: [Double], y: [Double], inputs: Int, outputs: Int, frames: [Int], folds: Int, gap: Int, alphas: [Double]
    ) throws -> Selection {
        let order = frames.indices.sorted { frames[$0] < frames[$1] }
        let n = order.count
        var errors = [Double](repeating: 0, count: alphas.count)
        var outputErrors = [Double](repeating: 0, count: alphas.count * outputs)  // [A, K]
        var baseline = 0.0
        for fold in 0..<folds {
            let held = Array(order[fold * n / folds..<(fold + 1) * n / folds])
            guard let first = held.map({ frames[$0] }).min(), let last = held.map({ frames[$0] }).max() else { continue }
            let heldSet = Set(held)
            var train = order.filter { !heldSet.contains($0) && (frames[$0] < first - gap || frames[$0] > last + gap) }
            if train.count < 2 { train = order.filter { !heldSet.contains($0) } }
            let solutions = try fit(x: x, y: y, inputs: inputs, outputs: outputs, rows: train, alphas: alphas)
            var trainMean = [Double](repeating: 0, count: outputs)  // [K]
            for r in train { for k in 0..<outputs { trainMean[k] += y[r * outputs + k] / Double(train.count) } }
            for r in held {
                for k in 0..<outputs { baseline += square(y[r * outputs + k] - trainMean[k]) }
                for (a, solution) in solutions.enumerated() {
                    for k in 0..<outputs {
                        var prediction = solution.bias[k]
                        for i in 0..<inputs { prediction += x[r * inputs + i] * solution.weight[i * outputs + k] }
                        errors[a] += square(y[r * outputs + k] - prediction)
                        outputErrors[a * outputs + k] += square(y[r * outputs + k] - prediction)
                    }
                }
            }
        }
        let scale = 1 / Double(n * outputs)
        let best = errors.indices.min { errors[$0] < errors[$1] } ?? 0
        let bestPerOutput = (0..<outputs).map { k in alphas.indices.min { outputErrors[$0 * outputs + k] < outputErrors[$1 * outputs + k] } ?? 0 }
        let outputError = bestPerOutput.enumerated().reduce(0) { $0 + outputErrors[$1.element * outputs + $1.offset] }
        return Selection(alpha: alphas[best], validationError: errors[best] * scale, meanBaselineError: baseline * scale,
                         errors: errors.map { $0 * scale }, outputAlphas: bestPerOutput.map { alphas[$0] },
                         outputValidationError: outputError * scale)
    }

    /// α from 10⁻³ to 10³, four per decade.
    public static let defaultAlphas: [Double] = (-12...12).map { pow10(Double($0) / 4) }

    private static func square(_ v: Double) -> Double { v * v }
    private static func pow10(_ e: Double) -> Double { exp(e * log(10.0)) }
}
