import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// The smallest WebSocket client the server tests need, over NIO's own pieces so that no TLS or
/// HTTP-client package enters the build: `NIOWebSocketClientUpgrader` sends a random
/// `Sec-WebSocket-Key` and refuses a `Sec-WebSocket-Accept` that is not its SHA-1 (RFC 6455 §4.1);
/// this type masks every frame it sends, answers pings and closes, and joins fragmented messages.
final class WebSocketTestClient {
    enum Message: Sendable, Equatable {
        case text(String)
        case binary([UInt8])
    }

    /// The server answered the upgrade request with plain HTTP.
    struct Refused: Error { let status: HTTPResponseStatus }
    struct ProtocolViolation: Error { let what: String }

    private var inbound: NIOAsyncChannelInboundStream<WebSocketFrame>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
    private var closeSent = false
    private var closeReceived = false

    private init(_ inbound: NIOAsyncChannelInboundStream<WebSocketFrame>, _ outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>) {
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
    }

    private enum Upgrade: Sendable {
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case refused(NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>)
    }

    /// Opens `ws://127.0.0.1:port/path`, runs `body`, then closes with 1000 unless either side already closed.
    static func connect<T>(port: Int, path: String, maxFrameSize: Int = 1 << 20,
                           _ body: (WebSocketTestClient) async throws -> sending T) async throws -> sending T {
        let upgrade = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: maxFrameSize) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            .webSocket(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                        }
                    }
                    var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path)
                    head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration(upgradeRequestHead: head, upgraders: [upgrader]) { channel in
                        channel.eventLoop.makeCompletedFuture { .refused(try NIOAsyncChannel(wrappingChannelSynchronously: channel)) }
                    }
                    // The server sends its hello right after the 101, often in the same read: the bytes
                    // behind the response must reach the frame decoder, not be dropped (NIO's default).
                    var pipeline = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: configuration)
                    pipeline.leftOverBytesStrategy = .forwardBytes
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: pipeline)
                }
            }
        switch try await upgrade.get() {
        case let .refused(channel):
            let status = try await channel.executeThenClose { inbound, _ in
                for try await part in inbound { if case let .head(head) = part { return head.status } }
                return HTTPResponseStatus.badGateway
            }
            throw Refused(status: status)
        case let .webSocket(channel):
            return try await channel.executeThenClose { inbound, outbound in
                let client = WebSocketTestClient(inbound, outbound)
                do {
                    let result = try await body(client)
                    try await client.close()
                    return result
                } catch {
                    try? await client.close()
                    throw error
                }
            }
        }
    }

    func send(_ message: Message) async throws {
        switch message {
        case let .text(text): try await write(.text, ByteBuffer(string: text))
        case let .binary(bytes): try await write(.binary, ByteBuffer(bytes: bytes))
        }
    }

    /// The next whole message, or nil once the server has closed.
    func receive() async throws -> Message? {
        var fragments: (opcode: WebSocketOpcode, data: ByteBuffer)?
        while !closeReceived, let frame = try await inbound.next() {
            var data = frame.unmaskedData
            switch frame.opcode {
            case .ping:
                try await write(.pong, data)
            case .pong:
                continue
            case .connectionClose:
                closeReceived = true
                if !closeSent {  // echo the code (RFC 6455 §5.5.1)
                    let code = data.readWebSocketErrorCode() ?? .normalClosure
                    closeSent = true
                    var reply = ByteBuffer()
                    reply.write(webSocketErrorCode: code)
                    try? await write(.connectionClose, reply)
                }
            case .text, .binary:
                guard fragments == nil else { throw ProtocolViolation(what: "a new message inside a fragmented one") }
                if frame.fin { return try Self.message(frame.opcode, data) }
                fragments = (frame.opcode, data)
            case .continuation:
                guard var partial = fragments else { throw ProtocolViolation(what: "a continuation frame with no message") }
                partial.data.writeBuffer(&data)
                if frame.fin { return try Self.message(partial.opcode, partial.data) }
                fragments = partial
            default:
                throw ProtocolViolation(what: "opcode \(frame.opcode)")
            }
        }
        closeReceived = true
        return nil
    }

    /// Sends close 1000 and drops whatever arrives until the server's close or the end of the stream.
    func close() async throws {
        if !closeSent {
            closeSent = true
            var payload = ByteBuffer()
            payload.write(webSocketErrorCode: .normalClosure)
            try await write(.connectionClose, payload)
        }
        while try await receive() != nil {}
    }

    /// A client frame is always masked, with a fresh key (RFC 6455 §5.3); the encoder applies it.
    private func write(_ opcode: WebSocketOpcode, _ data: ByteBuffer) async throws {
        try await outbound.write(WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: data))
    }

    private static func message(_ opcode: WebSocketOpcode, _ data: ByteBuffer) throws -> Message {
        guard opcode == .text else { return .binary(Array(data.readableBytesView)) }
        let bytes = Array(data.readableBytesView), text = String(decoding: bytes, as: UTF8.self)
        guard Array(text.utf8) == bytes else { throw ProtocolViolation(what: "text that is not UTF-8") }
        return .text(text)
    }
}
