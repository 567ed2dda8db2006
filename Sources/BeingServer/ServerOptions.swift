/// How `being serve` listens and what it allows: every limit a client can hit is here, and the
/// hello message and docs/protocol.md state them.
public struct ServerOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 8000
    /// Most concurrent streaming sessions; more are refused with 503 `too_many_sessions`.
    public var maxSessions = 4
    /// When set, every route except /healthz needs `Authorization: Bearer TOKEN` (or `?token=`).
    public var token: String?
    /// Largest upload to POST /v1/avatars/{id}/generate.
    public var maxBodyBytes = 50 * 1024 * 1024
    /// Largest WebSocket message accepted at all (bigger ones close the socket with 1009).
    public var maxMessageBytes = 1 << 20
    /// Largest audio chunk: 1 s of 16 kHz s16le; bigger ones get an error event and are dropped.
    public var maxChunkBytes = 32_000
    /// Most received-but-unplayed audio per session, in seconds.
    public var maxBufferedSeconds = 30.0
    /// Video frames waiting for a slow client before the oldest is dropped.
    public var maxQueuedFrames = 3
    /// Messages waiting for a client before the session is closed as too slow (8 s of audio).
    public var maxQueuedMessages = 400
    /// Generate jobs waiting or running; more are refused with 429 `too_many_jobs`.
    public var maxJobs = 8
    /// JPEG quality of streamed frames.
    public var jpegQuality = 80

    public init() {}
}
