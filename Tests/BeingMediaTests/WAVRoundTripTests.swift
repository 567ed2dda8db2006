@testable import BeingMedia
import BeingTesting
import Foundation
import Testing

/// The speech pipeline reads WAV fixtures; a round trip keeps random samples (float exactly,
/// 16-bit to within half a step and the reader's 1/32768 scale) and stereo is averaged to mono.
@Suite struct WAVRoundTripTests {
    @Test func float32AndPCM16RoundTrip() throws {
        let directory = TemporaryDirectory()
        var random = SeededRandom(seed: 21)
        let samples = (0..<3_001).map { _ in random.uniform(-0.99, 0.99) }  // [3001]
        let audio = AudioSamples(sampleRate: 16_000, samples: samples)
        try WAVFile.write(audio, to: directory.path("f.wav"), format: .float32)
        #expect(try WAVFile.read(directory.path("f.wav")).mono == audio)
        try WAVFile.write(audio, to: directory.path("p.wav"), format: .pcm16)
        let pcm = try WAVFile.read(directory.path("p.wav")).mono
        #expect(pcm.sampleRate == 16_000 && pcm.samples.count == samples.count)
        // Writing scales by 32767 and reading by 32768: rounding (half a step) plus a 1/32768 relative shrink.
        #expect(firstMismatch(pcm.samples, samples, atol: 0.5 / 32_767 + 1e-7, rtol: 1.0 / 32_767) == nil)
    }

    @Test func stereoIsAveragedToMono() throws {
        var random = SeededRandom(seed: 22)
        let interleaved = (0..<200).map { _ in random.uniform(-1, 1) }  // [100, 2]
        let contents = WAVFile.Contents(sampleRate: 8_000, channels: 2, interleaved: interleaved)
        let mono = contents.mono.samples
        for frame in 0..<100 {
            #expect(mono[frame] == (interleaved[2 * frame] + interleaved[2 * frame + 1]) / 2)
        }
    }
}
