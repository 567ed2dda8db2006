/// What a phoneme does to the visible mouth, as a fixed-length vector that phonemes share.
///
/// A linear map from phoneme identities to mouth codes would have to see every phoneme in the
/// ~150 frames of a training clip. Describing each phoneme by a few articulatory channels
/// instead (jaw opening, lip rounding, lip closure, …) lets an unseen phoneme borrow what was
/// learnt from those it shares channels with: "b" is predicted from "p" and "m" through
/// `lipClosure` and the `pp` viseme.
///
/// The channels, all in [0, 1]:
/// - continuous: `jawOpening` (by vowel height: open vowels ≈ 1, close vowels ≈ 0.15, consonants
///   0.05-0.3), `lipRounding`, `lipClosure`, `labiodental`, `lipSpread`, `dental` (tongue between
///   the teeth), `alveolar` (tongue tip up behind the teeth), `velar`, `sibilant` (teeth close);
/// - markers: `silence` (pauses, punctuation, special tokens), `wordBoundary` (hama's `<wb>`),
///   `modifier` (tokens that only modify a neighbour: length, tone, stand-alone diacritics);
/// - one viseme distribution over the 15 classes of `Viseme`, summing to 1 for every token.
///
/// The table is in `ArticulatoryFeatures+Segments.swift`, the rules that compose hama's tokens
/// from it in `ArticulatoryFeatures+Tokens.swift`.
public struct ArticulatoryFeatures: Sendable, Equatable {
    /// The channels of the vector, in order.
    public enum Channel: Int, CaseIterable, Sendable {
        case jawOpening, lipRounding, lipClosure, labiodental, lipSpread, dental, alveolar, velar, sibilant
        case silence, wordBoundary, modifier
    }

    /// Viseme classes: the 15 of the MPEG-4 / Oculus lip-sync set ("sil PP FF TH DD kk CH SS nn
    /// RR aa E ih oh ou"), each a group of phonemes that look alike on the lips.
    public enum Viseme: Int, CaseIterable, Sendable {
        /// Silence, neutral mouth.
        case sil
        /// p b m: lips pressed together.
        case pp
        /// f v: lower lip under the upper teeth.
        case ff
        /// θ ð: tongue tip between the teeth.
        case th
        /// t d: tongue tip on the ridge, jaw slightly open.
        case dd
        /// k g ŋ h: back of the tongue, mouth slightly open.
        case kk
        /// tʃ dʒ ʃ ʒ: lips pushed forward, teeth close.
        case ch
        /// s z: teeth close, lips slightly spread.
        case ss
        /// n l: tongue tip up, mouth slightly open.
        case nn
        /// r ɹ: lips slightly rounded.
        case rr
        /// a ɑ æ ʌ: jaw wide open.
        case aa
        /// e ɛ: mid-open, lips spread.
        case e
        /// i ɪ: close, lips spread.
        case i
        /// o ɔ: mid-open, lips rounded.
        case o
        /// u ʊ w: close, lips rounded and protruded.
        case u
    }

    /// Continuous and marker channels, then visemes.
    public static let count = Channel.allCases.count + Viseme.allCases.count

    /// [count]: the channels in `Channel` order, then the viseme distribution in `Viseme` order.
    public var values: [Float]

    public init(values: [Float]) {
        precondition(values.count == Self.count, "ArticulatoryFeatures: \(values.count) values, expected \(Self.count)")
        self.values = values
    }

    /// All zeros: no channel active and no viseme (not a valid token vector on its own).
    public static let zero = ArticulatoryFeatures(values: [Float](repeating: 0, count: count))

    public subscript(channel: Channel) -> Float {
        get { values[channel.rawValue] }
        set { values[channel.rawValue] = newValue }
    }

    public subscript(viseme: Viseme) -> Float {
        get { values[Channel.allCases.count + viseme.rawValue] }
        set { values[Channel.allCases.count + viseme.rawValue] = newValue }
    }

    /// The most likely viseme.
    public var dominantViseme: Viseme {
        Viseme.allCases.max { self[$0] < self[$1] } ?? .sil
    }

    /// A phonetic segment: the continuous channels given, markers off, visemes as weights
    /// normalised to sum to 1.
    static func segment(
        jaw: Float, round: Float = 0, closure: Float = 0, labiodental: Float = 0, spread: Float = 0,
        dental: Float = 0, alveolar: Float = 0, velar: Float = 0, sibilant: Float = 0,
        _ visemes: [Viseme: Float]
    ) -> ArticulatoryFeatures {
        var f = ArticulatoryFeatures.zero
        f[.jawOpening] = jaw
        f[.lipRounding] = round
        f[.lipClosure] = closure
        f[.labiodental] = labiodental
        f[.lipSpread] = spread
        f[.dental] = dental
        f[.alveolar] = alveolar
        f[.velar] = velar
        f[.sibilant] = sibilant
        let total = visemes.values.reduce(0, +)
        precondition(total > 0, "a segment needs a viseme")
        for (viseme, weight) in visemes { f[viseme] = weight / total }
        return f
    }

    /// A marker token: the one marker channel on; silence also sets the `sil` viseme, the others
    /// carry no viseme of their own but a neutral (`sil`) one so every token's visemes sum to 1.
    static func marker(_ channel: Channel) -> ArticulatoryFeatures {
        var f = ArticulatoryFeatures.zero
        f[channel] = 1
        f[.sil] = 1
        return f
    }

    /// Σ wᵢ·fᵢ / Σ wᵢ over `parts` (weights need not sum to 1).
    static func blend(_ parts: [(ArticulatoryFeatures, Float)]) -> ArticulatoryFeatures {
        var out = [Float](repeating: 0, count: count)  // [count]
        let total = parts.reduce(0) { $0 + $1.1 }
        for (features, weight) in parts {
            for c in 0..<count { out[c] += weight / total * features.values[c] }
        }
        return ArticulatoryFeatures(values: out)
    }
}
