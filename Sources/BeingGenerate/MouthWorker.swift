import BeingAudio
import Foundation

/// A `MouthStream` fed on its own serial queue, so that phoneme extraction (a hama run over a
/// few seconds of audio, once per block) never holds up the caller, the pacing loop of a live
/// session: `append` and `finish` return at once, and `take()` hands out the mouth blocks that
/// are ready, in order, the same blocks `MouthStream` gives. `waitForNext()` is the blocking
/// version, for a consumer that has nothing else to do (`MouthProducer`).
final class MouthWorker: @unchecked Sendable {
    private let queue = DispatchQueue(label: "being.mouth-worker")
    private var stream: MouthStream  // touched only on `queue`
    private let condition = NSCondition()  // guards everything below; signalled when it changes
    private var ready: [[Float]] = []  // [frames ready, not taken][Km]
    private var processed = 0
    private var finished = false
    private var cancelled = false
    private var failure: Error?

    init(driver: MouthDriver, extractor: PhonemeExtractor) throws {
        stream = try MouthStream(driver: driver, extractor: extractor)
    }

    /// Samples that have been through phoneme extraction.
    var processedSamples: Int { locked { processed } }

    /// `finish()` has been through extraction: every block is either taken or ready.
    var isFinished: Bool { locked { finished } }

    /// Finished, and every block taken.
    var isDrained: Bool { locked { finished && ready.isEmpty } }

    /// Queues samples (16 kHz, in [-1, 1]) for extraction.
    func append(_ samples: [Float]) {
        queue.async { [self] in
            guard isLive else { return }
            do {
                try stream.append(samples)
                publish(try readyBlocks(), processed: samples.count, finished: false)
            } catch {
                fail(error)
            }
        }
    }

    /// Queues the end of the audio: the last frames become ready once it is processed.
    func finish() {
        queue.async { [self] in
            guard isLive else { return }
            do {
                try stream.finish()
                publish(try readyBlocks(), processed: 0, finished: true)
            } catch {
                fail(error)
            }
        }
    }

    /// Drops whatever is queued; nothing more becomes ready.
    func cancel() { locked { cancelled = true } }

    /// The next mouth block if it is ready: [Km]. Throws what extraction threw.
    func take() throws -> [Float]? {
        try locked {
            if let failure { throw failure }
            return ready.isEmpty ? nil : ready.removeFirst()
        }
    }

    /// The next mouth block, waiting until it is ready: [Km]; nil once `finish()` has been
    /// processed and every block taken. Throws what extraction threw.
    func waitForNext() throws -> [Float]? {
        try locked {
            while ready.isEmpty && !finished && failure == nil { condition.wait() }
            if let failure { throw failure }
            return ready.isEmpty ? nil : ready.removeFirst()
        }
    }

    private var isLive: Bool { locked { !cancelled && failure == nil } }

    private func readyBlocks() throws -> [[Float]] {
        var blocks: [[Float]] = []
        while let mouth = try stream.next() { blocks.append(mouth) }
        return blocks
    }

    private func publish(_ blocks: [[Float]], processed samples: Int, finished end: Bool) {
        locked {
            ready += blocks
            processed += samples
            if end { finished = true }
            condition.broadcast()
        }
    }

    private func fail(_ error: Error) { locked { failure = error; condition.broadcast() } }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }
}
