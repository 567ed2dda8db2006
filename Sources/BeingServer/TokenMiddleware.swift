import Hummingbird

/// Refuses every request except GET /healthz that lacks the server's token, given as
/// `Authorization: Bearer TOKEN` or, for browsers (a WebSocket cannot carry headers), `?token=TOKEN`.
struct TokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/healthz" { return try await next(request, context) }
        let header = request.headers[.authorization]
        let presented = header.flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? request.uri.queryParameters.get("token")
        guard let presented, Self.equal(presented, token) else { throw APIError.unauthorized }
        return try await next(request, context)
    }

    /// Compares in time independent of where the strings first differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = x.count ^ y.count
        for i in 0..<max(x.count, y.count) { difference |= Int((i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)) }
        return difference == 0
    }
}
