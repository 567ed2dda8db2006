import BeingAudio

/// Speech features in, mouth expression codes out: one linear map from the pooled speech window
/// of each video frame (`SpeechWindowEncoder`) to that frame's Km-dimensional mouth code.
///
///     x = encode(features, t)                 [I]
///     code(t) = ((x − μ) / σ)·W + b           [K]
///
/// μ, σ standardise each input over the training frames (σ floored at a quarter of the median σ,
/// so a channel that barely moved in training cannot blow up on new speech); W, b come from
/// ridge regression (`RidgeRegression`) with its strength chosen by blocked cross-validation:
/// with ~150 training frames and ~200 inputs the penalty decides the quality.
///
/// A non-linear layer was left out on purpose: with a few hundred frames it would mostly fit
/// noise; add one only with a held-out comparison that shows it helps.
///
/// What a few seconds of one person's speech can teach, measured on the test splits of the three
/// fixtures (the mouth mesh of the predicted code, eased to rest in silence as `MouthDriver`
/// does, against that of the tracked code; 20 lip points, mean mm, and the inner-lip aperture's
/// correlation r): this model aoc 1.81 mm / r 0.06, blue 2.10 / −0.17, swalwell 1.26 / −0.06; a
/// constant rest mouth 2.08, 2.02, 0.86 mm. Other models stayed within r −0.27…0.39 on every
/// fixture: the articulatory channels alone (with or without the visemes), the window shifted
/// 2–5 frames later (hama's peaks trail the lips by about 4 frames on aoc), speech → aperture and
/// width → code, log-mel inputs, the mean of the 3 or 10 nearest training windows, and a hand-set
/// articulatory prior with nothing learnt from speech. On the training frames neither the speech
/// weight, the jaw, rounding, closure, labiodental and spread channels, nor the audio's loudness
/// correlates with the aperture beyond |r| 0.41 at any lag within ±8 frames. So the clip's audio
/// predicts little of this person's mouth on new frames, whichever model reads it.
public struct SpeechMotionModel: Sendable {
    public let config: Config
    /// μ: [I]
    public let inputMean: [Float]
    /// σ: [I]
    public let inputScale: [Float]
    /// W: [I, K]
    public let weight: [Float]
    /// b: [K]
    public let bias: [Float]

    /// The fewest training frames `fit` accepts.
    public static let minimumTrainingFrames = 20

    /// The encoder this model's inputs come from.
    public var encoder: SpeechWindowEncoder {
        SpeechWindowEncoder(kind: config.featureKind, context: config.context, videoRate: config.videoRate)
    }

    /// Fits the model to `codes[i]`, the mouth code of video frame `frames[i]`, with speech
    /// `features` of the same clip (frame 0 = audio time 0).
    ///
    /// - Parameters:
    ///   - frames: video frames with a code, in any order; gaps are fine (a train/test split).
    ///   - codes: [N][K], one row per frame.
    ///   - context: video frames of speech each side of a frame (8: ±0.32 s).
    public static func fit(
        features: SpeechFeatures, frames: [Int], codes: [[Float]], context: Int = 8, videoRate: Int = 25,
        alphas: [Double] = RidgeRegression.defaultAlphas
    ) throws -> SpeechMotionModel {
        guard frames.count >= minimumTrainingFrames else { throw SpeechMotionError.tooFewFrames(frames.count, needed: minimumTrainingFrames) }
        guard codes.count == frames.count else { throw SpeechMotionError.codeCountMismatch(frames: frames.count, codes: codes.count) }
        let nk = codes[0].count
        for (row, code) in codes.enumerated() where code.count != nk || nk == 0 {
            throw SpeechMotionError.codeWidthMismatch(row: row, width: code.count, expected: nk)
        }
        guard codes.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { throw SpeechMotionError.nonFinite("the expression codes") }

        let encoder = SpeechWindowEncoder(kind: features.kind, context: context, videoRate: videoRate)
        let ni = encoder.inputDimensions, n = frames.count
        let encoded = try encoder.encode(features, frames: frames)  // [N, I]
        let (mean, scale) = standardisation(encoded, rows: n, columns: ni)
        var x = [Double](repeating: 0, count: n * ni)  // [N, I], standardised
        for r in 0..<n { for i in 0..<ni { x[r * ni + i] = Double((encoded[r * ni + i] - mean[i]) / scale[i]) } }
        let y = codes.flatMap { $0.map(Double.init) }  // [N, K]

        let folds = max(2, min(5, n / 10))
        let selection = try RidgeRegression.select(x: x, y: y, inputs: ni, outputs: nk, frames: frames, folds: folds,
                                                   gap: context, alphas: alphas)
        // Each output at its own α: one solve per distinct α, then each output's column from its own.
        let distinct = Array(Set(selection.outputAlphas)).sorted()
        let solutions = try RidgeRegression.fit(x: x, y: y, inputs: ni, outputs: nk, rows: Array(0..<n), alphas: distinct)
        var solution = solutions[0]
        for k in 0..<nk {
            let chosen = solutions[distinct.firstIndex(of: selection.outputAlphas[k])!]
            solution.bias[k] = chosen.bias[k]
            for i in 0..<ni { solution.weight[i * nk + k] = chosen.weight[i * nk + k] }
        }
        let config = Config(
            featureKind: features.kind, featureRate: features.rate, featureDimensions: features.dimensions, videoRate: videoRate,
            context: context, inputDimensions: ni, codeDimensions: nk, ridgeAlphas: selection.outputAlphas, trainingFrames: n,
            validationError: selection.outputValidationError, meanBaselineError: selection.meanBaselineError
        )
        return SpeechMotionModel(config: config, inputMean: mean, inputScale: scale,
                                 weight: solution.weight.map(Float.init), bias: solution.bias.map(Float.init))
    }

