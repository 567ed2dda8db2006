import BeingAudio
import Foundation

/// From a recogniser token (an IPA string, possibly with diacritics, length marks, tie bars, or
/// several letters) to its articulatory features, by rules over the letters of `segments`.
extension ArticulatoryFeatures {
    /// The features of `token`, or nil when it has a letter the table does not know.
    ///
    /// Rules, in order:
    /// - `<wb>` is a word boundary; other `<…>` tokens (blank, pad, sos, eos, unk) and tokens of
    ///   only spaces, commas and `%` are silence;
    /// - the token is decomposed (NFD: "ã" → "a" + tilde) and split into base letters and
    ///   modifiers; modifiers are dropped except `ʷ` (adds rounding), `ʲ` (adds spread) and `˞`
    ///   (r-colouring);
    /// - no base letter (a stand-alone length mark, tone letter or diacritic) → the `modifier` marker;
    /// - one letter → its table entry; two joined by a tie bar (an affricate, t͡ʃ) → 35 % stop,
    ///   65 % fricative; a glide then a vowel ("ja", "wʌ") → 30 % / 70 %; any other pair (a
    ///   diphthong, "aɪ") → 60 % / 40 %; more letters → an even blend.
    public static func forToken(_ token: String) -> ArticulatoryFeatures? {
        if token == "<wb>" { return .marker(.wordBoundary) }
        if token.hasPrefix("<") && token.hasSuffix(">") && token.count > 2 { return .marker(.silence) }
        if !token.isEmpty && token.unicodeScalars.allSatisfy(pauses.contains) { return .marker(.silence) }

        var letters: [ArticulatoryFeatures] = []
        var glideFirst = false
        var tied = false
        var rounding: Float = 0, spread: Float = 0, rhotic = false
        for scalar in token.decomposedStringWithCanonicalMapping.unicodeScalars {
            if let segment = segments[scalar] {
                if letters.isEmpty { glideFirst = glides.contains(scalar) }
                letters.append(segment)
                continue
            }
            switch scalar {
            case "\u{0361}", "\u{035C}": tied = true  // tie bars above and below
            case "ʷ": rounding = 0.6
            case "ʲ": spread = 0.5
            case "˞": rhotic = true
            default:
                guard isIgnorable(scalar) else { return nil }
            }
        }

        var features: ArticulatoryFeatures
        switch letters.count {
        case 0: return .marker(.modifier)
        case 1: features = letters[0]
        case 2 where tied: features = blend([(letters[0], 0.35), (letters[1], 0.65)])
        case 2 where glideFirst: features = blend([(letters[0], 0.3), (letters[1], 0.7)])
        case 2: features = blend([(letters[0], 0.6), (letters[1], 0.4)])
        default: features = blend(letters.map { ($0, 1) })
        }
        features[.lipRounding] = max(features[.lipRounding], rounding)
        features[.lipSpread] = max(features[.lipSpread], spread)
        if rhotic, let r = segments["ɹ"] { features = blend([(features, 0.7), (r, 0.3)]) }
        return features
    }

    /// The features of every token of `vocabulary`: [V, count]. A token without rules (none in
    /// `PhonemeVocabulary.hama`, which a test checks) gets the `modifier` marker.
    public static func table(for vocabulary: PhonemeVocabulary) -> [Float] {
        var out: [Float] = []  // [V, count]
        out.reserveCapacity(vocabulary.count * count)
        for token in vocabulary.tokens {
            out += (forToken(token) ?? .marker(.modifier)).values
        }
        return out
    }

    /// Diacritics, modifier letters, tone letters and digits, punctuation, and the two CJK
    /// ideographs in hama's vocabulary: marks that change a letter slightly or not at all.
    private static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .modifierLetter, .modifierSymbol, .otherNumber,
             .mathSymbol, .openPunctuation, .closePunctuation, .connectorPunctuation, .otherPunctuation,
             .spaceSeparator, .otherLetter:
            return true
        default:
            return false
        }
    }
}
