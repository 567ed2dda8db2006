import BeingServer
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// Runs `server` on a free port (port 0) for the length of `body`, then shuts it down gracefully
/// (as `being serve` does on SIGTERM), so open sessions end the way they would in production.
/// BEING_TEST_SERVER_LOG=debug (or trace) shows the server's log.
enum LiveServer {
    struct DidNotStart: Error {}
    struct ShutdownTimedOut: Error {}

    static func run<T: Sendable>(_ server: BeingServer, _ body: (_ port: Int) async throws -> T) async throws -> T {
        let (ports, bound) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test-server")
        logger.logLevel = ProcessInfo.processInfo.environment["BEING_TEST_SERVER_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let app = server.application(logger: logger) { port in bound.yield(port) }
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { bound.finish() }  // a server that fails to start must not leave the test waiting
                try await services.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await group.next()
                throw DidNotStart()
            }
            do {
                let result = try await body(port)
                await services.triggerGracefulShutdown()
                // A session the server never ends would hang the test run here; fail instead.
                group.addTask {
                    try await Task.sleep(for: .seconds(20))
                    throw ShutdownTimedOut()
                }
                try await group.next()
                group.cancelAll()
                return result
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
        }
    }
}

/// One HTTP/1.1 request per connection over NIOHTTP1, enough to check statuses, headers and bodies.
enum HTTPTestClient {
    struct Response: Sendable {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
        /// `code` of the API's `{"error": {"code": ..., "message": ...}}` body.
        var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
    }

    struct NoResponse: Error {}

    static func request(port: Int, _ uri: String, method: HTTPMethod = .GET, headers: [(String, String)] = [],
                        body: [UInt8] = []) async throws -> Response {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: method, uri: uri)
            head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
            head.headers.add(name: "Connection", value: "close")
            head.headers.add(name: "Content-Length", value: "\(body.count)")
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            // One write: a server that answers on the head and closes (a refusal) must not find the
            // rest of the request still to come ("I/O on closed channel").
            var parts: [HTTPClientRequestPart] = [.head(head)]
            if !body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            parts.append(.end(nil))
            try await outbound.write(contentsOf: parts)
            var response: HTTPResponseHead?
            var received: [UInt8] = []
            for try await part in inbound {
                switch part {
                case let .head(head): response = head
                case let .body(buffer): received += buffer.readableBytesView
                case .end:
                    guard let response else { throw NoResponse() }
                    return Response(status: response.status, headers: response.headers, body: received)
                }
            }
            throw NoResponse()
        }
    }
}
