@testable import BeingGenerate
import BeingTesting
import Testing

/// The upper face of a composed code: the played reference frame's own, or open eyes closed by a
/// scheduled blink for avatars that store none.
struct ExpressionComposerTests {
    let mouth: [Float] = [0.3, -1.2, 0.7]
    let openUpper: [Float] = [0.1, 0.2, -0.4, 0.9]
    let blinkDelta: [Float] = [-0.5, 0.25, 1.5, -2]

    @Test func theUpperFaceComesFromTheReferenceFramePlayed() {
        var rng = SeededRandom(seed: 7)
        let frames = [12, 13, 14]
        let upper = Dictionary(uniqueKeysWithValues: frames.map { ($0, rng.uniforms(4, -2, 2)) })
        let composer = ExpressionComposer(dimension: 7, mouthWidth: 3, openUpper: openUpper, blinkDelta: blinkDelta, referenceUpper: upper)
        #expect(composer.followsReference)
        for frame in frames {
            // The blink schedule's closure is ignored: the frame's own lids are drawn.
            #expect(composer.code(mouth: mouth, frame: frame, closure: 0.8).values == mouth + upper[frame]!)
        }
    }

    @Test func withoutReferenceUpperFacesTheEyesOpenAndBlinkOnSchedule() {
        let composer = ExpressionComposer(dimension: 7, mouthWidth: 3, openUpper: openUpper, blinkDelta: blinkDelta, referenceUpper: nil)
        #expect(!composer.followsReference)
        for closure in [0.0, 0.35, 1.0] {
            let values = composer.code(mouth: mouth, frame: 12, closure: closure).values
            #expect(Array(values[..<3]) == mouth)
            for k in 0..<4 { #expect(abs(values[3 + k] - (openUpper[k] + Float(closure) * blinkDelta[k])) < 1e-6) }
        }
    }
}
