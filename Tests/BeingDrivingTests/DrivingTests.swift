import BeingDriving
import BeingMedia
import BeingTesting
import Foundation
import Testing

@Suite struct DrivingTests {
    @Test func referenceClipPlaysForwardThenBackward() {
        let clip = ReferenceClip(frames: [10, 11, 12, 13])
        #expect((0..<11).map(clip.frame(at:)) == [10, 11, 12, 13, 12, 11, 10, 11, 12, 13, 12])
        #expect(ReferenceClip(frames: [7]).frame(at: 5) == 7)
    }

    @Test func blinksComeAtANaturalIrregularRate() {
        var schedule = BlinkSchedule(seed: 42)
        let closure = schedule.closure(frames: 25 * 600)  // ten minutes
        let starts = closure.indices.filter { closure[$0] > 0 && ($0 == 0 || closure[$0 - 1] == 0) }
        let perMinute = Double(starts.count) / 10
        #expect(perMinute >= 10 && perMinute <= 20, "\(perMinute) blinks a minute")
        let intervals = zip(starts.dropFirst(), starts).map { Double($0 - $1) }
        let mean = intervals.reduce(0, +) / Double(intervals.count)
        let sd = (intervals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(intervals.count)).squareRoot()
        #expect(sd / mean > 0.3 && sd / mean < 0.8, "coefficient of variation \(sd / mean)")
        #expect(closure.max() == 1 && closure.min() == 0)
        var again = BlinkSchedule(seed: 42)
        #expect(again.closure(frames: 500) == Array(closure.prefix(500)))
    }

    /// A live stream asks for blinks a few frames at a time: the pieces must join into the same
    /// schedule as one call, including blinks that straddle a boundary.
    @Test func blinksContinueAcrossCalls() {
        var whole = BlinkSchedule(seed: 7), pieces = BlinkSchedule(seed: 7)
        let expected = whole.closure(frames: 3000)
        var joined: [Double] = []
        let sizes = [1, 2, 3, 5, 40, 1, 7, 97]
        while joined.count < 3000 {
            joined += pieces.closure(frames: min(sizes[joined.count % sizes.count], 3000 - joined.count))
        }
        let same = joined == expected  // not inside #expect: it would print 3000 values
        #expect(same, "first difference at frame \(joined.indices.first { $0 >= expected.count || joined[$0] != expected[$0] } ?? -1)")
        #expect(expected.filter { $0 == 1 }.count >= 20, "twenty blinks or more in two minutes")
    }

    @Test(.enabled(if: Fixtures.isCI || TestTools.has("espeak-ng"), "espeak-ng not installed"))
    func textIsSpokenTo16kMono() throws {
        let audio = try SpeechInput.text("Hello there, this is a test.", voice: "en-us", wordsPerMinute: 160).samples()
        #expect(audio.sampleRate == 16_000)
        #expect(audio.duration > 1 && audio.duration < 5)
        #expect(audio.samples.map(abs).max() ?? 0 > 0.05)
    }
}
