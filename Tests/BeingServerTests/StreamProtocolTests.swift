@testable import BeingServer
import NIOCore
import Testing

@Suite struct StreamProtocolTests {
    @Test func binaryHeaderRoundTrips() {
        let payload: [UInt8] = [0xff, 0xd8, 1, 2, 3]
        let buffer = StreamProtocol.binary(.jpeg, frame: 1234, bytes: payload)
        let bytes = Array(buffer.readableBytesView)
        #expect(bytes.count == StreamProtocol.headerBytes + payload.count)
        let header = StreamProtocol.Header(bytes)
        #expect(header == StreamProtocol.Header(payload: .jpeg, frame: 1234, length: 5))
        #expect(header?.ptsMilliseconds == 49_360)
        #expect(Array(bytes.dropFirst(StreamProtocol.headerBytes)) == payload)
        #expect(StreamProtocol.Header([9] + bytes.dropFirst()) == nil, "unknown message type")
        #expect(StreamProtocol.Header(bytes.prefix(10)) == nil, "short header")
    }

    /// Echoed speech must be the client's own samples, bit for bit.
    @Test func pcmSurvivesTheRoundTrip() {
        let values: [Int16] = [0, 1, -1, 32767, -32768, 12345, -2222]
        var buffer = ByteBuffer()
        for v in values { buffer.writeInteger(v, endianness: .little) }
        let samples = StreamProtocol.samples(fromPCM: buffer)
        let back = StreamProtocol.pcm(samples)
        #expect(back == Array(buffer.readableBytesView))
    }

    @Test func controlMessagesParseOrSayWhatIsWrong() throws {
        #expect(try StreamProtocol.control(#"{"type":"start"}"#).get() == .start)
        #expect(try StreamProtocol.control(#"{"type": "interrupt", "extra": 1}"#).get() == .interrupt)
        for (text, code) in [("hello", "bad_message"), ("[1,2]", "bad_message"), ("{}", "unknown_type"),
                             (#"{"type":"dance"}"#, "unknown_type"), (String(repeating: " ", count: 5000) + "{}", "bad_message")] {
            guard case let .failure(error) = StreamProtocol.control(text) else { Issue.record("\(text) parsed"); continue }
            #expect(error.code == code, "\(text.prefix(20))")
            #expect(!error.message.isEmpty)
        }
    }

    /// A slow reader loses its oldest queued picture, never speech audio or events, and a reader
    /// that takes nothing at all overflows the bound instead of growing the queue.
    @Test func outboxDropsOldestFramesAndStaysBounded() async {
        let outbox = Outbox(maxFrames: 2, maxMessages: 6)
        func frame(_ i: Int) -> Outbox.Message { .video(StreamProtocol.binary(.jpeg, frame: i, bytes: [UInt8]()), speechArrival: nil) }
        #expect(outbox.push(frame(0)) == .queued)
        #expect(outbox.push(.audio(StreamProtocol.binary(.audio, frame: 0, bytes: [UInt8]()))) == .queued)
        #expect(outbox.push(frame(1)) == .queued)
        #expect(outbox.push(frame(2)) == .droppedOldestFrame)
        #expect(outbox.push(.text("event")) == .queued)
        var order: [String] = []
        for _ in 0..<4 {
            switch await outbox.next() {
            case let .video(buffer, _)?: order.append("v\(StreamProtocol.Header(buffer.readableBytesView)!.frame)")
            case .audio?: order.append("a")
            case .text?: order.append("t")
            case nil: order.append("nil")
            }
        }
        #expect(order == ["a", "v1", "v2", "t"])
        for i in 0..<6 { _ = outbox.push(.text("\(i)")) }
        #expect(outbox.push(.text("one too many")) == .overflow)
        outbox.close()
        let last = await outbox.next()
        #expect(last.map { _ in false } ?? true, "a closed outbox ends the writer")
    }
}
