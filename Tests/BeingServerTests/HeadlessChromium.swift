import BeingTesting
import Foundation

/// A real headless Chromium (Debian's `chromium`) opened on one URL, with a fake microphone that
/// plays a wav file in a loop, driven over the DevTools protocol: `evaluate` runs JavaScript in
/// the page and returns its JSON-able result.
final class HeadlessChromium {
    static let programs = ["chromium", "chromium-browser", "google-chrome"]

    /// Skip locally when no Chromium is installed; under CI the test runs and fails loudly.
    static var shouldRun: Bool { Fixtures.isCI || programs.contains(where: TestTools.has) }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "no Chromium on PATH (looked for \(HeadlessChromium.programs.joined(separator: ", "))): `make setup-test` installs Debian's chromium" }
    }
    struct DidNotStart: Error, CustomStringConvertible {
        let log: String
        var description: String { "Chromium did not open its DevTools port; its log ends: \(log.suffix(600))" }
    }
    struct PageNotFound: Error {}

    private let process = Process()
    private let profile = TemporaryDirectory()
    let debuggingPort: Int
    let pagePath: String

    /// Starts Chromium on `url` with `wav` as the microphone, and waits for the page's DevTools target.
    init(url: String, microphone wav: String) async throws {
        guard let program = Self.programs.first(where: TestTools.has) else { throw Missing() }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                             "--use-file-for-fake-audio-capture=\(wav)", "--autoplay-policy=no-user-gesture-required",
                             "--remote-debugging-port=0", "--user-data-dir=\(profile.url.path)", url]
        let log = profile.path("chromium.log")
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // Chromium writes its DevTools port to the profile once it listens.
        let portFile = profile.path("DevToolsActivePort")
        var port: Int?
        for _ in 0..<300 where port == nil {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let line = text.split(separator: "\n").first {
                port = Int(line)
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        guard let port else {
            process.terminate()
            throw DidNotStart(log: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
        }
        debuggingPort = port
        var page: String?
        for _ in 0..<100 where page == nil {
            let list = try await HTTPTestClient.request(port: port, "/json/list")
            let targets = (try? JSONSerialization.jsonObject(with: Data(list.body))) as? [[String: Any]] ?? []
            page = targets.first { $0["type"] as? String == "page" && ($0["url"] as? String ?? "").hasPrefix(url.prefix(20)) }?["id"] as? String
            if page == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        guard let page else { process.terminate(); throw PageNotFound() }
        pagePath = "/devtools/page/\(page)"
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Opens a DevTools session on the page for `body`.
    func session<T: Sendable>(_ body: (DevToolsSession) async throws -> T) async throws -> T {
        try await WebSocketTestClient.connect(port: debuggingPort, path: pagePath, maxFrameSize: 256 << 20) { socket in
            try await body(DevToolsSession(socket: socket))
        }
    }
}

/// One DevTools connection to a page: `Runtime.evaluate` with results returned by value.
final class DevToolsSession {
    private let socket: WebSocketTestClient
    private var nextID = 1

    init(socket: WebSocketTestClient) { self.socket = socket }

    /// The value of `expression` (it should return a JSON string), parsed.
    func evaluate(_ expression: String) async throws -> Any {
        let id = nextID
        nextID += 1
        let request: [String: Any] = ["id": id, "method": "Runtime.evaluate",
                                      "params": ["expression": expression, "returnByValue": true, "awaitPromise": true]]
        try await socket.send(.text(String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)))
        while let message = try await socket.receive() {
            guard case let .text(text) = message,
                  let reply = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  reply["id"] as? Int == id else { continue }  // events, other replies
            guard let result = (reply["result"] as? [String: Any])?["result"] as? [String: Any],
                  let json = result["value"] as? String else { throw EvaluationFailed(reply: String(text.prefix(500))) }
            return try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        }
        throw EvaluationFailed(reply: "the DevTools connection closed")
    }

    struct EvaluationFailed: Error { let reply: String }
}
