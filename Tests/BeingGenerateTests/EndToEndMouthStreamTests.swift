import BeingAudio
import BeingAvatar
@testable import BeingGenerate
import BeingMedia
import BeingTesting
import Foundation
import Testing

/// Slow: the live server's mouth path and `being generate`'s background one against the offline
/// result, on the trained fixture avatar.
@Suite(.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4", "audio/espeak_16k.wav") && RuntimeModels.shouldRunAll,
                "needs the fixtures and `make setup`"))
struct EndToEndMouthStreamTests {
    /// The fixture avatar's driver, the espeak clip, and its mouth computed offline: [frames][Km].
    static func offlineMouth() throws -> (driver: MouthDriver, audio: AudioSamples, offline: [[Float]]) {
        let path = try TrainedFixture.avatar.get()
        let avatar = try Avatar.load(path), reference = try AvatarReference.load(avatar: path)
        let driver = MouthDriver(avatar: avatar, restMouth: reference.restMouth)
        let audio = try AudioSamples.extract(from: try Fixtures.path("audio/espeak_16k.wav"))
        let frames = (audio.samples.count + 639) / 640
        return (driver, audio, try driver.mouth(features: try driver.features(audio), audio: audio, frames: Array(0..<frames)))
    }

    /// Audio in uneven chunks gives the offline mouth bit for bit, and every frame is out within
    /// `latencySamples` of its own audio.
    @Test func streamedMouthEqualsOffline() throws {
        let (driver, audio, offline) = try Self.offlineMouth()

        let extractor = try PhonemeExtractor()
        let latency = MouthStream.latencySamples(context: driver.avatar.speech.config.context, windowing: extractor.windowing)
        var stream = try MouthStream(driver: driver, extractor: extractor)
        var streamed: [[Float]] = []
        var random = SeededRandom(seed: 3)
        var start = 0
        while start < audio.samples.count {
            let end = min(audio.samples.count, start + Int(random.uniform(160, 16_000)))
            try stream.append(Array(audio.samples[start..<end]))
            while let mouth = try stream.next() { streamed.append(mouth) }
            #expect(streamed.count >= (stream.sampleCount - latency) / 640, "frames held back past the stated latency at \(end)")
            start = end
        }
        try stream.finish()
        while let mouth = try stream.next() { streamed.append(mouth) }
        #expect(stream.isDrained)
        #expect(streamed.count == offline.count)
        #expect(streamed == offline, "streamed and offline mouths differ")
    }

    /// `MouthProducer` (generate: the whole file queued on a `MouthWorker`, frames asked for in
    /// order and waited for) gives the offline mouth bit for bit, and no frame past the end.
    @Test func producedMouthEqualsOffline() throws {
        let (driver, audio, offline) = try Self.offlineMouth()
        let producer = try MouthProducer(driver: driver, audio: audio, chunkSamples: 7_000)
        let produced = try offline.indices.map { try producer.mouth($0) }
        #expect(produced == offline, "produced and offline mouths differ")
        #expect(throws: GenerationError.self) { try producer.mouth(offline.count) }
    }
}
