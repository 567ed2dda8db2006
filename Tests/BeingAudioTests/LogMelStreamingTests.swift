import BeingAudio
import BeingMedia
import BeingRuntime
import BeingTesting
import Testing

@Suite struct LogMelStreamingTests {
    /// Everything a stream returns for `chunks`, appended.
    private func streamed(_ chunks: [[Float]]) -> SpeechFeatures {
        var stream = LogMelExtractor().makeStream()
        var out = SpeechFeatures.empty(kind: .logMel, rate: 100, dimensions: 80)
        for chunk in chunks { out.append(stream.append(chunk)) }
        out.append(stream.finish())
        return out
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func randomChunksOf10msTo1sEqualOffline(seed: UInt64) throws {
        let samples = randomAudio(16_000 * 3 + 1234, seed: seed)
        let offline = try LogMelExtractor().features(of: AudioSamples(sampleRate: 16_000, samples: samples))
        let online = streamed(randomChunks(samples, minimum: 160, maximum: 16_000, seed: seed + 100))
        #expect(offline.steps == samples.count / 160 + 1)
        #expect(online == offline)  // bit for bit
    }

    @Test func tinyAndEmptyChunksEqualOffline() throws {
        let samples = randomAudio(2_000, seed: 9)
        let offline = try LogMelExtractor().features(of: AudioSamples(sampleRate: 16_000, samples: samples))
        var chunks = randomChunks(samples, minimum: 1, maximum: 7, seed: 10)
        chunks.insert([], at: 3)
        #expect(streamed(chunks) == offline)
    }

    @Test func stepCountsAtTheEdges() throws {
        #expect(LogMelExtractor.stepCount(samples: 0) == 0)
        #expect(LogMelExtractor.stepCount(samples: 1) == 1)
        #expect(LogMelExtractor.stepCount(samples: 159) == 1)
        #expect(LogMelExtractor.stepCount(samples: 160) == 2)
        #expect(streamed([]).steps == 0)
        #expect(streamed([randomAudio(100, seed: 1)]).steps == 1)
    }

    @Test func streamReturnsEachStepOnce200SamplesAfterItsCentre() {
        var stream = LogMelExtractor().makeStream()
        #expect(stream.append(randomAudio(199, seed: 4)).steps == 0)
        #expect(stream.append(randomAudio(1, seed: 5)).steps == 1)    // step 0 needs samples [−200, 200)
        #expect(stream.append(randomAudio(160, seed: 6)).steps == 1)  // step 1 needs up to 360
        #expect(stream.finish().steps == 360 / 160 + 1 - 2)
    }

    @Test func wrongSampleRateIsAClearError() {
        #expect {
            try LogMelExtractor().features(of: AudioSamples(sampleRate: 44_100, samples: [0.1]))
        } throws: { error in
            String(describing: error).contains("16000 Hz") && String(describing: error).contains("AudioSamples.extract")
        }
    }
}

@Suite struct SpeechFeatureExtractorTests {
    @Test func fallsBackToLogMelWithoutHamaAndStreamsTheSame() throws {
        let emptyHome = TemporaryDirectory()
        let extractor = try SpeechFeatureExtractor.preferred(home: BeingHome(url: emptyHome.url))
        #expect(extractor.kind == .logMel && extractor.rate == 100 && extractor.dimensions == 80)
        let samples = randomAudio(16_000 + 77, seed: 12)
        var stream = extractor.makeStream()
        var online = SpeechFeatures.empty(kind: .logMel, rate: 100, dimensions: 80)
        for chunk in randomChunks(samples, minimum: 160, maximum: 4_000, seed: 13) { online.append(try stream.append(chunk)) }
        online.append(try stream.finish())
        #expect(online == (try extractor.features(of: AudioSamples(sampleRate: 16_000, samples: samples))))
    }

    @Test(.enabled(if: InstalledHama.shouldRun, "hama is not installed in $BEING_HOME (run `make setup`)"))
    func prefersPhonemesWhenHamaIsInstalled() throws {
        let extractor = try SpeechFeatureExtractor.preferred(home: InstalledHama.home)
        #expect(extractor.kind == .phonemes && extractor.rate == 50 && extractor.dimensions == 191)
    }
}
