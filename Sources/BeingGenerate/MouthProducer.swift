import BeingAudio
import BeingMedia
import Foundation

/// The mouth blocks of a whole utterance, computed on a background thread through `MouthStream`
/// (the same results as `MouthDriver.mouth`, bit for bit), so that speech features for later
/// frames are extracted while earlier frames render. `mouth(t)` waits until frame t is ready.
final class MouthProducer: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [[Float]] = []  // [frames so far][Km]
    private var failure: Error?
    private var finished = false

    /// Starts streaming `audio` (16 kHz mono) through `driver` in chunks of `chunkSamples`.
    init(driver: MouthDriver, audio: AudioSamples, chunkSamples: Int = 16_000) throws {
        let initial = try MouthStream(driver: driver, extractor: try PhonemeExtractor())
        let samples = audio.samples
        let thread = Thread { [self] in
            var stream = initial
            do {
                var offset = 0
                while offset < samples.count {
                    try stream.append(Array(samples[offset..<min(offset + chunkSamples, samples.count)]))
                    offset += chunkSamples
                    while let mouth = try stream.next() { publish(mouth) }
                }
                try stream.finish()
                while let mouth = try stream.next() { publish(mouth) }
            } catch {
                fail(error)
            }
            end()
        }
        thread.start()
    }

    /// The mouth block of frame t: [Km]. Throws what the background extraction threw.
    func mouth(_ t: Int) throws -> [Float] {
        condition.lock()
        defer { condition.unlock() }
        while ready.count <= t && failure == nil && !finished { condition.wait() }
        if let failure { throw failure }
        guard t < ready.count else { throw GenerationError.corrupt("the speech stream", "ended after \(ready.count) frames, frame \(t) asked") }
        return ready[t]
    }

    private func publish(_ mouth: [Float]) {
        condition.lock(); ready.append(mouth); condition.signal(); condition.unlock()
    }

    private func fail(_ error: Error) {
        condition.lock(); failure = error; condition.signal(); condition.unlock()
    }

    private func end() {
        condition.lock(); finished = true; condition.signal(); condition.unlock()
    }
}
