@testable import BeingAudio
import BeingTesting
import Foundation
import Testing

@Suite struct SpeechFeaturesTests {
    private func randomFeatures(steps: Int, dimensions: Int, kind: SpeechFeatures.Kind = .phonemes, rate: Int = 50) -> SpeechFeatures {
        SpeechFeatures(kind: kind, rate: rate, dimensions: dimensions, values: randomAudio(steps * dimensions, seed: UInt64(steps), amplitude: 9))
    }

    @Test(arguments: [SpeechFeatures.Padding.edge, .zero])
    func windowMatchesSlowIndexing(padding: SpeechFeatures.Padding) throws {
        let features = randomFeatures(steps: 21, dimensions: 5)  // 10.5 video frames at 2 steps each
        for frame in [0, 1, 5, 10, 12] {
            let window = try features.window(videoFrame: frame, context: 3, padding: padding)  // [14, 5]
            #expect(window.count == 7 * 2 * 5)
            for k in 0..<14 {
                let t = (frame - 3) * 2 + k
                for d in 0..<5 {
                    let expected: Float
                    if t >= 0 && t < 21 { expected = features.values[t * 5 + d] }
                    else if padding == .zero { expected = 0 }
                    else { expected = features.values[min(max(t, 0), 20) * 5 + d] }
                    #expect(window[k * 5 + d] == expected, "frame \(frame) row \(k) dim \(d)")
                }
            }
        }
    }

    @Test func logMelFramesAreFourStepsAndOddRatesAreRefused() throws {
        let mel = randomFeatures(steps: 40, dimensions: 3, kind: .logMel, rate: 100)
        #expect(try mel.stepsPerVideoFrame() == 4)
        let window = try mel.window(videoFrame: 2, context: 0)  // steps 8 … 11
        #expect(window == Array(mel.values[8 * 3..<12 * 3]))
        #expect(throws: AudioError.self) { try mel.window(videoFrame: 0, videoRate: 30) }
    }

    @Test func saveLoadRoundTripsExactly() throws {
        let directory = TemporaryDirectory()
        let features = randomFeatures(steps: 37, dimensions: 191)
        try features.save(to: directory.path("a.spf"))
        #expect(try SpeechFeatures.load(from: directory.path("a.spf")) == features)
        let empty = SpeechFeatures.empty(kind: .logMel, rate: 100, dimensions: 80)
        try empty.save(to: directory.path("empty.spf"))
        #expect(try SpeechFeatures.load(from: directory.path("empty.spf")) == empty)
    }

    @Test func truncatedFileIsAnErrorNamingTheFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("cut.spf")
        let data = try randomFeatures(steps: 10, dimensions: 191).encoded()
        for keep in [data.count - 1, data.count - 191 * 4, 20, 10] {
            try data.prefix(keep).write(to: URL(fileURLWithPath: path))
            #expect {
                try SpeechFeatures.load(from: path)
            } throws: { error in
                let message = String(describing: error)
                return message.contains(path) && message.contains("truncated") && message.contains("of")
            }
        }
    }

    @Test func foreignAndLongFilesAreErrors() throws {
        let directory = TemporaryDirectory()
        let path = directory.path("x.spf")
        try Data("RIFF....WAVEfmt ".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try SpeechFeatures.load(from: path) } throws: { String(describing: $0).contains("not a speech-feature file") }
        var data = try randomFeatures(steps: 2, dimensions: 4).encoded()
        data.append(0)
        try data.write(to: URL(fileURLWithPath: path))
        #expect { try SpeechFeatures.load(from: path) } throws: { String(describing: $0).contains("after the last step") }
        #expect { try SpeechFeatures.load(from: directory.path("missing.spf")) } throws: { String(describing: $0).contains("no such file") }
    }
}
