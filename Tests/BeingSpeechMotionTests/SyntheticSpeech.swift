import BeingAudio
import BeingTesting
import Foundation

/// A synthetic talking clip: a random sequence of phoneme segments (and pauses), CTC-like
/// phoneme log-probabilities for it, and mouth codes that follow the segments.
///
/// The log-probabilities look like hama's: each segment shows its phoneme as one spike step,
/// blank dominates the other steps with a small residual of the phoneme, and every token gets
/// random low mass. The mouth codes come from prototypes chosen by the test per mouth shape (not
/// from `ArticulatoryFeatures`), smoothed over neighbouring frames, plus noise.
struct SyntheticSpeech {
    /// The mouth shape a phoneme makes, as the test's ground truth.
    enum Shape: Int, CaseIterable { case neutral, closed, open, round, spread }

    static let shapes: [String: Shape] = [
        "p": .closed, "b": .closed, "m": .closed,
        "a": .open, "ɑ": .open, "æ": .open,
        "u": .round, "o": .round, "w": .round,
        "i": .spread, "e": .spread,
        "s": .neutral, "t": .neutral, "k": .neutral, "n": .neutral, "d": .neutral,
    ]

    let features: SpeechFeatures  // [2·frames + 1, 191]
    /// The token index of each frame's segment, nil in pauses: [frames]
    let frameTokens: [Int?]
    /// The mouth code of each frame: [frames][K]
    let codes: [[Float]]

    /// - Parameters:
    ///   - prototypes: one code per `Shape`: [5][K]
    init(tokens: [String], frames: Int, prototypes: [[Float]], noise: Float = 0.1, seed: UInt64) {
        let vocabulary = PhonemeVocabulary.hama
        var random = SeededRandom(seed: seed)
        var frameTokens: [Int?] = []
        while frameTokens.count < frames {
            let length = Int.random(in: 2...5, using: &random)
            let token: Int? = random.uniform(0, 1) < 0.15 ? nil : vocabulary.tokens.firstIndex(of: tokens.randomElement(using: &random)!)!
            frameTokens += [Int?](repeating: token, count: length)
        }
        frameTokens = Array(frameTokens.prefix(frames))

        let v = vocabulary.count, steps = 2 * frames + 1
        var logits = (0..<steps * v).map { _ in random.uniform(-14, -9) }  // [T, V]
        for t in 0..<steps {
            let token = frameTokens[min(t / 2, frames - 1)]
            let isStart = t == 0 || frameTokens[min((t - 1) / 2, frames - 1)] != token
            logits[t * v + vocabulary.blankIndex] = 0
            guard let token else { continue }
            if isStart {
                logits[t * v + token] = 2
            } else {
                logits[t * v + token] = -4 + random.uniform(-1, 1)
            }
        }
        for t in 0..<steps {  // log-softmax, as hama returns
            let row = logits[t * v..<(t + 1) * v]
            let top = row.max()!
            let total = log(row.reduce(Float(0)) { $0 + exp($1 - top) }) + top
            for k in 0..<v { logits[t * v + k] -= total }
        }
        features = SpeechFeatures(kind: .phonemes, rate: 50, dimensions: v, values: logits)
        self.frameTokens = frameTokens

        let k = prototypes[0].count
        let raw = frameTokens.map { token -> [Float] in
            let shape = token.map { Self.shapes[vocabulary.tokens[$0]] ?? .neutral } ?? .neutral
            return prototypes[shape.rawValue]
        }
        codes = (0..<frames).map { f in
            (0..<k).map { j in
                let before = raw[max(f - 1, 0)][j], after = raw[min(f + 1, frames - 1)][j]
                return 0.25 * before + 0.5 * raw[f][j] + 0.25 * after + random.uniform(-noise, noise)
            }
        }
    }

    /// Random prototype codes, one per shape, with neutral at 0: [5][K]
    static func prototypes(dimensions k: Int, seed: UInt64) -> [[Float]] {
        var random = SeededRandom(seed: seed)
        return Shape.allCases.map { shape in
            shape == .neutral ? [Float](repeating: 0, count: k) : random.uniforms(k, -1.5, 1.5)
        }
    }
}

/// Mean squared error per value of `a` against `b`, both [N][K].
func meanSquaredError(_ a: [[Float]], _ b: [[Float]]) -> Double {
    var total = 0.0
    for (x, y) in zip(a, b) { for (p, q) in zip(x, y) { total += Double(p - q) * Double(p - q) } }
    return total / Double(a.count * a[0].count)
}

/// The column means of rows [N][K]: [K]
func columnMeans(_ rows: [[Float]]) -> [Float] {
    (0..<rows[0].count).map { j in rows.reduce(Float(0)) { $0 + $1[j] } / Float(rows.count) }
}
