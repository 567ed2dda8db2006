/// The hand-written table: one IPA base letter (diacritics stripped) to its articulatory features.
///
/// Vowel jaw opening follows vowel height (close 0.15, near-close 0.25, close-mid 0.35-0.4, mid
/// 0.4, open-mid 0.55-0.6, near-open 0.7-0.75, open 0.9-1); rounding and spread follow the IPA
/// chart's rounded/unrounded pairs. Consonants open the jaw a little (0.05 for bilabials, 0.1-0.3
/// for the rest). Visemes follow the MPEG-4 / Oculus grouping; a letter between two groups (schwa,
/// rhotic vowels, flaps) gets a split distribution.
extension ArticulatoryFeatures {
    static let segments: [Unicode.Scalar: ArticulatoryFeatures] = {
        var t: [Unicode.Scalar: ArticulatoryFeatures] = [:]
        func add(_ letters: String, _ features: ArticulatoryFeatures) {
            for letter in letters.unicodeScalars { t[letter] = features }
        }

        // Close vowels.
        add("i", .segment(jaw: 0.15, spread: 1, [.i: 1]))
        add("y", .segment(jaw: 0.15, round: 1, [.u: 1]))
        add("ɨ", .segment(jaw: 0.15, spread: 0.3, [.i: 1]))
        add("ʉ", .segment(jaw: 0.15, round: 0.8, [.u: 1]))
        add("ɯ", .segment(jaw: 0.15, spread: 0.5, [.i: 1]))
        add("u", .segment(jaw: 0.15, round: 1, [.u: 1]))
        // Near-close.
        add("ɪ", .segment(jaw: 0.25, spread: 0.7, [.i: 1]))
        add("ʏ", .segment(jaw: 0.25, round: 0.8, [.u: 1]))
        add("ʊ", .segment(jaw: 0.25, round: 0.8, [.u: 1]))
        // Close-mid and mid.
        add("e", .segment(jaw: 0.35, spread: 0.7, [.e: 1]))
        add("ø", .segment(jaw: 0.35, round: 0.8, [.o: 1]))
        add("ɘ", .segment(jaw: 0.4, spread: 0.2, [.e: 1]))
        add("ɵ", .segment(jaw: 0.4, round: 0.6, [.o: 1]))
        add("ɤ", .segment(jaw: 0.4, spread: 0.3, [.e: 1]))
        add("o", .segment(jaw: 0.4, round: 1, [.o: 1]))
        add("ə", .segment(jaw: 0.4, [.e: 0.5, .aa: 0.5]))
        add("ɚ", .segment(jaw: 0.35, round: 0.3, [.e: 0.5, .rr: 0.5]))
        add("ɝ", .segment(jaw: 0.4, round: 0.3, [.e: 0.5, .rr: 0.5]))
        // Open-mid.
        add("ɛ", .segment(jaw: 0.55, spread: 0.5, [.e: 1]))
        add("œ", .segment(jaw: 0.55, round: 0.7, [.o: 1]))
        add("ɜ", .segment(jaw: 0.5, spread: 0.1, [.e: 1]))
        add("ʌ", .segment(jaw: 0.6, [.aa: 1]))
        add("ɔ", .segment(jaw: 0.6, round: 0.8, [.o: 1]))
        // Near-open and open.
        add("æ", .segment(jaw: 0.75, spread: 0.5, [.aa: 1]))
        add("ɐ", .segment(jaw: 0.7, [.aa: 1]))
        add("a", .segment(jaw: 0.9, spread: 0.1, [.aa: 1]))
        add("ɑ", .segment(jaw: 1, [.aa: 1]))
        add("ɒ", .segment(jaw: 0.9, round: 0.5, [.o: 1]))

        // Bilabials: the lips close (fricatives and trills nearly).
        add("pbmɓ", .segment(jaw: 0.05, closure: 1, [.pp: 1]))
        add("ʙ", .segment(jaw: 0.05, closure: 0.8, [.pp: 1]))
        add("ɸβ", .segment(jaw: 0.05, round: 0.3, closure: 0.6, [.pp: 0.6, .ff: 0.4]))
        // Labiodentals.
        add("fvɱ", .segment(jaw: 0.1, labiodental: 1, [.ff: 1]))
        add("ʋ", .segment(jaw: 0.1, labiodental: 0.6, [.ff: 0.6, .u: 0.4]))
        // Dentals: the tongue shows.
        add("θð", .segment(jaw: 0.2, dental: 1, [.th: 1]))
        // Alveolar and retroflex stops.
        add("tdʈɖɗ", .segment(jaw: 0.2, alveolar: 1, [.dd: 1]))
        // Nasals and laterals.
        add("nɫlɮ", .segment(jaw: 0.2, alveolar: 1, [.nn: 1]))
        add("ɲʎ", .segment(jaw: 0.2, spread: 0.3, alveolar: 0.5, [.nn: 1]))
        // Sibilants: teeth close; post-alveolars push the lips forward.
        add("sz", .segment(jaw: 0.1, spread: 0.3, alveolar: 0.7, sibilant: 1, [.ss: 1]))
        add("ʃʒ", .segment(jaw: 0.15, round: 0.5, sibilant: 1, [.ch: 1]))
        add("ɕʑ", .segment(jaw: 0.15, round: 0.3, spread: 0.2, sibilant: 1, [.ch: 1]))
        add("ʂʐ", .segment(jaw: 0.15, round: 0.4, sibilant: 1, [.ch: 1]))
        // Palatal stops and fricatives (ç decomposes to c, so it lands here too).
        add("cɟ", .segment(jaw: 0.2, spread: 0.3, velar: 0.5, [.kk: 0.6, .ch: 0.4]))
        add("ʝ", .segment(jaw: 0.15, spread: 0.4, sibilant: 0.5, [.ss: 0.5, .i: 0.5]))
        // Velars, uvulars and the back approximant.
        add("kgɡxɣχŋɴɰ", .segment(jaw: 0.25, velar: 1, [.kk: 1]))
        // Glottals and pharyngeals: the mouth takes the shape of the neighbouring vowel.
        add("hɦħʔ", .segment(jaw: 0.3, [.kk: 0.5, .sil: 0.5]))
        // Rhotics.
        add("ɹɻ", .segment(jaw: 0.2, round: 0.4, [.rr: 1]))
        add("r", .segment(jaw: 0.2, round: 0.2, alveolar: 0.5, [.rr: 1]))
        add("ɾɽ", .segment(jaw: 0.2, alveolar: 1, [.dd: 0.5, .rr: 0.5]))
        add("ʀʁ", .segment(jaw: 0.25, velar: 0.5, [.rr: 0.5, .kk: 0.5]))
        // Glides.
        add("j", .segment(jaw: 0.1, spread: 0.6, [.i: 1]))
        add("w", .segment(jaw: 0.1, round: 1, [.u: 1]))
        add("ɥ", .segment(jaw: 0.1, round: 1, spread: 0.2, [.u: 1]))
        return t
    }()

    /// Glides: in a glide + vowel token ("ja", "wi") the vowel carries most of the shape.
    static let glides: Set<Unicode.Scalar> = ["j", "w", "ɥ", "ɰ"]

    /// Characters that stand for a pause when a token has nothing else.
    static let pauses: Set<Unicode.Scalar> = [" ", ",", "%"]
}
