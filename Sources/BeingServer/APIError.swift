import Foundation
import HTTPTypes
import Hummingbird

/// An error a client sees as JSON, `{"error": {"code": "...", "message": "..."}}`, with a status
/// and a message that says what to do.
public struct APIError: Error, HTTPResponseError, CustomStringConvertible, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status; self.code = code; self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: Self.json(code: code, message: message))))
    }

    static func json(code: String, message: String) -> Data {
        (try? JSONSerialization.data(withJSONObject: ["error": ["code": code, "message": message]], options: [.sortedKeys])) ?? Data()
    }

    static let unauthorized = APIError(.unauthorized, "unauthorized", "this server needs a token: send `Authorization: Bearer TOKEN` or add `?token=TOKEN` to the URL")
    static func unknownAvatar(_ id: String) -> APIError {
        APIError(.notFound, "unknown_avatar", "no avatar `\(id)` here; GET /v1/avatars lists the ones served")
    }
    static func unknownJob(_ id: String) -> APIError {
        APIError(.notFound, "unknown_job", "no job `\(id)`; jobs are kept until the server restarts or 32 newer ones finish")
    }
    static func tooManySessions(_ limit: Int) -> APIError {
        APIError(.serviceUnavailable, "too_many_sessions", "all \(limit) streaming sessions are in use; try again later or start the server with a larger --max-sessions")
    }
    static func tooManyJobs(_ limit: Int) -> APIError {
        APIError(.tooManyRequests, "too_many_jobs", "\(limit) generate jobs are already waiting or running; wait for one to finish")
    }
    static func bodyTooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "body_too_large", "uploads are limited to \(limit / (1024 * 1024)) MiB; send a shorter or compressed audio file")
    }
    static let emptyBody = APIError(.badRequest, "empty_body", "POST the audio file (wav, mp3, m4a…) as the request body")
    static let notAWebSocket = APIError(.badRequest, "not_a_websocket", "this route streams over a WebSocket: connect with ws:// (see docs/protocol.md)")
}
