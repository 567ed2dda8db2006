import BeingAudio
import BeingSpeechMotion
import BeingTesting
import Foundation
import Testing

@Suite struct SpeechWindowEncoderTests {
    /// Random log-probabilities, normalised like hama's: [steps, 191]
    private func randomPhonemes(steps: Int, seed: UInt64) -> SpeechFeatures {
        var random = SeededRandom(seed: seed)
        var values = random.uniforms(steps * 191, -12, 0)
        for t in 0..<steps where t % 3 != 0 { values[t * 191 + 190] = 4 }  // blank-heavy, like CTC
        return SpeechFeatures(kind: .phonemes, rate: 50, dimensions: 191, values: values)
    }

    @Test func binsCoverTheContextOnceAndWidenAwayFromTheCentre() {
        let encoder = SpeechWindowEncoder(kind: .phonemes)
        #expect(encoder.bins == [0...0, -1...(-1), 1...1, -3...(-2), 2...3, -5...(-4), 4...5, -8...(-6), 6...8])
        #expect(encoder.inputDimensions == 9 * (1 + ArticulatoryFeatures.count))
        #expect(SpeechWindowEncoder(kind: .logMel, context: 2).bins == [0...0, -1...(-1), 1...1, -2...(-2), 2...2])
        #expect(SpeechWindowEncoder(kind: .phonemes, context: 0).bins == [0...0])
    }

    /// Against a slow reference built on `SpeechFeatures.window` (edge padding): each bin's rows of
    /// the window, their track, then the pooled formula. Frames at both ends and past the end.
    @Test func phonemeBinsMatchASlowReferenceAtTheEdges() throws {
        let features = randomPhonemes(steps: 41, seed: 5)  // 20.5 video frames
        let encoder = SpeechWindowEncoder(kind: .phonemes)
        let frames = [0, 1, 2, 10, 19, 20, 23]
        let encoded = try encoder.encode(features, frames: frames)  // [7, I]
        let c = ArticulatoryFeatures.count, width = 1 + c
        for (n, frame) in frames.enumerated() {
            let window = try features.window(videoFrame: frame, context: 8, padding: .edge)  // [34, 191]
            let track = try ArticulatoryTrack(phonemes: SpeechFeatures(kind: .phonemes, rate: 50, dimensions: 191, values: window))
            for (b, bin) in encoder.bins.enumerated() {
                let rows = Array(2 * (bin.lowerBound + 8)..<2 * (bin.upperBound + 9))
                let w = rows.map { Double(track.speaking[$0]) }
                let count = Double(rows.count), total = w.reduce(0, +)
                let base = n * encoder.inputDimensions + b * width
                #expect(isClose(Double(encoded[base]), total / count, atol: 1e-5), "frame \(frame) bin \(bin)")
                for j in 0..<c {
                    let weighted = zip(rows, w).reduce(0.0) { $0 + $1.1 * Double(track.features[$1.0 * c + j]) }
                    let expected = weighted / (total + 0.02 * count)
                    #expect(isClose(Double(encoded[base + 1 + j]), expected, atol: 1e-5), "frame \(frame) bin \(bin) channel \(j)")
                }
            }
        }
        // Near the start every left bin sees only step 0, so the left bins of frame 0 agree.
        let left = encoder.bins.indices.filter { encoder.bins[$0].upperBound < 0 }
        for b in left.dropFirst() {
            for j in 0..<width { #expect(isClose(encoded[b * width + j], encoded[left[0] * width + j], atol: 1e-6)) }
        }
    }

    @Test func logMelIsGroupedMeanNormalisedAndIgnoresGain() throws {
        var random = SeededRandom(seed: 8)
        let values = random.uniforms(37 * 80, -8, 2)  // [37, 80]: 9.25 video frames at 4 steps
        let features = SpeechFeatures(kind: .logMel, rate: 100, dimensions: 80, values: values)
        let louder = SpeechFeatures(kind: .logMel, rate: 100, dimensions: 80, values: values.map { $0 + 3 })
        let encoder = SpeechWindowEncoder(kind: .logMel, context: 3)
        let frames = [0, 4, 9, 12]
        let a = try encoder.encode(features, frames: frames), b = try encoder.encode(louder, frames: frames)
        #expect(a.count == frames.count * encoder.inputDimensions)
        #expect(firstMismatch(a, b, atol: 1e-4) == nil)

        // Slow: group g of step t is the mean of bands 4g…4g+3 minus its mean over all steps.
        func group(_ t: Int, _ g: Int) -> Double { (0..<4).reduce(0.0) { $0 + Double(values[t * 80 + 4 * g + $1]) } / 4 }
        let means = (0..<20).map { g in (0..<37).reduce(0.0) { $0 + group($1, g) } / 37 }
        for (n, frame) in frames.enumerated() {
            for (b, bin) in encoder.bins.enumerated() {
                let steps = (4 * (frame + bin.lowerBound)..<4 * (frame + bin.upperBound + 1)).map { min(max($0, 0), 36) }
                for g in 0..<20 {
                    let expected = steps.reduce(0.0) { $0 + group($1, g) - means[g] } / Double(steps.count)
                    #expect(isClose(Double(a[n * encoder.inputDimensions + b * 20 + g]), expected, atol: 1e-4), "frame \(frame) bin \(bin) group \(g)")
                }
            }
        }
    }

    @Test func refusesWrongKindEmptyFeaturesAndNegativeFrames() throws {
        let encoder = SpeechWindowEncoder(kind: .phonemes)
        #expect(throws: SpeechMotionError.self) { try encoder.encode(SpeechFeatures(kind: .logMel, rate: 100, dimensions: 80, values: [Float](repeating: 1, count: 80)), frames: [0]) }
        #expect(throws: SpeechMotionError.self) { try encoder.encode(.empty(kind: .phonemes, rate: 50, dimensions: 191), frames: [0]) }
        #expect(throws: SpeechMotionError.self) { try encoder.encode(randomPhonemes(steps: 5, seed: 1), frames: [-1]) }
    }
}
