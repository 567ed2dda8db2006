@testable import BeingServer
import Foundation

/// A real WebSocket client for the tests: sends a script, then collects what the server sends
/// until `until` holds, and closes.
struct StreamClient {
    struct Received: @unchecked Sendable {
        var events: [String] = []
        var errors: [String] = []
        var hello: [String: Any]?
        var binaries: [(header: StreamProtocol.Header, payload: [UInt8])] = []
    }

    /// The stream ended before the server's hello; `events` says what came instead.
    struct Refused: Error { let events: [String], errors: [String] }

    static func run(port: Int, path: String, send: (WebSocketTestClient) async throws -> Void,
                    until done: (Received) -> Bool) async throws -> Received {
        try await WebSocketTestClient.connect(port: port, path: path) { socket in
            try await send(socket)
            var got = Received()
            while let message = try await socket.receive() {
                switch message {
                case let .text(text):
                    let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
                    let type = object["type"] as? String ?? "?"
                    got.events.append(type)
                    if type == "hello" { got.hello = object }
                    if type == "error" { got.errors.append(object["code"] as? String ?? "?") }
                case let .binary(bytes):
                    guard let header = StreamProtocol.Header(bytes) else { continue }
                    got.binaries.append((header, Array(bytes.dropFirst(StreamProtocol.headerBytes))))
                }
                if done(got) { break }
            }
            if got.hello == nil { throw Refused(events: got.events, errors: got.errors) }
            return got
        }
    }
}
