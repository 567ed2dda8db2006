@testable import BeingMedia
import BeingTesting
import Foundation
import Testing

@Suite struct WAVFileTests {
    func randomSamples(_ count: Int, seed: UInt64) -> [Float] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in random.uniform(-0.99, 0.99) }
    }

    @Test func pcm16RoundTripIsWithinOneStep() throws {
        let directory = TemporaryDirectory()
        let audio = AudioSamples(sampleRate: 16_000, samples: randomSamples(4001, seed: 1))
        try WAVFile.write(audio, to: directory.path("a.wav"), format: .pcm16)
        let read = try WAVFile.read(directory.path("a.wav"))
        #expect(read.sampleRate == 16_000 && read.channels == 1)
        #expect(firstMismatch(read.interleaved, audio.samples, atol: 1.0 / 32767 + 1e-6, rtol: 0) == nil)
    }

    @Test func float32RoundTripIsExact() throws {
        let directory = TemporaryDirectory()
        let audio = AudioSamples(sampleRate: 48_000, samples: randomSamples(999, seed: 2))
        try WAVFile.write(audio, to: directory.path("f.wav"), format: .float32)
        #expect(try WAVFile.read(directory.path("f.wav")).interleaved == audio.samples)
    }

    @Test func stereoDownmixAveragesChannels() throws {
        let directory = TemporaryDirectory()
        let interleaved = randomSamples(2 * 500, seed: 3)
        try WAVFile.write(interleaved: interleaved, channels: 2, sampleRate: 8000, to: directory.path("s.wav"), format: .float32)
        let mono = try WAVFile.read(directory.path("s.wav")).mono
        #expect(mono.samples.count == 500)
        for i in [0, 137, 499] {
            #expect(isClose(mono.samples[i], (interleaved[2 * i] + interleaved[2 * i + 1]) / 2))
        }
    }

    @Test func rejectsTextAndEmptyFilesNamingThem() throws {
        let directory = TemporaryDirectory()
        try Data("not audio at all".utf8).write(to: directory.url.appendingPathComponent("t.wav"))
        try Data().write(to: directory.url.appendingPathComponent("e.wav"))
        for name in ["t.wav", "e.wav", "missing.wav"] {
            let path = directory.path(name)
            let error = #expect(throws: MediaError.self) { try WAVFile.read(path) }
            #expect(error?.description.hasPrefix(path) == true)
        }
    }
}
