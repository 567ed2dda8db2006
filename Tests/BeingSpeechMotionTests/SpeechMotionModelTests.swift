import BeingAudio
import BeingSpeechMotion
import BeingTesting
import Foundation
import Testing

@Suite struct SpeechMotionModelTests {
    private static let trainingTokens = ["p", "m", "a", "æ", "u", "o", "i", "e", "s", "t", "k", "n"]
    private let prototypes = SyntheticSpeech.prototypes(dimensions: 16, seed: 77)

    /// Trained on 150 frames of a clip, the model predicts the next 150 far better than their mean.
    @Test func heldOutFramesBeatPredictingTheMean() throws {
        let clip = SyntheticSpeech(tokens: Self.trainingTokens, frames: 300, prototypes: prototypes, seed: 1)
        let model = try SpeechMotionModel.fit(features: clip.features, frames: 0..<150, codes: Array(clip.codes[0..<150]))
        let predicted = try model.predict(features: clip.features, frames: 300)
        #expect(predicted.count == 300 && predicted.allSatisfy { $0.count == 16 })
        let truth = Array(clip.codes[150...])
        let mean = columnMeans(Array(clip.codes[0..<150]))
        let modelError = meanSquaredError(Array(predicted[150...]), truth)
        let meanError = meanSquaredError(truth.map { _ in mean }, truth)
        print("speech motion held out: model \(modelError), mean \(meanError), alpha \(model.config.ridgeAlphas), cv \(model.config.validationError) vs \(model.config.meanBaselineError)")
        #expect(modelError < 0.4 * meanError)
        #expect(model.config.validationError < model.config.meanBaselineError)
        #expect(model.config.trainingFrames == 150 && model.config.codeDimensions == 16)
    }

    /// "b" never occurs in training, yet where a new clip says "b" the model predicts the closed
    /// mouth it learnt from "p" and "m", through the shared closure channel and viseme.
    @Test func anUnseenPhonemeBorrowsFromThoseThatShareItsArticulation() throws {
        let train = SyntheticSpeech(tokens: Self.trainingTokens, frames: 200, prototypes: prototypes, seed: 2)
        let b = PhonemeVocabulary.hama.tokens.firstIndex(of: "b")!
        #expect(!train.frameTokens.contains(b))
        let model = try SpeechMotionModel.fit(features: train.features, frames: 0..<200, codes: train.codes)

        let test = SyntheticSpeech(tokens: ["b", "a", "i", "s", "o"], frames: 200, prototypes: prototypes, seed: 3)
        let predicted = try model.predict(features: test.features, frames: 200)
        let closed = prototypes[SyntheticSpeech.Shape.closed.rawValue], open = prototypes[SyntheticSpeech.Shape.open.rawValue]
        // Frames in the middle of a "b" segment (its neighbours are "b" too).
        let middles = (1..<199).filter { test.frameTokens[$0 - 1] == b && test.frameTokens[$0] == b && test.frameTokens[$0 + 1] == b }
        #expect(middles.count >= 5)
        let mean = columnMeans(train.codes)
        var closerToClosed = 0
        for f in middles {
            let toClosed = meanSquaredError([predicted[f]], [closed]), toOpen = meanSquaredError([predicted[f]], [open])
            if toClosed < toOpen { closerToClosed += 1 }
            let direction = zip(closed, mean).map { $0 - $1 }, offset = zip(predicted[f], mean).map { $0 - $1 }
            let cosine = zip(direction, offset).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                / (sqrt(direction.reduce(0) { $0 + $1 * $1 }) * sqrt(offset.reduce(0) { $0 + $1 * $1 }))
            #expect(cosine > 0.5, "frame \(f): cosine \(cosine) to the closed mouth")
        }
        #expect(closerToClosed == middles.count)
    }

