import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// GET /v1/avatars/{id}/stream: the WebSocket upgrade and the session behind it.
struct StreamRoute: Sendable {
    let catalog: AvatarCatalog
    let options: ServerOptions
    let metrics: ServerMetrics
    let limiter: SessionLimiter

    static let path: RouterPath = "/v1/avatars/:id/stream"

    /// Upgrades only for a known avatar with a free session; otherwise the plain HTTP route
    /// (`refusal`) answers with the JSON error.
    func shouldUpgrade(_ request: Request, _ context: some RequestContext) -> RouterShouldUpgrade {
        guard let id = context.parameters.get("id"), catalog.avatar(id) != nil, limiter.available else { return .dontUpgrade }
        return .upgrade([:])
    }

    /// The HTTP answer to a request that was not upgraded.
    func refusal(_ request: Request, _ context: some RequestContext) throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard catalog.avatar(id) != nil else { throw APIError.unknownAvatar(id) }
        guard limiter.available else {
            metrics.sessionRefused()
            throw APIError.tooManySessions(options.maxSessions)
        }
        throw APIError.notAWebSocket
    }

    func handle(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, _ context: WebSocketRouterContext<BasicWebSocketRequestContext>) async throws {
        let id = context.requestContext.parameters.get("id") ?? ""
        guard let avatar = catalog.avatar(id), let extractor = catalog.extractor else { return }
        guard limiter.acquire() else {
            metrics.sessionRefused()
            try await outbound.write(.text(StreamError("too_many_sessions", APIError.tooManySessions(options.maxSessions).message).event))
            try await outbound.close(.unknown(1013), reason: "too many sessions")
            return
        }
        metrics.sessionOpened()
        defer { limiter.release(); metrics.sessionClosed() }
        let session = try StreamSession(avatar: avatar, extractor: extractor, options: options, metrics: metrics,
                                        seed: UInt64.random(in: 1...UInt64.max))
        try await outbound.write(.text(session.hello))
        session.start()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await write(session, outbound) }
            group.addTask { await read(session, inbound, outbound, logger: context.logger) }
            await group.next()
            session.outbox.close()
            group.cancelAll()
        }
        await session.stop()
    }

    /// Sends what the session queues until it closes.
    private func write(_ session: StreamSession, _ outbound: WebSocketOutboundWriter) async {
        while let message = await session.outbox.next() {
            do {
                switch message {
                case let .text(text): try await outbound.write(.text(text))
                case let .audio(buffer): try await outbound.write(.binary(buffer))
                case let .video(buffer, arrival):
                    try await outbound.write(.binary(buffer))
                    let latency = arrival.map { StreamSession.seconds(.now - $0) }
                    if let latency { metrics.latency(seconds: latency) }
                    session.stats.sent(latency: latency)
                }
            } catch { return }
        }
        try? await outbound.close(.normalClosure, reason: nil)
    }

    /// Feeds the client's messages to the session until the client closes.
    private func read(_ session: StreamSession, _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, logger: Logger) async {
        do {
            for try await message in inbound.messages(maxSize: options.maxMessageBytes) {
                let problem: StreamError?
                switch message {
                case let .binary(buffer): problem = session.receive(audio: buffer)
                case let .text(text):
                    switch StreamProtocol.control(text) {
                    case let .success(control): session.receive(control: control); problem = nil
                    case let .failure(error): problem = error
                    }
                }
                if let problem { session.outbox.push(.text(problem.event)) }
            }
        } catch {
            logger.debug("stream reader ended", metadata: ["error": "\(error)"])
        }
    }
}

/// Counts streaming sessions against --max-sessions.
final class SessionLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var open = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    var available: Bool { lock.lock(); defer { lock.unlock() }; return open < limit }

    func acquire() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard open < limit else { return false }
        open += 1
        return true
    }

    func release() { lock.lock(); open -= 1; lock.unlock() }
}
