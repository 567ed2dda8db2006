@testable import BeingServer
import Foundation
import NIOCore
import Testing

/// The session's render thread, with a stand-in picture function: order, capacity and failure.
@Suite struct RenderStageTests {
    struct Broken: Error {}

    /// Frames are plain indices; a picture is the index's four bytes.
    func stage(_ outbox: Outbox, gate: DispatchSemaphore? = nil, failAt: Int? = nil) -> RenderStage<Int> {
        RenderStage<Int>(outbox: outbox, capacity: 1, picture: { index in
            gate?.wait()
            if index == failAt { throw Broken() }
            return ByteBuffer(integer: UInt32(index))
        }) { _, _ in }
    }

    func drain(_ outbox: Outbox, count: Int) async -> [String] {
        var seen: [String] = []
        for _ in 0..<count {
            switch await outbox.next() {
            case let .text(text)?: seen.append(text)
            case let .video(buffer, _)?: seen.append("picture \(buffer.getInteger(at: 0, as: UInt32.self)!)")
            case .audio?: seen.append("audio")
            case nil: seen.append("end")
            }
        }
        return seen
    }

    @Test func messagesLeaveInTheOrderSubmitted() async {
        let outbox = Outbox(maxFrames: 8, maxMessages: 64)
        let stage = stage(outbox)
        stage.start(name: "test-render")
        stage.submit(.message(.text("start")))
        stage.submit(.picture(7, arrival: nil))
        stage.submit(.message(.audio(ByteBuffer(bytes: [1, 2]))))
        stage.submit(.picture(8, arrival: nil))
        stage.submit(.message(.text("end")))
        #expect(await drain(outbox, count: 5) == ["start", "picture 7", "audio", "picture 8", "end"])
        stage.stop(drain: true)
    }

    @Test func aFullStageHasNoRoomUntilAPictureIsTaken() async throws {
        let outbox = Outbox(maxFrames: 8, maxMessages: 64)
        let gate = DispatchSemaphore(value: 0)
        let stage = stage(outbox, gate: gate)
        stage.start(name: "test-render")
        stage.submit(.picture(1, arrival: nil))  // taken at once, rendering waits on the gate
        try await Task.sleep(for: .milliseconds(50))
        #expect(stage.hasRoom, "the picture being rendered does not count")
        stage.submit(.picture(2, arrival: nil))
        #expect(!stage.hasRoom, "one picture waits: capacity 1")
        gate.signal()
        #expect(await drain(outbox, count: 1) == ["picture 1"])
        try await Task.sleep(for: .milliseconds(50))
        #expect(stage.hasRoom)
        gate.signal()
        #expect(await drain(outbox, count: 1) == ["picture 2"])
        stage.stop(drain: true)
    }

    @Test func aFailedPictureStopsTheStageAndIsReported() async throws {
        let outbox = Outbox(maxFrames: 8, maxMessages: 64)
        let stage = stage(outbox, failAt: 2)
        stage.start(name: "test-render")
        stage.submit(.picture(1, arrival: nil))
        stage.submit(.picture(2, arrival: nil))
        stage.submit(.message(.text("after")))
        #expect(await drain(outbox, count: 1) == ["picture 1"])
        for _ in 0..<100 where stage.error == nil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(stage.error is Broken)
        stage.submit(.message(.text("ignored")))
        stage.stop(drain: true)
        outbox.finish(with: .text("closing"))
        #expect(await drain(outbox, count: 2) == ["closing", "end"], "nothing after the failure went out")
    }
}
