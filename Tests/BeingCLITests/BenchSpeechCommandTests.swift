import ArgumentParser
@testable import BeingCLI
import Testing

@Suite struct BenchSpeechCommandTests {
    @Test func parsesItsOptions() throws {
        let command = try BenchSpeech.parse(["a.wav", "--features", "logmel", "--runs", "3", "--json"])
        #expect(command.file == "a.wav" && command.features == .logmel && command.runs == 3 && command.json)
        #expect(throws: (any Error).self) { try BenchSpeech.parse(["a.wav", "--features", "mfcc"]) }
        #expect(throws: (any Error).self) { try BenchSpeech.parse(["a.wav", "--runs", "0"]) }
        #expect(try BenchSpeech.parse(["a.wav", "--chunk-ms", "40"]).chunkMs == 40)
        #expect(throws: (any Error).self) { try BenchSpeech.parse(["a.wav", "--chunk-ms", "0"]) }
    }

    @Test func helpNamesTheFeatureKinds() {
        let help = BenchSpeech.helpMessage(columns: 100)
        #expect(help.contains("auto, phonemes or logmel"))
        #expect(help.contains("real-time factor"))
    }
}
