import ArgumentParser
import BeingAudio
import BeingServer
import Foundation
import Hummingbird
import Logging

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Stream an avatar live: audio in over a WebSocket, video frames out, with a browser page.",
        discussion: """
        Open http://HOST:PORT/ for the browser page. The WebSocket protocol and the HTTP API
        (/healthz, /metrics, /v1/avatars, POST /v1/avatars/ID/generate, /v1/jobs/ID) are described in
        docs/protocol.md. Avatar ids are the folders' names. Stop with Ctrl-C.
        """
    )

    @Argument(help: "One or more avatar folders to serve.")
    var avatars: [String]

    @Option(name: .long, help: "TCP port to listen on (0 picks a free one).")
    var port: Int = 8000

    @Option(name: .long, help: "Address to bind (127.0.0.1 keeps it local).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Most concurrent streaming sessions.")
    var maxSessions: Int = 4

    @Option(name: .long, help: "Require this bearer token on every route except /healthz.")
    var token: String?

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535; got \(port).") }
        if maxSessions < 1 { throw ValidationError("--max-sessions must be at least 1; got \(maxSessions).") }
        if let token, token.isEmpty { throw ValidationError("--token must not be empty; leave it out to serve without one.") }
    }

    func run() throws {
        var options = ServerOptions()
        options.host = host
        options.port = port
        options.maxSessions = maxSessions
        options.token = token
        let catalog = try AvatarCatalog.load(avatars, extractor: try PhonemeExtractor())
        let server = BeingServer(catalog: catalog, options: options)
        let ids = catalog.avatars.map(\.id).joined(separator: ", ")
        let app = server.application { bound in
            FileHandle.standardOutput.write(Data("serving \(ids) on http://\(host):\(bound)/ (Ctrl-C stops)\n".utf8))
        }
        // ArgumentParser runs this synchronously: wait here while the server runs on the concurrency pool.
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var failure: Error?
        Task {
            do { try await app.runService() } catch { failure = error }
            done.signal()
        }
        done.wait()
        if let failure { throw failure }
    }
}
