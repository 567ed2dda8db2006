import Foundation
import NIOCore

/// What a session has to send, waiting for the socket: bounded both ways. A client that reads
/// too slowly loses its oldest waiting video frame whenever `maxFrames` are queued (speech
/// audio and events are never dropped), and past `maxMessages` in all the session is closed.
final class Outbox: @unchecked Sendable {
    enum Message: Sendable {
        case text(String)
        /// `speechArrival`: when the audio completing this frame's speech arrived (speech frames).
        case video(ByteBuffer, speechArrival: ContinuousClock.Instant?)
        case audio(ByteBuffer)
    }

    enum Push: Equatable {
        case queued
        case droppedOldestFrame
        case overflow
    }

    private let lock = NSLock()
    private var queue: [Message] = []
    private var waiter: CheckedContinuation<Message?, Never>?
    private var closed = false
    private var draining = false
    let maxFrames: Int
    let maxMessages: Int

    init(maxFrames: Int, maxMessages: Int) {
        self.maxFrames = maxFrames; self.maxMessages = maxMessages
    }

    /// Queues `message` or hands it to the waiting writer.
    @discardableResult
    func push(_ message: Message) -> Push {
        lock.lock()
        if closed || draining { lock.unlock(); return .queued }
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.resume(returning: message)
            return .queued
        }
        var result = Push.queued
        if case .video = message, queue.filter(\.isVideo).count >= maxFrames, let oldest = queue.firstIndex(where: \.isVideo) {
            queue.remove(at: oldest)
            result = .droppedOldestFrame
        }
        if queue.count >= maxMessages { result = .overflow } else { queue.append(message) }
        lock.unlock()
        return result
    }

    /// The next message, waiting for one; nil once closed.
    func next() async -> Message? {
        await withCheckedContinuation { continuation in
            lock.lock()
            if !queue.isEmpty {
                let message = queue.removeFirst()
                lock.unlock()
                continuation.resume(returning: message)
            } else if closed || draining {
                lock.unlock()
                continuation.resume(returning: nil)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }

    /// Queues a last message past every limit; the writer gets what waits, then nil.
    func finish(with message: Message) {
        lock.lock()
        if closed || draining { lock.unlock(); return }
        draining = true
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.resume(returning: message)
            return
        }
        queue.append(message)
        lock.unlock()
    }

    /// Ends the outbox: what waits is dropped, the writer gets nil, later pushes are ignored.
    func close() {
        lock.lock()
        closed = true
        queue.removeAll()
        let waiting = waiter
        waiter = nil
        lock.unlock()
        waiting?.resume(returning: nil)
    }
}

extension Outbox.Message {
    var isVideo: Bool { if case .video = self { return true } else { return false } }
}
