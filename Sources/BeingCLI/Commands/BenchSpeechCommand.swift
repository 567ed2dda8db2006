import ArgumentParser
import BeingAudio
import BeingMedia
import BeingRuntime
import Foundation

/// Speed of speech-feature extraction (hama phonemes or the log-mel fallback) on one file.
struct BenchSpeech: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speech",
        abstract: "Extract speech features from a file's audio and report the time and real-time factor.",
        discussion: """
        Reads the audio with ffmpeg (16 kHz mono), checks that the extractor returns one finite step \
        per 20 ms (phonemes) or 10 ms (log-mel), then times extraction alone. `auto` uses hama when \
        $BEING_HOME has it, else log-mel.
        """
    )

    enum Features: String, ExpressibleByArgument, CaseIterable {
        case auto, phonemes, logmel
    }

    @Argument(help: "An audio or video file.")
    var file: String

    @Option(name: .long, help: "Which features: auto, phonemes or logmel.")
    var features: Features = .auto

    @Option(name: .long, help: "Time this many runs and report the fastest.")
    var runs: Int = 1

    @Option(name: .long, help: "Also stream the audio in chunks of this many milliseconds, check the result equals the offline one, and time it.")
    var chunkMs: Int?

    @Option(name: .long, help: "Also write the features to this file (.spf: JSON header, Float32 [T, D]).")
    var output: String?

    @Flag(name: .long, help: "Also print the greedy-decoded phonemes (phonemes only).")
    var decode = false

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    struct Result: Codable {
        var file: String
        var features: String
        var audioSeconds: Double
        var steps: Int
        var dimensions: Int
        var seconds: Double
        var realTimeFactor: Double
        var streamChunkMilliseconds: Int?
        var streamSeconds: Double?
        var slowestChunkSeconds: Double?
        var peakResidentMegabytes: Double
        var phonemes: String?
    }

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        if let chunkMs, chunkMs < 1 { throw ValidationError("--chunk-ms must be at least 1") }
    }

    func run() throws {
        let extractor: SpeechFeatureExtractor
        switch features {
        case .auto: extractor = try SpeechFeatureExtractor.preferred()
        case .phonemes: extractor = .phonemes(try PhonemeExtractor())
        case .logmel: extractor = .logMel(LogMelExtractor())
        }
        let audio = try AudioSamples.extract(from: file)
        var best = Double.infinity
        var extracted = SpeechFeatures.empty(kind: extractor.kind, rate: extractor.rate, dimensions: extractor.dimensions)
        for _ in 0..<runs {
            let start = Date()
            extracted = try extractor.features(of: audio)
            best = min(best, Date().timeIntervalSince(start))
        }
        let expected = extractor.kind == .phonemes
            ? PhonemeExtractor.stepCount(samples: audio.samples.count) : LogMelExtractor.stepCount(samples: audio.samples.count)
        guard extracted.steps == expected, extracted.values.allSatisfy(\.isFinite) else {
            printError("being bench speech: \(extractor.kind) features of \(file) are wrong: \(extracted.steps) steps (expected \(expected)) or not finite")
            throw ExitCode.failure
        }
        if let output { try extracted.save(to: output) }
        var streamed: (total: Double, slowest: Double)?
        if let chunkMs {
            streamed = try stream(audio, extractor: extractor, chunk: chunkMs * audio.sampleRate / 1000, expected: extracted)
        }
        var phonemes: String?
        if decode, extractor.kind == .phonemes {
            phonemes = PhonemeVocabulary.hama.transcript(PhonemeVocabulary.hama.greedyDecode(extracted.values, steps: extracted.steps))
        }
        let result = Result(file: file, features: extractor.kind.rawValue, audioSeconds: audio.duration, steps: extracted.steps,
                            dimensions: extracted.dimensions, seconds: best, realTimeFactor: audio.duration / best,
                            streamChunkMilliseconds: chunkMs, streamSeconds: streamed?.total, slowestChunkSeconds: streamed?.slowest,
                            peakResidentMegabytes: ProcessMemory.peakResidentMegabytes(), phonemes: phonemes)
        if json {
            print(try jsonString(result))
        } else {
            print("\(file): " + String(format: "%.2f s of audio -> %d x %d ", result.audioSeconds, result.steps, result.dimensions)
                  + "\(result.features) features in " + String(format: "%.3f s (%.1fx real time), peak RSS %.0f MB",
                                                               result.seconds, result.realTimeFactor, result.peakResidentMegabytes))
            if let streamed, let chunkMs {
                print(String(format: "  streamed in %d ms chunks: %.3f s in all, slowest chunk %.3f s", chunkMs, streamed.total, streamed.slowest))
            }
            if let phonemes { print(phonemes) }
        }
    }

    /// Feeds `audio` to a stream `chunk` samples at a time; checks the result equals `expected`.
    private func stream(_ audio: AudioSamples, extractor: SpeechFeatureExtractor, chunk: Int,
                        expected: SpeechFeatures) throws -> (total: Double, slowest: Double) {
        var stream = extractor.makeStream()
        var out = SpeechFeatures.empty(kind: extractor.kind, rate: extractor.rate, dimensions: extractor.dimensions)
        var slowest = 0.0
        let start = Date()
        for first in stride(from: 0, to: audio.samples.count, by: chunk) {
            let chunkStart = Date()
            out.append(try stream.append(Array(audio.samples[first..<min(first + chunk, audio.samples.count)])))
            slowest = max(slowest, Date().timeIntervalSince(chunkStart))
        }
        out.append(try stream.finish())
        let total = Date().timeIntervalSince(start)
        guard out == expected else {
            printError("being bench speech: streamed \(extractor.kind) features of \(file) differ from the offline ones")
            throw ExitCode.failure
        }
        return (total, slowest)
    }
}
