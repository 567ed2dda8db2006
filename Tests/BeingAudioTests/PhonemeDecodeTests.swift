import BeingAudio
import BeingMedia
import BeingTesting
import Foundation
import Testing

/// Evidence that the phoneme features mean what they say: greedy CTC decoding of real speech
/// reads like the words, and silence is blank.
@Suite(.enabled(if: InstalledHama.shouldRun, "hama is not installed in $BEING_HOME (run `make setup`)"))
struct PhonemeDecodeTests {
    @Test(.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4") && TestTools.shouldRunMedia))
    func aocSpeechDecodesToItsWords() throws {
        let audio = try AudioSamples.extract(from: try Fixtures.path("video/aoc_8s_512.mp4"))
        let extractor = try PhonemeExtractor(recognizer: try InstalledHama.recognizer())
        let features = try extractor.features(of: audio)
        let vocabulary = PhonemeVocabulary.hama
        let emissions = vocabulary.greedyDecode(features.values, steps: features.steps)
        let transcript = vocabulary.transcript(emissions)
        print("aoc greedy phonemes: \(transcript)")

        // Every step is a distribution: log-softmax rows sum to 1 in probability.
        for t in stride(from: 0, to: features.steps, by: 37) {
            let total = features.step(t).reduce(Float(0)) { $0 + exp($1) }
            #expect(abs(total - 1) < 1e-3, "step \(t) sums to \(total)")
        }
        // "… endeavoring towards a better, more just future for our country and our world …"
        let phonemes = emissions.filter { $0.token != vocabulary.wordBoundaryIndex }
        #expect(Set(phonemes.map(\.token)).count >= 25, "distinct phonemes: \(transcript)")
        #expect(emissions.count(where: { $0.token == vocabulary.wordBoundaryIndex }) >= 15, "word boundaries: \(transcript)")
        for word in ["n t ɹ i", "w ɝ l d", "f j u t͡ʃ", "b ɛ t ɝ", "æ n d"] {
            #expect(transcript.contains(word), "'\(word)' in \(transcript)")
        }
        // CTC is peaky: in continuous speech about a third of the steps are non-blank.
        let tokens = vocabulary.argmaxTokens(features.values, steps: features.steps)
        let nonBlank = Double(tokens.count { $0 != vocabulary.blankIndex }) / Double(tokens.count)
        #expect(nonBlank >= 0.2, "non-blank share \(nonBlank)")
    }

    /// Windowing (see `PhonemeWindowing`) changes hama's output a little, not its reading.
    @Test(.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4") && TestTools.shouldRunMedia))
    func windowedFeaturesAgreeWithOneWholeRun() throws {
        let audio = try AudioSamples.extract(from: try Fixtures.path("video/aoc_8s_512.mp4"))
        let recognizer = try InstalledHama.recognizer()
        let windowed = try PhonemeExtractor(recognizer: recognizer).features(of: audio)
        let whole = try audio.samples.withUnsafeBufferPointer { try recognizer.logProbabilities($0) }  // [T, 191], 8 s < 30 s
        #expect(whole.count == windowed.values.count)
        let vocabulary = PhonemeVocabulary.hama
        let a = vocabulary.argmaxTokens(windowed.values, steps: windowed.steps)
        let b = vocabulary.argmaxTokens(whole, steps: windowed.steps)
        let agreement = Double(zip(a, b).count { $0 == $1 }) / Double(a.count)
        #expect(agreement >= 0.9, "argmax agreement \(agreement)")  // 0.958 measured
    }

    @Test func silenceIsBlank() throws {
        let extractor = try PhonemeExtractor(recognizer: try InstalledHama.recognizer())
        let silence = AudioSamples(sampleRate: 16_000, samples: [Float](repeating: 0, count: 16_000 * 3))
        let features = try extractor.features(of: silence)
        let tokens = PhonemeVocabulary.hama.argmaxTokens(features.values, steps: features.steps)
        let blank = Double(tokens.count { $0 == PhonemeVocabulary.hama.blankIndex }) / Double(tokens.count)
        #expect(blank >= 0.95, "blank share in silence \(blank)")
    }
}

@Suite struct GreedyDecodeTests {
    @Test func vocabularyHas191TokensWithBlankLast() {
        let vocabulary = PhonemeVocabulary.hama
        #expect(vocabulary.count == 191)
        #expect(vocabulary.tokens[190] == "<blank>" && vocabulary.tokens[189] == "<wb>")
        #expect(vocabulary.tokens.contains("ʃ") && vocabulary.tokens.contains("d͡ʒ") && vocabulary.tokens.contains("ŋ"))
    }

    @Test func collapsesRepeatsAndDropsBlanks() {
        let vocabulary = PhonemeVocabulary(tokens: ["a", "b", "<wb>", "<blank>"], blankIndex: 3, wordBoundaryIndex: 2)
        let path = [0, 0, 3, 0, 1, 1, 3, 3, 2, 1, 3]  // a a _ a b b _ _ | b _
        var random = SeededRandom(seed: 3)
        var logits = (0..<path.count * 4).map { _ in random.uniform(-5, -1) }  // [11, 4]
        for (t, token) in path.enumerated() { logits[t * 4 + token] = 0 }
        let emissions = vocabulary.greedyDecode(logits, steps: path.count)
        #expect(emissions.map(\.token) == [0, 0, 1, 2, 1])
        #expect(emissions.map(\.firstStep) == [0, 3, 4, 8, 9])
        #expect(emissions.map(\.endStep) == [2, 4, 6, 9, 10])
        #expect(vocabulary.transcript(emissions) == "a a b | b")
    }
}
