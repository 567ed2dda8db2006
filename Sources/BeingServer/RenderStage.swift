import Foundation
import NIOCore

/// The second half of a session's pipeline: a thread that renders and JPEG-encodes pictures while
/// the pacing loop works out the next frames (speech features, reference pictures), and pushes
/// every message to the `Outbox` in the order it was submitted, so a frame's picture still goes
/// out between its audio and the events after it.
///
/// At most `capacity` pictures wait; the pacing loop drops a frame's picture (not its audio or
/// events) instead of submitting it when the stage is that far behind, so rendering never falls
/// further behind the clock than `capacity` frames.
final class RenderStage<Frame: Sendable>: @unchecked Sendable {
    enum Item {
        case message(Outbox.Message)
        /// `arrival`: when the audio completing this frame's speech arrived (speech frames).
        case picture(Frame, arrival: ContinuousClock.Instant?)
    }

    /// A frame's picture message (header and JPEG).
    typealias Picture = (Frame) throws -> ByteBuffer

    private let picture: Picture
    private let outbox: Outbox
    private let onRendered: (_ seconds: Double, _ push: Outbox.Push) -> Void
    private let condition = NSCondition()
    private var items: [Item] = []
    private var waitingPictures = 0
    private var closed = false
    private var failure: Error?
    private let finished = DispatchSemaphore(value: 0)
    let capacity: Int

    init(outbox: Outbox, capacity: Int = 3, picture: @escaping Picture,
         onRendered: @escaping (_ seconds: Double, _ push: Outbox.Push) -> Void) {
        self.outbox = outbox; self.capacity = capacity; self.picture = picture; self.onRendered = onRendered
    }

    /// Starts the rendering thread, named `name`.
    func start(name: String) {
        let thread = Thread { [self] in
            defer { finished.signal() }
            run()
        }
        thread.name = name
        thread.start()
    }

    /// Whether another picture may be submitted now.
    var hasRoom: Bool { condition.lock(); defer { condition.unlock() }; return waitingPictures < capacity }

    /// What rendering threw, once it has; the stage then takes nothing more.
    var error: Error? { condition.lock(); defer { condition.unlock() }; return failure }

    func submit(_ item: Item) {
        condition.lock()
        if !closed && failure == nil {
            items.append(item)
            if case .picture = item { waitingPictures += 1 }
            condition.signal()
        }
        condition.unlock()
    }

    /// Stops after what was submitted (`drain`) or at once, and waits for the thread.
    func stop(drain: Bool) {
        condition.lock()
        closed = true
        if !drain { items.removeAll(); waitingPictures = 0 }
        condition.signal()
        condition.unlock()
        finished.wait()
    }

    private func run() {
        while let item = take() {
            switch item {
            case let .message(message):
                outbox.push(message)
            case let .picture(frame, arrival):
                do {
                    let began = ContinuousClock.now
                    let message = try picture(frame)
                    let seconds = StreamSession.seconds(.now - began)
                    onRendered(seconds, outbox.push(.video(message, speechArrival: arrival)))
                } catch {
                    condition.lock(); failure = error; items.removeAll(); condition.unlock()
                    return
                }
            }
        }
    }

    private func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        if case .picture = item { waitingPictures -= 1 }
        return item
    }
}
