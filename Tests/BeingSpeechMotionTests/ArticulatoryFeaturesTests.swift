import BeingAudio
import BeingSpeechMotion
import BeingTesting
import Foundation
import Testing

@Suite struct ArticulatoryFeaturesTests {
    private func features(_ token: String) throws -> ArticulatoryFeatures {
        try #require(ArticulatoryFeatures.forToken(token), "no features for \(token)")
    }

    @Test func everyHamaTokenMapsToChannelsInRangeAndOneVisemeDistribution() throws {
        for token in PhonemeVocabulary.hama.tokens {
            let f = try features(token)
            #expect(f.values.allSatisfy { $0 >= 0 && $0 <= 1 }, "\(token): \(f.values)")
            let visemes = ArticulatoryFeatures.Viseme.allCases.reduce(Float(0)) { $0 + f[$1] }
            #expect(abs(visemes - 1) < 1e-5, "\(token): visemes sum to \(visemes)")
        }
        #expect(ArticulatoryFeatures.table(for: .hama).count == 191 * ArticulatoryFeatures.count)
    }

    @Test func bilabialsCloseTheLipsAndOthersDoNot() throws {
        for token in ["p", "b", "m", "pʰ", "p͈"] {
            #expect(try features(token)[.lipClosure] == 1, "\(token)")
            #expect(try features(token).dominantViseme == .pp, "\(token)")
        }
        for token in ["a", "i", "t", "s", "k", "f", "<blank>"] { #expect(try features(token)[.lipClosure] == 0, "\(token)") }
    }

    @Test func openVowelsOpenTheJawMoreThanCloseVowels() throws {
        for open in ["a", "ɑ", "æ"] {
            for close in ["i", "u", "y", "ɯ"] {
                #expect(try features(open)[.jawOpening] > features(close)[.jawOpening] + 0.4, "\(open) vs \(close)")
            }
        }
        for consonant in ["p", "t", "k", "s", "n", "f"] { #expect(try features(consonant)[.jawOpening] <= 0.3, "\(consonant)") }
    }

    @Test func roundedAndSpreadVowels() throws {
        for token in ["u", "o", "ɔ", "w", "ʊ", "y", "ø"] { #expect(try features(token)[.lipRounding] >= 0.7, "\(token)") }
        for token in ["i", "e", "a", "ɪ", "ɛ"] { #expect(try features(token)[.lipRounding] == 0, "\(token)") }
        for token in ["i", "ɪ", "e"] { #expect(try features(token)[.lipSpread] >= 0.7, "\(token)") }
        #expect(try features("ʃ")[.lipRounding] > 0.3 && features("ʒ")[.lipRounding] > 0.3)
    }

    @Test func labiodentalDentalAndMarkerTokens() throws {
        #expect(try features("f")[.labiodental] == 1 && features("v").dominantViseme == .ff)
        #expect(try features("θ")[.dental] == 1 && features("ð").dominantViseme == .th)
        #expect(try features("<wb>")[.wordBoundary] == 1)
        for token in ["<blank>", "<pad>", " ", ","] { #expect(try features(token)[.silence] == 1, "\(token)") }
        for token in ["ː", "ʰ", "²", "˥", "\u{0303}", "一"] { #expect(try features(token)[.modifier] == 1, "\(token)") }
    }

    @Test func rulesStripDiacriticsAndComposeAffricatesDiphthongsAndGlides() throws {
        #expect(try features("kʰ") == features("k"))
        #expect(try features("k\u{0348}") == features("k"))
        #expect(try features("ã") == features("a"))  // precomposed, decomposed by NFD
        let affricate = try features("t\u{0361}\u{0283}")
        #expect(affricate.dominantViseme == .ch)
        #expect(try affricate[.lipRounding] > 0 && affricate[.lipRounding] < features("ʃ")[.lipRounding])
        let diphthong = try features("a\u{026A}")  // aɪ: opens, then closes
        #expect(try diphthong[.jawOpening] < features("a")[.jawOpening] && diphthong[.jawOpening] > features("ɪ")[.jawOpening])
        #expect(try features("wa")[.lipRounding] > 0 && features("wa").dominantViseme == .aa)
        #expect(try features("kʷ")[.lipRounding] >= 0.6)
        #expect(ArticulatoryFeatures.forToken("Q") == nil)  // not IPA: no rule, so the caller sees it
    }

    @Test func trackSplitsSpeakingFromTheNonBlankExpectation() throws {
        let vocabulary = PhonemeVocabulary.hama
        let v = vocabulary.count
        let a = vocabulary.tokens.firstIndex(of: "a")!, m = vocabulary.tokens.firstIndex(of: "m")!
        var random = SeededRandom(seed: 11)
        var logits = random.uniforms(4 * v, -40, -30)  // [4, V], not normalised on purpose
        logits[0 * v + a] = 5                          // a spike
        logits[1 * v + vocabulary.blankIndex] = 5      // blank, residual m
        logits[1 * v + m] = 1
        logits[2 * v + a] = 3; logits[2 * v + m] = 3   // half a, half m
        // step 3: noise only
        let track = try ArticulatoryTrack(phonemes: SpeechFeatures(kind: .phonemes, rate: 50, dimensions: v, values: logits))
        #expect(track.speaking[0] > 0.999)
        #expect(abs(track.speaking[1] - 1 / (1 + exp(4))) < 1e-3)
        #expect(firstMismatch(track.step(0).values, ArticulatoryFeatures.forToken("a")!.values, atol: 1e-4) == nil)
        #expect(firstMismatch(track.step(1).values, ArticulatoryFeatures.forToken("m")!.values, atol: 1e-3) == nil)
        #expect(abs(track.step(2)[.jawOpening] - 0.5 * (0.9 + 0.05)) < 1e-3)
        for t in 0..<4 {
            #expect(track.speaking[t] >= 0 && track.speaking[t] <= 1)
            let visemes = ArticulatoryFeatures.Viseme.allCases.reduce(Float(0)) { $0 + track.step(t)[$1] }
            #expect(abs(visemes - 1) < 1e-4, "step \(t)")
        }
        #expect(throws: SpeechMotionError.self) {
            try ArticulatoryTrack(phonemes: SpeechFeatures(kind: .phonemes, rate: 50, dimensions: 7, values: random.uniforms(14, -5, 0)))
        }
    }
}
