import ArgumentParser

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Stream an avatar live: audio in over a WebSocket, video frames out, with a browser page.",
        discussion: "HTTP API and WebSocket protocol: docs/protocol.md (once built)."
    )

    @Argument(help: "One or more avatar folders to serve.")
    var avatars: [String]

    @Option(name: .long, help: "TCP port to listen on.")
    var port: Int = 8000

    @Option(name: .long, help: "Address to bind (127.0.0.1 keeps it local).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Most concurrent streaming sessions.")
    var maxSessions: Int = 4

    @Option(name: .long, help: "Require this bearer token on every route except /healthz.")
    var token: String?

    func run() throws {
        throw notBuilt("serve", issue: 9, what: "the streaming server")
    }
}
