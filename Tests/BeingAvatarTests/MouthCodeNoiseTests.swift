@testable import BeingAvatar
import BeingMath
import BeingTesting
import Testing

struct MouthCodeNoiseTests {
    /// Only the mouth block moves, by N(0, σ²): over many draws the change has mean ≈ 0 and
    /// standard deviation ≈ σ in every mouth column; the other values stay exactly as they were.
    @Test func onlyTheMouthBlockGetsNoiseOfTheGivenDeviation() {
        var rng = SeededRandom(seed: 5)
        let code = ExpressionCode(values: rng.uniforms(22, -2, 2))
        let mouth = 0..<12, noise = MouthCodeNoise(deviation: 0.7), draws = 20_000
        var random = SplitMix(state: 99)
        var sum = [Double](repeating: 0, count: 22), squares = [Double](repeating: 0, count: 22)
        for _ in 0..<draws {
            let out = noise.perturbed(code, mouth: mouth, speaking: 1, random: &random)
            for k in 0..<22 {
                let d = Double(out.values[k] - code.values[k])
                sum[k] += d; squares[k] += d * d
            }
            #expect(Array(out.values[mouth.upperBound...]) == Array(code.values[mouth.upperBound...]))
        }
        for k in mouth {
            let mean = sum[k] / Double(draws), sd = (squares[k] / Double(draws) - mean * mean).squareRoot()
            #expect(abs(mean) < 0.03, "column \(k): mean \(mean)")
            #expect(abs(sd - 0.7) < 0.03, "column \(k): deviation \(sd)")
        }
        var scaled = SplitMix(state: 99), unscaled = SplitMix(state: 99)
        let half = MouthCodeNoise(deviation: 0.7).perturbed(code, mouth: mouth, speaking: 0.5, random: &scaled)
        let full = MouthCodeNoise(deviation: 0.7).perturbed(code, mouth: mouth, speaking: 1, random: &unscaled)
        for k in mouth {
            #expect(abs((half.values[k] - code.values[k]) * 2 - (full.values[k] - code.values[k])) < 1e-5, "a half speech weight halves the noise")
        }
    }

    /// The same generator state gives the same noise (a resumed run repeats it); σ = 0 and a
    /// paused frame (speech weight 0) get none.
    @Test func theNoiseRepeatsFromTheSameStateAndVanishesAtZero() {
        var rng = SeededRandom(seed: 6)
        let code = ExpressionCode(values: rng.uniforms(10, -1, 1))
        var a = SplitMix(state: 7), b = SplitMix(state: 7), c = SplitMix(state: 7)
        let first = MouthCodeNoise(deviation: 0.5).perturbed(code, mouth: 0..<6, speaking: 0.8, random: &a)
        #expect(first == MouthCodeNoise(deviation: 0.5).perturbed(code, mouth: 0..<6, speaking: 0.8, random: &b))
        #expect(first != code)
        #expect(MouthCodeNoise(deviation: 0).perturbed(code, mouth: 0..<6, speaking: 1, random: &c) == code)
        #expect(MouthCodeNoise(deviation: 0.5).perturbed(code, mouth: 0..<6, speaking: 0, random: &c) == code)
    }

    /// The gain is 1 + σ²·mean(w²) written out, on random speech weights; no views give 1.
    @Test func theGainUndoesTheAverageShrinkage() {
        var rng = SeededRandom(seed: 8)
        let weights = rng.uniforms(40, 0, 1)
        let expected = 1 + 0.6 * 0.6 * weights.map { $0 * $0 }.reduce(0, +) / 40
        #expect(abs(MouthCodeNoise(deviation: 0.6).gain(speaking: weights) - expected) < 1e-5)
        #expect(MouthCodeNoise(deviation: 0.6).gain(speaking: []) == 1)
    }
}
