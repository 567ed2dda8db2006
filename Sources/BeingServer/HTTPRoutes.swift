import Foundation
import Hummingbird
import NIOCore

/// The plain HTTP API: health, metrics, avatars, generate jobs with progress (JSON and SSE), and
/// the browser page.
struct HTTPRoutes: Sendable {
    let catalog: AvatarCatalog
    let options: ServerOptions
    let metrics: ServerMetrics
    let jobs: JobStore

    func add(to router: Router<some RequestContext>) {
        router.get("/healthz") { _, _ in Self.json(["status": "ok"]) }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: .init(byteBuffer: ByteBuffer(string: metrics.prometheus())))
        }
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: BrowserPage.html)))
        }
        router.get("/v1/avatars") { _, _ in
            Self.json(["avatars": catalog.avatars.map { avatar -> [String: Any] in
                ["id": avatar.id, "width": avatar.avatar.frameWidth, "height": avatar.avatar.frameHeight,
                 "stream_url": "/v1/avatars/\(avatar.id)/stream", "generate_url": "/v1/avatars/\(avatar.id)/generate"]
            }])
        }
        router.post("/v1/avatars/:id/generate") { request, context in try await generate(request, context) }
        router.get("/v1/jobs/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let job = jobs.job(id) else { throw APIError.unknownJob(id) }
            return Self.json(job.json())
        }
        router.get("/v1/jobs/:id/events") { _, context in try events(context.parameters.get("id") ?? "") }
        router.get("/v1/jobs/:id/result") { _, context in try result(context.parameters.get("id") ?? "") }
    }

    private func generate(_ request: Request, _ context: some RequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard let avatar = catalog.avatar(id) else { throw APIError.unknownAvatar(id) }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: options.maxBodyBytes) } catch { throw APIError.bodyTooLarge(options.maxBodyBytes) }
        guard body.readableBytes > 0 else { throw APIError.emptyBody }
        let job = try jobs.submit(audio: Data(buffer: body), avatar: avatar)
        var object = job.json()
        object["status_url"] = "/v1/jobs/\(job.id)"
        object["events_url"] = "/v1/jobs/\(job.id)/events"
        return Self.json(object, status: .accepted)
    }

    /// Server-sent events: one `progress` event whenever the job changes, then `done` or `failed`.
    private func events(_ id: String) throws -> Response {
        guard jobs.job(id) != nil else { throw APIError.unknownJob(id) }
        let body = ResponseBody { writer in
            var last = ""
            while true {
                guard let job = jobs.job(id) else { break }
                let data = String(decoding: try JSONSerialization.data(withJSONObject: job.json(), options: [.sortedKeys]), as: UTF8.self)
                if data != last {
                    let name = job.state == .done || job.state == .failed ? job.state.rawValue : "progress"
                    try await writer.write(ByteBuffer(string: "event: \(name)\ndata: \(data)\n\n"))
                    last = data
                }
                if job.state == .done || job.state == .failed { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    private func result(_ id: String) throws -> Response {
        guard let job = jobs.job(id) else { throw APIError.unknownJob(id) }
        guard job.state == .done, let data = try? Data(contentsOf: job.output) else {
            throw APIError(.conflict, "job_not_done", "job \(id) is \(job.state.rawValue); wait for status done (GET /v1/jobs/\(id))")
        }
        return Response(status: .ok, headers: [.contentType: "video/mp4"], body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
