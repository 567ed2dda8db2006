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
            let out = noise.perturbed(code, mouth: mouth, random: &random)
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
    }

    /// The same generator state gives the same noise (a resumed run repeats it); σ = 0 is no noise.
    @Test func theNoiseRepeatsFromTheSameStateAndVanishesAtZero() {
        var rng = SeededRandom(seed: 6)
        let code = ExpressionCode(values: rng.uniforms(10, -1, 1))
        var a = SplitMix(state: 7), b = SplitMix(state: 7), c = SplitMix(state: 7)
        let first = MouthCodeNoise(deviation: 0.5).perturbed(code, mouth: 0..<6, random: &a)
        #expect(first == MouthCodeNoise(deviation: 0.5).perturbed(code, mouth: 0..<6, random: &b))
        #expect(first != code)
        #expect(MouthCodeNoise(deviation: 0).perturbed(code, mouth: 0..<6, random: &c) == code)
    }
}
