import BeingAudio
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging

/// `being serve`: the HTTP API and the WebSocket streams of the avatars in `catalog`.
public struct BeingServer: Sendable {
    public let catalog: AvatarCatalog
    public let options: ServerOptions
    public let metrics = ServerMetrics()
    let jobs: JobStore
    let limiter: SessionLimiter

    public init(catalog: AvatarCatalog, options: ServerOptions) {
        self.catalog = catalog
        self.options = options
        jobs = JobStore(limit: options.maxJobs, metrics: metrics)
        limiter = SessionLimiter(limit: options.maxSessions)
    }

    /// The application, ready to run; `onServerRunning` receives the bound port (for port 0).
    public func application(logger: Logger = Logger(label: "being.serve"),
                            onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let stream = StreamRoute(catalog: catalog, options: options, metrics: metrics, limiter: limiter)
        let http = Router(context: BasicWebSocketRequestContext.self)
        let upgrades = Router(context: BasicWebSocketRequestContext.self)
        if let token = options.token {
            http.add(middleware: TokenMiddleware(token: token))
            upgrades.add(middleware: TokenMiddleware(token: token))
        }
        HTTPRoutes(catalog: catalog, options: options, metrics: metrics, jobs: jobs).add(to: http)
        http.get(StreamRoute.path) { request, context in try stream.refusal(request, context) }
        upgrades.ws(StreamRoute.path, shouldUpgrade: { request, context in stream.shouldUpgrade(request, context) }) { inbound, outbound, context in
            try await stream.handle(inbound, outbound, context)
        }
        let webSocket = WebSocketServerConfiguration(maxFrameSize: options.maxMessageBytes)
        return Application(
            router: http,
            server: .http1WebSocketUpgrade(webSocketRouter: upgrades, configuration: .init(ws: webSocket)),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "being"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
