import BeingServer
import Foundation
import Testing

/// The HTTP API of a live server on port 0, without avatars.
@Suite struct HTTPAPITests {
    func server(token: String? = nil) -> BeingServer {
        var options = ServerOptions()
        options.port = 0
        options.token = token
        return BeingServer(catalog: AvatarCatalog(avatars: [], extractor: nil), options: options)
    }

    @Test func aTokenGuardsEveryRouteButHealth() async throws {
        try await LiveServer.run(server(token: "s3cret")) { port in
            #expect(try await HTTPTestClient.request(port: port, "/healthz").status == .ok)
            for uri in ["/", "/v1/avatars", "/metrics", "/v1/jobs/abc", "/v1/avatars/x/stream"] {
                let response = try await HTTPTestClient.request(port: port, uri)
                #expect(response.status == .unauthorized, "\(uri)")
                #expect(response.errorCode == "unauthorized", "\(uri)")
                let wrong = try await HTTPTestClient.request(port: port, uri, headers: [("Authorization", "Bearer wrong")])
                #expect(wrong.status == .unauthorized, "\(uri) with a wrong token")
            }
            let bearer = try await HTTPTestClient.request(port: port, "/v1/avatars", headers: [("Authorization", "Bearer s3cret")])
            #expect(bearer.status == .ok)
            #expect(try await HTTPTestClient.request(port: port, "/v1/avatars?token=s3cret").status == .ok)
        }
    }

    @Test func unknownThingsGetClearJSONErrors() async throws {
        try await LiveServer.run(server()) { port in
            let list = try await HTTPTestClient.request(port: port, "/v1/avatars")
            #expect((list.json?["avatars"] as? [Any])?.isEmpty == true)
            let generate = try await HTTPTestClient.request(port: port, "/v1/avatars/nobody/generate", method: .POST, body: Array("RIFF".utf8))
            #expect(generate.status == .notFound)
            #expect(generate.errorCode == "unknown_avatar")
            #expect(try await HTTPTestClient.request(port: port, "/v1/avatars/nobody/stream").errorCode == "unknown_avatar")
            #expect(try await HTTPTestClient.request(port: port, "/v1/jobs/nothing").errorCode == "unknown_job")
            #expect(try await HTTPTestClient.request(port: port, "/v1/jobs/nothing/events").status == .notFound)
        }
    }

    @Test func metricsArePrometheusText() async throws {
        try await LiveServer.run(server()) { port in
            let text = try await HTTPTestClient.request(port: port, "/metrics").text
            for line in ["# TYPE being_sessions gauge", "being_sessions 0", "# TYPE being_render_seconds histogram",
                         "being_render_seconds_bucket{le=\"+Inf\"} 0", "# TYPE being_latency_seconds histogram",
                         "being_frames_dropped_total{reason=\"slow_client\"} 0", "being_frames_rendered_total 0"] {
                #expect(text.contains(line + "\n"), "\(line)")
            }
            let page = try await HTTPTestClient.request(port: port, "/")
            #expect(page.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true)
            #expect(page.text.contains("new WebSocket("))
        }
    }
}
