@testable import BeingServer
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore

/// A real WebSocket client for the tests: sends a script, then collects what the server sends
/// until `until` holds, and closes.
struct StreamClient {
    struct Received: @unchecked Sendable {
        var events: [String] = []
        var errors: [String] = []
        var hello: [String: Any]?
        var binaries: [(header: StreamProtocol.Header, payload: [UInt8])] = []
    }

    struct Refused: Error {}

    static func run(port: Int, path: String, send: @escaping @Sendable (WebSocketOutboundWriter) async throws -> Void,
                    until done: @escaping @Sendable (Received) -> Bool) async throws -> Received {
        let box = Box()
        var configuration = WebSocketClientConfiguration()
        configuration.maxFrameSize = 1 << 20
        let close = try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)\(path)", configuration: configuration,
                                                      logger: Logger(label: "test-client")) { inbound, outbound, _ in
            try await send(outbound)
            for try await message in inbound.messages(maxSize: 1 << 20) {
                var got = box.value
                switch message {
                case let .text(text):
                    let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
                    let type = object["type"] as? String ?? "?"
                    got.events.append(type)
                    if type == "hello" { got.hello = object }
                    if type == "error" { got.errors.append(object["code"] as? String ?? "?") }
                case let .binary(buffer):
                    let bytes = Array(buffer.readableBytesView)
                    guard let header = StreamProtocol.Header(bytes) else { continue }
                    got.binaries.append((header, Array(bytes.dropFirst(StreamProtocol.headerBytes))))
                }
                box.value = got
                if done(got) { break }
            }
        }
        if box.value.hello == nil { throw Refused() }
        _ = close
        return box.value
    }

    final class Box: @unchecked Sendable { var value = Received() }
}
