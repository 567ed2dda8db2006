import BeingAudio
import Foundation

/// Phoneme posteriors turned into articulation, step by step.
///
/// CTC posteriors are spiky: a phoneme shows as one or two steps of high probability and blank
/// dominates in between, even in the middle of a word. So each step is split into how much
/// speech it holds and what that speech looks like:
///
///     pₖ = softmax(l)ₖ                                   (l: the step's log-probabilities [V])
///     speaking = 1 − p_blank
///     features = Σ_{k≠blank} pₖ·φₖ / Σ_{k≠blank} pₖ       (φₖ: `ArticulatoryFeatures` of token k)
///
/// Between spikes the non-blank distribution still points at the phoneme being spoken, and
/// `SpeechWindowEncoder` pools `features` weighted by `speaking`, so both are kept.
/// Both are computed from the log-probabilities relative to the largest non-blank one, so
/// inputs that are not normalised (or far below 0) neither overflow nor divide by zero.
public struct ArticulatoryTrack: Sendable, Equatable {
    /// T, the number of steps.
    public let steps: Int
    /// 1 − p(blank) per step: [T]
    public let speaking: [Float]
    /// The expected features given not blank: [T, ArticulatoryFeatures.count]
    public let features: [Float]

    public init(steps: Int, speaking: [Float], features: [Float]) {
        precondition(speaking.count == steps && features.count == steps * ArticulatoryFeatures.count,
                     "ArticulatoryTrack: \(speaking.count) weights and \(features.count) features for \(steps) steps")
        self.steps = steps
        self.speaking = speaking
        self.features = features
    }

    /// The track of `phonemes` (`.phonemes` features over `vocabulary`).
    public init(phonemes: SpeechFeatures, vocabulary: PhonemeVocabulary = .hama) throws {
        guard phonemes.kind == .phonemes else {
            throw SpeechMotionError.featureMismatch(expected: "phonemes", got: phonemes.kind.rawValue)
        }
        guard phonemes.dimensions == vocabulary.count else {
            throw SpeechMotionError.vocabularyMismatch(dimensions: phonemes.dimensions, expected: vocabulary.count)
        }
        guard phonemes.values.allSatisfy(\.isFinite) else { throw SpeechMotionError.nonFinite("the phoneme log-probabilities") }
        let table = ArticulatoryFeatures.table(for: vocabulary)  // [V, C]
        let v = vocabulary.count, c = ArticulatoryFeatures.count, blank = vocabulary.blankIndex
        let steps = phonemes.steps
        var speaking = [Float](repeating: 0, count: steps)  // [T]
        var features = [Float](repeating: 0, count: steps * c)  // [T, C]
        var q = [Float](repeating: 0, count: v)  // [V]
        phonemes.values.withUnsafeBufferPointer { l in
            for t in 0..<steps {
                let row = t * v
                var top = -Float.infinity
                for k in 0..<v where k != blank { top = max(top, l[row + k]) }
                var total: Float = 0  // Σ_{k≠blank} exp(l_k − top) ≥ 1
                for k in 0..<v {
                    q[k] = k == blank ? 0 : exp(l[row + k] - top)
                    total += q[k]
                }
                // speaking = Q / (Q + exp(l_blank − top)) = sigmoid(log Q − (l_blank − top))
                speaking[t] = 1 / (1 + exp(l[row + blank] - top - log(total)))
                for k in 0..<v where q[k] > 1e-7 * total {
                    let weight = q[k] / total
                    for j in 0..<c { features[t * c + j] += weight * table[k * c + j] }
                }
            }
        }
        self.init(steps: steps, speaking: speaking, features: features)
    }

    /// The features of step `t`: [ArticulatoryFeatures.count]
    public func step(_ t: Int) -> ArticulatoryFeatures {
        let c = ArticulatoryFeatures.count
        return ArticulatoryFeatures(values: Array(features[t * c..<(t + 1) * c]))
    }
}
