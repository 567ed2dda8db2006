import BeingEval
import BeingMedia
import BeingServer
import BeingTesting
import Foundation
import Testing

/// Slow: the browser page at `/` in a real headless Chromium whose fake microphone plays the
/// espeak fixture, against a live server with the briefly trained fixture avatar. CI runs it.
@Suite(.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4", "audio/espeak_16k.wav") && RuntimeModels.shouldRunAll
                    && HeadlessChromium.shouldRun, "needs the fixtures, `make setup` and Chromium (`make setup-test`)"),
       .serialized, .timeLimit(.minutes(8)))
struct EndToEndBrowserTests {
    /// What the page saw (its `window.being`), and the pictures it kept.
    struct PageState: Sendable {
        var frames = 0, speechFrames = 0, audioFrames = 0, sentSamples = 0
        var events: [String] = [], errors: [String] = []
        var hello = false
        var kept: [(index: Int, speaking: Bool, jpeg: Data)] = []
    }

    /// Connects, talks through the fake microphone, and receives pictures and echoed audio; the
    /// mouth in the pictures it receives while speech plays moves, and it rests before.
    @Test func thePageConnectsTalksAndTheMouthMoves() async throws {
        var options = ServerOptions()
        options.port = 0
        let server = BeingServer(catalog: try EndToEndServerTests.catalog.get(), options: options)
        let state = try await LiveServer.run(server) { port in
            let browser = try await HeadlessChromium(url: "http://127.0.0.1:\(port)/?autoconnect=1&microphone=1&keep=600",
                                                     microphone: try Fixtures.path("audio/espeak_16k.wav"))
            return try await browser.session { page in try await Self.talk(page) }
        }
        #expect(state.hello, "the page got the server's hello")
        #expect(state.errors.isEmpty, "errors: \(state.errors)")
        #expect(state.sentSamples > 16_000, "the microphone sent over a second of audio")
        #expect(state.events.contains("speech_start"))
        #expect(state.audioFrames > 25, "the speech audio came back to play")
        #expect(state.speechFrames >= 30, "pictures arrived while speech played")

        // The mouth: tracked on the pictures the page received, in the head frame (metres).
        let evaluator = try Evaluator()
        func spread(_ pictures: [(index: Int, speaking: Bool, jpeg: Data)]) throws -> (deviation: Double, count: Int) {
            let apertures = evaluator.apertures(try pictures.map { try JPEG.decode($0.jpeg) })
            guard apertures.count > 1 else { return (0, apertures.count) }
            let mean = apertures.reduce(0, +) / Double(apertures.count)
            return ((apertures.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(apertures.count)).squareRoot(), apertures.count)
        }
        let firstSpeech = state.kept.firstIndex(where: \.speaking) ?? state.kept.count
        let idle = try spread(Array(state.kept[..<firstSpeech]))
        let speaking = try spread(state.kept.filter(\.speaking))
        print("browser: \(state.frames) pictures (\(state.speechFrames) during speech), \(state.audioFrames) audio frames; "
              + "aperture deviation idle \(idle.deviation * 1000) mm over \(idle.count), speaking \(speaking.deviation * 1000) mm over \(speaking.count)")
        #expect(speaking.count >= 30, "the face was tracked in the pictures received during speech")
        #expect(speaking.deviation > 0.001, "the mouth moves while speech plays")
        #expect(idle.count < 5 || speaking.deviation > 2 * idle.deviation, "the mouth moves more during speech than at rest")
    }

    /// Polls `window.being` until enough pictures arrived during speech (or 150 s), then takes the kept pictures.
    static func talk(_ page: DevToolsSession) async throws -> PageState {
        var state = PageState()
        let deadline = ContinuousClock.now + .seconds(150)
        while ContinuousClock.now < deadline {
            let now = try await page.evaluate("""
                typeof being === "undefined" ? "{}" : JSON.stringify({frames: being.frames, speechFrames: being.speechFrames, audioFrames: being.audioFrames,
                                sentSamples: being.sentSamples, events: being.events, errors: being.errors, hello: being.hello !== null})
                """) as? [String: Any] ?? [:]
            state.frames = now["frames"] as? Int ?? 0
            state.speechFrames = now["speechFrames"] as? Int ?? 0
            state.audioFrames = now["audioFrames"] as? Int ?? 0
            state.sentSamples = now["sentSamples"] as? Int ?? 0
            state.events = now["events"] as? [String] ?? []
            state.errors = now["errors"] as? [String] ?? []
            state.hello = now["hello"] as? Bool ?? false
            if state.speechFrames >= 40 || !state.errors.isEmpty { break }
            try await Task.sleep(for: .seconds(1))
        }
        let kept = try await page.evaluate("JSON.stringify(being.exportKept())") as? [[String: Any]] ?? []
        state.kept = kept.compactMap { picture in
            guard let index = picture["index"] as? Int, let speaking = picture["speaking"] as? Bool,
                  let base64 = picture["jpeg"] as? String, let jpeg = Data(base64Encoded: base64) else { return nil }
            return (index, speaking, jpeg)
        }
        return state
    }
}