    /// `fit` on a range of frames, `codes[i]` belonging to frame `frames.lowerBound + i`.
    public static func fit(features: SpeechFeatures, frames: Range<Int>, codes: [[Float]], context: Int = 8, videoRate: Int = 25) throws -> SpeechMotionModel {
        try fit(features: features, frames: Array(frames), codes: codes, context: context, videoRate: videoRate)
    }

    /// The codes of video frames 0 ..< `frames`: [frames][K]. Frames past the end of the audio
    /// see its last step.
    public func predict(features: SpeechFeatures, frames: Int) throws -> [[Float]] {
        try predict(features: features, frames: Array(0..<max(frames, 0)))
    }

    /// The codes of the given video frames: [N][K].
    public func predict(features: SpeechFeatures, frames: [Int]) throws -> [[Float]] {
        guard features.kind == config.featureKind, features.rate == config.featureRate, features.dimensions == config.featureDimensions else {
            throw SpeechMotionError.featureMismatch(
                expected: "\(config.featureKind.rawValue) (\(config.featureRate)/s x \(config.featureDimensions))",
                got: "\(features.kind.rawValue) (\(features.rate)/s x \(features.dimensions))")
        }
        if frames.isEmpty { return [] }
        let ni = config.inputDimensions, nk = config.codeDimensions
        let encoded = try encoder.encode(features, frames: frames)  // [N, I]
        var z = [Float](repeating: 0, count: ni)  // [I]
        return (0..<frames.count).map { r in
            for i in 0..<ni { z[i] = (encoded[r * ni + i] - inputMean[i]) / inputScale[i] }
            var code = bias  // [K]
            for i in 0..<ni where z[i] != 0 {
                for k in 0..<nk { code[k] += z[i] * weight[i * nk + k] }
            }
            return code
        }
    }

    /// Per-column mean and floored standard deviation of x [rows, columns]: ([columns], [columns])
    static func standardisation(_ x: [Float], rows: Int, columns: Int) -> ([Float], [Float]) {
        var mean = [Double](repeating: 0, count: columns), variance = [Double](repeating: 0, count: columns)
        for r in 0..<rows { for i in 0..<columns { mean[i] += Double(x[r * columns + i]) / Double(rows) } }
        for r in 0..<rows {
            for i in 0..<columns { let d = Double(x[r * columns + i]) - mean[i]; variance[i] += d * d / Double(rows) }
        }
        let deviations = variance.map { $0.squareRoot() }
        let moving = deviations.filter { $0 > 0 }.sorted()
        let floor = max(moving.isEmpty ? 1 : 0.25 * moving[moving.count / 2], 1e-6)
        return (mean.map(Float.init), deviations.map { Float(max($0, floor)) })
    }
}