    @Test func logMelFeaturesFitToo() throws {
        // Each shape has its own random spectrum; the codes follow the shapes as before.
        let clip = SyntheticSpeech(tokens: Self.trainingTokens, frames: 240, prototypes: prototypes, seed: 4)
        var random = SeededRandom(seed: 9)
        let spectra = SyntheticSpeech.Shape.allCases.map { _ in random.uniforms(80, -6, 0) }  // [5][80]
        var values: [Float] = []  // [4·240, 80]
        for step in 0..<(4 * 240) {
            let token = clip.frameTokens[step / 4]
            let shape = token.map { SyntheticSpeech.shapes[PhonemeVocabulary.hama.tokens[$0]] ?? .neutral } ?? .neutral
            values += spectra[shape.rawValue].map { $0 + random.uniform(-0.5, 0.5) }
        }
        let mel = SpeechFeatures(kind: .logMel, rate: 100, dimensions: 80, values: values)
        let model = try SpeechMotionModel.fit(features: mel, frames: Array(0..<120), codes: Array(clip.codes[0..<120]))
        let predicted = try model.predict(features: mel, frames: Array(120..<240))
        let truth = Array(clip.codes[120...]), mean = columnMeans(Array(clip.codes[0..<120]))
        #expect(meanSquaredError(predicted, truth) < 0.5 * meanSquaredError(truth.map { _ in mean }, truth))
        #expect(throws: SpeechMotionError.self) { try model.predict(features: clip.features, frames: 3) }
    }

    @Test func storedWeightsRoundTripAndBadShapesAreRefused() throws {
        let clip = SyntheticSpeech(tokens: Self.trainingTokens, frames: 60, prototypes: prototypes, seed: 5)
        let model = try SpeechMotionModel.fit(features: clip.features, frames: 0..<60, codes: clip.codes)
        let json = try JSONEncoder().encode(model.config)
        let config = try JSONDecoder().decode(SpeechMotionModel.Config.self, from: json)
        for (name, shape) in model.weightShapes { #expect(model.weights[name]?.count == shape.reduce(1, *), "\(name)") }
        #expect(model.weightShapes["weight"] == [config.inputDimensions, 16])

        let loaded = try SpeechMotionModel(config: config, weights: model.weights)
        #expect(try loaded.predict(features: clip.features, frames: 60) == model.predict(features: clip.features, frames: 60))

        var short = model.weights
        short["weight"]!.removeLast()
        #expect { try SpeechMotionModel(config: config, weights: short) } throws: { error in
            let message = String(describing: error)
            return message.contains("'weight'") && message.contains("\(config.inputDimensions) x 16") && message.contains("retrain")
        }
        var missing = model.weights
        missing["bias"] = nil
        #expect { try SpeechMotionModel(config: config, weights: missing) } throws: { String(describing: $0).contains("'bias'") }
        var zeroScale = model.weights
        zeroScale["inputScale"]![3] = 0
        #expect(throws: SpeechMotionError.self) { try SpeechMotionModel(config: config, weights: zeroScale) }
        var wrongInputs = config
        wrongInputs.inputDimensions += 1
        #expect(throws: SpeechMotionError.self) { try SpeechMotionModel(config: wrongInputs, weights: model.weights) }
    }

    @Test func fitRefusesBadTrainingData() throws {
        let clip = SyntheticSpeech(tokens: Self.trainingTokens, frames: 40, prototypes: prototypes, seed: 6)
        #expect { try SpeechMotionModel.fit(features: clip.features, frames: 0..<10, codes: Array(clip.codes[0..<10])) }
            throws: { String(describing: $0).contains("at least 20") }
        #expect(throws: SpeechMotionError.self) { try SpeechMotionModel.fit(features: clip.features, frames: 0..<40, codes: Array(clip.codes[0..<39])) }
        var ragged = clip.codes
        ragged[7].removeLast()
        #expect(throws: SpeechMotionError.self) { try SpeechMotionModel.fit(features: clip.features, frames: 0..<40, codes: ragged) }
        var nan = clip.codes
        nan[3][2] = .nan
        #expect(throws: SpeechMotionError.self) { try SpeechMotionModel.fit(features: clip.features, frames: 0..<40, codes: nan) }
    }
}
