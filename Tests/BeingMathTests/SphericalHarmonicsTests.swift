import BeingMath
import BeingTesting
import Testing

/// The constant coefficient that stores a plain colour, at random colours and directions.
struct SphericalHarmonicsTests {
    func evaluate(_ k: [Float], _ d: SIMD3<Float>) -> SIMD3<Float> {
        k.withUnsafeBufferPointer { SphericalHarmonics.evaluate(degree: 1, $0.baseAddress!, direction: d) }
    }

    func direction(_ rng: inout SeededRandom) -> SIMD3<Float> {
        let v = SIMD3(rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)) + SIMD3(0, 0, 0.1)
        return v / (v * v).sum().squareRoot()
    }

    @Test func constantCoefficientGivesTheColourFromEveryDirection() {
        var rng = SeededRandom(seed: 3)
        for _ in 0..<50 {
            let colour = SIMD3(rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0, 1))
            let k0 = SphericalHarmonics.constantCoefficient(forColor: colour)
            let d = direction(&rng)
            // Alone, k₀ is the colour from any direction.
            let alone = evaluate([k0.x, k0.y, k0.z] + [Float](repeating: 0, count: 9), d)
            #expect(((alone - colour) * (alone - colour)).sum() < 1e-10)
            // With random degree-1 terms, opposite directions average back to it.
            let k = [k0.x, k0.y, k0.z] + rng.uniforms(9, -1, 1)
            let mean = (evaluate(k, d) + evaluate(k, -d)) / 2
            #expect(((mean - colour) * (mean - colour)).sum() < 1e-10)
            #expect(((evaluate(k, d) - colour) * (evaluate(k, d) - colour)).sum() > 1e-8)
        }
    }
}
