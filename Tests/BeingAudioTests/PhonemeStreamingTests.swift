import BeingAudio
import BeingMedia
import BeingTesting
import Testing

@Suite(.enabled(if: InstalledHama.shouldRun, "hama is not installed in $BEING_HOME (run `make setup`)"))
struct PhonemeStreamingTests {
    private func streamed(_ extractor: PhonemeExtractor, _ chunks: [[Float]]) throws -> SpeechFeatures {
        var stream = extractor.makeStream()
        var out = SpeechFeatures.empty(kind: .phonemes, rate: 50, dimensions: 191)
        for chunk in chunks { out.append(try stream.append(chunk)) }
        out.append(try stream.finish())
        return out
    }

    /// Small windows make many blocks (and every edge case of the grid) out of a few seconds.
    @Test(arguments: [
        PhonemeWindowing(leftContext: 10, block: 7, lookahead: 3),
        PhonemeWindowing(leftContext: 0, block: 13, lookahead: 0),
        PhonemeWindowing(),
    ])
    func randomChunksOf10msTo1sEqualOfflineBitForBit(windowing: PhonemeWindowing) throws {
        let extractor = try PhonemeExtractor(recognizer: try InstalledHama.recognizer(), windowing: windowing)
        let samples = randomAudio(16_000 * 4 + 4321, seed: UInt64(windowing.span), amplitude: 0.3)
        let offline = try extractor.features(of: AudioSamples(sampleRate: 16_000, samples: samples))
        #expect(offline.steps == samples.count / 320 + 1)
        let online = try streamed(extractor, randomChunks(samples, minimum: 160, maximum: 16_000, seed: 5))
        #expect(online.steps == offline.steps)
        #expect(online == offline)
    }

    @Test func blockBoundariesAtTheEndOfTheAudio() throws {
        let windowing = PhonemeWindowing(leftContext: 10, block: 7, lookahead: 3)
        let extractor = try PhonemeExtractor(recognizer: try InstalledHama.recognizer(), windowing: windowing)
        // Lengths that end exactly on, just before and just after a block's window end.
        for count in [1, 319, 320, 7 * 320, 10 * 320 - 1, 10 * 320, 10 * 320 + 1, 17 * 320 + 5] {
            let samples = randomAudio(count, seed: UInt64(count), amplitude: 0.3)
            let offline = try extractor.features(of: AudioSamples(sampleRate: 16_000, samples: samples))
            #expect(offline.steps == count / 320 + 1, "\(count) samples")
            #expect(try streamed(extractor, [samples]) == offline, "\(count) samples in one chunk")
            // One sample at a time for the first 2000, then the rest at once.
            var chunks = samples.prefix(2000).map { [$0] }
            if count > 2000 { chunks.append(Array(samples[2000...])) }
            let online = try streamed(extractor, chunks)
            #expect(online.steps == offline.steps, "\(count) samples one by one")
            if online.steps == offline.steps, let bad = firstMismatch(online.values, offline.values, atol: 0, rtol: 0) {
                Issue.record("\(count) samples one by one: step \(bad.index / 191) token \(bad.index % 191): \(bad.a) vs \(bad.b)")
            }
        }
        #expect(try streamed(extractor, [[]]).steps == 0)
    }

    @Test func streamHoldsBackAtMostBlockPlusLookahead() throws {
        let windowing = PhonemeWindowing()
        let extractor = try PhonemeExtractor(recognizer: try InstalledHama.recognizer(), windowing: windowing)
        var stream = extractor.makeStream()
        let needed = (windowing.block + windowing.lookahead) * 320  // samples before the first block
        #expect(try stream.append(randomAudio(needed - 1, seed: 1, amplitude: 0.3)).steps == 0)
        #expect(try stream.append(randomAudio(1, seed: 2, amplitude: 0.3)).steps == windowing.block)
        #expect(windowing.latency == 1.5)
    }

    @Test func oversizedWindowingIsRefused() throws {
        #expect(throws: AudioError.self) {
            try PhonemeExtractor(recognizer: try InstalledHama.recognizer(), windowing: PhonemeWindowing(leftContext: 1000, block: 500, lookahead: 0))
        }
    }
}
