import BeingServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The HTTP API through the router, without sockets and without avatars.
@Suite struct HTTPAPITests {
    func server(token: String? = nil) -> BeingServer {
        var options = ServerOptions()
        options.port = 0
        options.token = token
        return BeingServer(catalog: AvatarCatalog(avatars: [], extractor: nil), options: options)
    }

    func errorCode(_ response: TestResponse) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        return (object?["error"] as? [String: Any])?["code"] as? String
    }

    @Test func aTokenGuardsEveryRouteButHealth() async throws {
        try await server(token: "s3cret").application().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            for uri in ["/", "/v1/avatars", "/metrics", "/v1/jobs/abc", "/v1/avatars/x/stream"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(errorCode(response) == "unauthorized", "\(uri)")
                }
                try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer wrong"]) {
                    #expect($0.status == .unauthorized, "\(uri) with a wrong token")
                }
            }
            try await client.execute(uri: "/v1/avatars", method: .get, headers: [.authorization: "Bearer s3cret"]) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/avatars?token=s3cret", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func unknownThingsGetClearJSONErrors() async throws {
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/v1/avatars", method: .get) { response in
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect((object?["avatars"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/v1/avatars/nobody/generate", method: .post, body: ByteBuffer(string: "RIFF")) { response in
                #expect(response.status == .notFound)
                #expect(errorCode(response) == "unknown_avatar")
            }
            try await client.execute(uri: "/v1/avatars/nobody/stream", method: .get) { #expect(errorCode($0) == "unknown_avatar") }
            try await client.execute(uri: "/v1/jobs/nothing", method: .get) { #expect(errorCode($0) == "unknown_job") }
            try await client.execute(uri: "/v1/jobs/nothing/events", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func metricsArePrometheusText() async throws {
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                for line in ["# TYPE being_sessions gauge", "being_sessions 0", "# TYPE being_render_seconds histogram",
                             "being_render_seconds_bucket{le=\"+Inf\"} 0", "# TYPE being_latency_seconds histogram",
                             "being_frames_dropped_total{reason=\"slow_client\"} 0", "being_frames_rendered_total 0"] {
                    #expect(text.contains(line + "\n"), "\(line)")
                }
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: response.body).contains("new WebSocket("))
            }
        }
    }
}
