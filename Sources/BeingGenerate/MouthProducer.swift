import BeingAudio
import BeingMedia

/// The mouth blocks of a whole utterance, extracted in the background by a `MouthWorker` (the
/// server's streaming path, so the same results as `MouthDriver.mouth`, bit for bit) while earlier
/// frames render. `mouth(t)` waits until frame t is ready.
/// Used from one thread at a time (generate asks for frames on its prefetch queue).
final class MouthProducer {
    private let worker: MouthWorker
    private var received: [[Float]] = []  // [frames so far][Km]

    /// Queues all of `audio` (16 kHz mono) for `driver`, in chunks of `chunkSamples`.
    init(driver: MouthDriver, audio: AudioSamples, chunkSamples: Int = 16_000) throws {
        worker = try MouthWorker(driver: driver, extractor: try PhonemeExtractor())
        for start in stride(from: 0, to: audio.samples.count, by: chunkSamples) {
            worker.append(Array(audio.samples[start..<min(start + chunkSamples, audio.samples.count)]))
        }
        worker.finish()
    }

    deinit { worker.cancel() }

    /// The mouth block of frame t: [Km]. Throws what the background extraction threw.
    func mouth(_ t: Int) throws -> [Float] {
        while received.count <= t {
            guard let next = try worker.waitForNext() else {
                throw GenerationError.corrupt("the speech stream", "ended after \(received.count) frames, frame \(t) asked")
            }
            received.append(next)
        }
        return received[t]
    }
}
