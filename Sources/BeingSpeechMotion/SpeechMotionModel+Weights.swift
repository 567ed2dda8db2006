import BeingAudio

/// Storage: a small Codable config (for JSON) and four flat Float arrays (for safetensors).
extension SpeechMotionModel {
    /// What a stored model needs besides its weights: the features it expects, its shapes, and
    /// how it was trained (for reports).
    public struct Config: Codable, Sendable, Equatable {
        public static let currentVersion = 1

        public var version: Int
        /// The speech features it was trained on; prediction needs the same kind, rate and width.
        public var featureKind: SpeechFeatures.Kind
        public var featureRate: Int
        public var featureDimensions: Int
        public var videoRate: Int
        /// Video frames of speech each side of a frame.
        public var context: Int
        /// I, the encoded window length.
        public var inputDimensions: Int
        /// K, the mouth code dimension.
        public var codeDimensions: Int
        /// The chosen ridge strength per training row (λ = α·N), for each output, [K].
        public var ridgeAlphas: [Double]
        public var trainingFrames: Int
        /// Cross-validated mean squared error per code value at `ridgeAlphas`.
        public var validationError: Double
        /// The same for predicting the training mean: `validationError` should be well below it.
        public var meanBaselineError: Double

        public init(
            version: Int = currentVersion, featureKind: SpeechFeatures.Kind, featureRate: Int, featureDimensions: Int,
            videoRate: Int, context: Int, inputDimensions: Int, codeDimensions: Int, ridgeAlphas: [Double],
            trainingFrames: Int, validationError: Double, meanBaselineError: Double
        ) {
            self.version = version
            self.featureKind = featureKind
            self.featureRate = featureRate
            self.featureDimensions = featureDimensions
            self.videoRate = videoRate
            self.context = context
            self.inputDimensions = inputDimensions
            self.codeDimensions = codeDimensions
            self.ridgeAlphas = ridgeAlphas
            self.trainingFrames = trainingFrames
            self.validationError = validationError
            self.meanBaselineError = meanBaselineError
        }
    }

    /// Weight names, for files.
    public enum WeightName {
        public static let inputMean = "inputMean"
        public static let inputScale = "inputScale"
        public static let weight = "weight"
        public static let bias = "bias"
    }

    /// The weights by name: inputMean [I], inputScale [I], weight [I, K], bias [K], row-major.
    public var weights: [String: [Float]] {
        [WeightName.inputMean: inputMean, WeightName.inputScale: inputScale, WeightName.weight: weight, WeightName.bias: bias]
    }

    /// The shape of every weight under `config`.
    public static func weightShapes(for config: Config) -> [String: [Int]] {
        let i = config.inputDimensions, k = config.codeDimensions
        return [WeightName.inputMean: [i], WeightName.inputScale: [i], WeightName.weight: [i, k], WeightName.bias: [k]]
    }

    /// The shape of every weight of this model.
    public var weightShapes: [String: [Int]] { Self.weightShapes(for: config) }

    /// A stored model. Checks that the config is one this code can run and that every weight is
    /// present, of its shape, and finite (scales also positive).
    public init(config: Config, weights: [String: [Float]]) throws {
        guard config.version == Config.currentVersion else {
            throw SpeechMotionError.badConfig("version \(config.version), this build reads \(Config.currentVersion)")
        }
        let encoder = SpeechWindowEncoder(kind: config.featureKind, context: max(config.context, 0), videoRate: max(config.videoRate, 1))
        guard config.context >= 0, config.videoRate > 0, config.featureRate > 0, config.featureDimensions > 0,
              config.codeDimensions > 0, config.inputDimensions == encoder.inputDimensions else {
            throw SpeechMotionError.badConfig(
                "inputDimensions \(config.inputDimensions), expected \(encoder.inputDimensions) for \(config.featureKind.rawValue) with context \(config.context); codeDimensions \(config.codeDimensions)")
        }
        var checked: [String: [Float]] = [:]
        for (name, shape) in Self.weightShapes(for: config) {
            guard let values = weights[name] else { throw SpeechMotionError.missingWeight(name) }
            guard values.count == shape.reduce(1, *) else { throw SpeechMotionError.badWeightShape(name, expected: shape, count: values.count) }
            guard values.allSatisfy(\.isFinite) else { throw SpeechMotionError.nonFinite("speech-motion weight '\(name)'") }
            checked[name] = values
        }
        guard checked[WeightName.inputScale]!.allSatisfy({ $0 > 0 }) else {
            throw SpeechMotionError.badConfig("inputScale has values <= 0")
        }
        self.init(config: config, inputMean: checked[WeightName.inputMean]!, inputScale: checked[WeightName.inputScale]!,
                  weight: checked[WeightName.weight]!, bias: checked[WeightName.bias]!)
    }
}
