@testable import BeingAudio
import BeingRuntime
import BeingTesting
import Foundation
import Testing

/// hama's C ABI as `HamaRecognizer` declares it, and its failures as errors that say what to do.
@Suite(.enabled(if: InstalledHama.shouldRun, "hama is not installed in $BEING_HOME (run `make setup`)"))
struct HamaRecognizerTests {
    private var libraryPath: String { InstalledHama.home.file(RuntimeFile.hamaLibrary.relativePath).path }

    @Test func stepCountIsSamplesOver320PlusOneCappedAt1500() throws {
        let recognizer = try InstalledHama.recognizer()
        for samples in [1, 319, 320, 16_000, 16_001, 479_679] {
            #expect(recognizer.stepCount(samples: samples) == samples / 320 + 1, "\(samples) samples")
        }
        #expect(recognizer.stepCount(samples: 16_000 * 60) == HamaRecognizer.maximumSteps)
    }

    @Test func outputRowsAreLogSoftmax() throws {
        let recognizer = try InstalledHama.recognizer()
        let wave = randomAudio(16_000, seed: 31, amplitude: 0.2)
        let out = try wave.withUnsafeBufferPointer { try recognizer.logProbabilities($0) }  // [51, 191]
        #expect(out.count == 51 * 191)
        for t in 0..<51 {
            let total = out[t * 191..<(t + 1) * 191].reduce(0.0) { $0 + exp(Double($1)) }
            #expect(abs(total - 1) < 1e-4, "row \(t) sums to \(total)")
        }
        // Deterministic: the same input gives the same bits (streaming equality relies on it).
        #expect(try wave.withUnsafeBufferPointer { try recognizer.logProbabilities($0) } == out)
    }

    /// hama 1.7.0 reads up to sample 200 of inputs of 200 samples or fewer; the recogniser pads
    /// them, so the result must not depend on the memory around the caller's buffer. hama weights
    /// the sample it over-reads by zero, so only NaN or infinity around the buffer shows the read.
    @Test func shortInputDoesNotDependOnTheMemoryAroundIt() throws {
        let recognizer = try InstalledHama.recognizer()
        for count in [1, 57, 199, 200, 201, 202, 320] {
            let wave = randomAudio(count, seed: UInt64(count), amplitude: 0.3)
            var results: [[Float]] = []
            for seed in 0..<4 as Range<UInt64> {
                let around = seed == 3 ? [Float](repeating: .nan, count: 1000) : seed == 2 ? [Float](repeating: .infinity, count: 1000)
                    : randomAudio(1000, seed: 100 + seed, amplitude: Float(seed + 1))
                let buffer = around + wave + around  // [2000 + count]
                results.append(try buffer.withUnsafeBufferPointer {
                    try recognizer.logProbabilities(UnsafeBufferPointer(rebasing: $0[1000..<1000 + count]))
                })
            }
            #expect(results.allSatisfy { $0 == results[0] }, "\(count) samples")
            #expect(results[0].count == (count / 320 + 1) * 191)
        }
    }

    @Test func corruptModelIsAnErrorNamingTheFile() throws {
        let directory = TemporaryDirectory()
        let model = directory.path("asr_waveform.hama")
        var random = SeededRandom(seed: 5)
        try Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }).write(to: URL(fileURLWithPath: model))
        #expect {
            try HamaRecognizer(libraryPath: libraryPath, modelPath: model)
        } throws: { error in
            String(describing: error).contains(model) && String(describing: error).contains("make setup")
        }
    }

    @Test func missingModelAndLibraryAreErrorsThatSayWhatToDo() throws {
        let directory = TemporaryDirectory()
        #expect {
            try HamaRecognizer(libraryPath: libraryPath, modelPath: directory.path("none.hama"))
        } throws: { String(describing: $0).contains("not installed; run `make setup`") }
        #expect {
            try HamaRecognizer(libraryPath: directory.path("libhama.so"), modelPath: directory.path("none.hama"))
        } throws: { String(describing: $0).contains("cannot load hama") }
    }
}
