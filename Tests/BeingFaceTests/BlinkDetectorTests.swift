import BeingFace
import BeingTesting
import Testing

@Suite struct BlinkDetectorTests {
    @Test func countsShortDipsAndIgnoresLongClosures() {
        var random = SeededRandom(seed: 3)
        var openness = (0..<250).map { _ in 0.3 + Double(random.uniform(-0.02, 0.02)) }
        for start in [20, 90, 91 + 60] {  // three blinks of 3 frames
            for t in start..<(start + 3) { openness[t] = 0.05 }
        }
        openness[50] = 0.05; openness[52] = 0.05  // one blink split by an open frame
        for t in 200..<240 { openness[t] = 0.08 }  // eyes cast down for 1.6 s
        #expect(BlinkDetector().blinkStarts(openness) == [20, 50, 90, 151])
    }

    @Test func steadyEyesHaveNoBlinks() {
        var random = SeededRandom(seed: 4)
        #expect(BlinkDetector().blinkStarts((0..<100).map { _ in 0.3 + Double(random.uniform(-0.03, 0.03)) }).isEmpty)
    }
}
