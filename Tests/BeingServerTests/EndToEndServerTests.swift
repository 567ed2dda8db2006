import BeingAudio
import BeingMedia
@testable import BeingServer
import BeingTesting
import Foundation
import Testing

/// Slow: a live server on port 0 with the briefly trained fixture avatar, driven by a real
/// WebSocket client. CI runs these.
@Suite(.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4", "audio/espeak_16k.wav") && RuntimeModels.shouldRunAll,
                "needs the fixtures and `make setup`"), .serialized, .timeLimit(.minutes(5)))
struct EndToEndServerTests {
    static let catalog = Result { try AvatarCatalog.load([try TrainedFixture.avatar.get()], extractor: try PhonemeExtractor()) }

    func server(maxSessions: Int = 2, token: String? = nil) throws -> BeingServer {
        var options = ServerOptions()
        options.port = 0
        options.maxSessions = maxSessions
        options.token = token
        return BeingServer(catalog: try Self.catalog.get(), options: options)
    }

    /// `seconds` of the espeak fixture as s16le bytes.
    func speech(seconds: Double) throws -> [UInt8] {
        let audio = try AudioSamples.extract(from: try Fixtures.path("audio/espeak_16k.wav"))
        let samples = audio.samples.prefix(Int(seconds * 16_000))
        return StreamProtocol.pcm(Array(samples))
    }

    /// Audio in faster than real time, `end`; frames, echoed audio and events out until speech_end.
    @Test func audioInFramesOut() async throws {
        let pcm = try speech(seconds: 2.03)
        try await LiveServer.run(try server()) { port in
            let id = try Self.catalog.get().avatars[0].id
            let got = try await StreamClient.run(port: port, path: "/v1/avatars/\(id)/stream") { outbound in
                for start in stride(from: 0, to: pcm.count, by: 3200) {  // 100 ms chunks
                    try await outbound.send(.binary(Array(pcm[start..<min(pcm.count, start + 3200)])))
                }
                try await outbound.send(.text(#"{"type":"end"}"#))
            } until: { $0.events.contains("speech_end") }
            #expect(got.events.first == "hello")
            #expect(got.hello?["lookahead_ms"] as? Int ?? 0 > 320, "the hello states the lookahead")
            let audio = got.binaries.filter { $0.header.payload == .audio }
            let expectedFrames = (pcm.count / 2 + 639) / 640
            #expect(audio.count == expectedFrames, "one echoed chunk per 40 ms of speech")
            #expect(audio.map(\.header.frame) == Array(audio.first!.header.frame..<(audio.first!.header.frame + UInt32(audio.count))))
            let echoed = audio.flatMap(\.payload)
            let echoIsInput = Array(echoed.prefix(pcm.count)) == pcm  // outside #expect, which would print every byte
            #expect(echoIsInput, "the echo is the client's own audio")
            #expect(echoed.dropFirst(pcm.count).allSatisfy { $0 == 0 }, "the last frame is padded with silence")
            let frames = got.binaries.filter { $0.header.payload == .jpeg }
            // Pictures that render too late for the clock are dropped (their audio is not), so how
            // many arrive depends on the CPU; some must.
            #expect(frames.count >= 3)
            #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.header.frame < $1.header.frame }, "indices increase")
            #expect(frames.allSatisfy { $0.header.ptsMilliseconds == $0.header.frame * 40 }, "pts on the 25 fps audio clock")
            let image = try JPEG.decode(Data(frames.last!.payload))
            #expect(image.width == 512 && image.height == 512)
        }
    }

    /// Garbage gets error events, and the session keeps sending frames afterwards.
    @Test func malformedMessagesGetErrorsAndTheSessionSurvives() async throws {
        try await LiveServer.run(try server()) { port in
            let id = try Self.catalog.get().avatars[0].id
            let got = try await StreamClient.run(port: port, path: "/v1/avatars/\(id)/stream") { outbound in
                try await outbound.send(.text("not json"))
                try await outbound.send(.text(#"{"type":"dance"}"#))
                try await outbound.send(.binary([UInt8](repeating: 0, count: 40_000)))
                try await outbound.send(.binary([1, 2, 3]))
            } until: { got in got.errors.count >= 4 && got.binaries.filter { $0.header.payload == .jpeg }.count >= 3 }
            #expect(got.errors == ["bad_message", "unknown_type", "chunk_too_large", "odd_byte_count"])
        }
    }

    @Test func maxSessionsIsEnforced() async throws {
        try await LiveServer.run(try server(maxSessions: 1)) { port in
            let id = try Self.catalog.get().avatars[0].id
            let path = "/v1/avatars/\(id)/stream"
            let first = Task { try await StreamClient.run(port: port, path: path) { _ in } until: { $0.binaries.count >= 40 } }
            try await Task.sleep(for: .milliseconds(500))
            await #expect(throws: (any Error).self, "a second session is refused") {
                try await StreamClient.run(port: port, path: path) { _ in } until: { _ in true }
            }
            let response = try await HTTPTestClient.request(port: port, path)
            #expect(response.status == .serviceUnavailable)
            #expect(response.text.contains("too_many_sessions"))
            _ = try await first.value
            try await Task.sleep(for: .milliseconds(300))
            let again = try await StreamClient.run(port: port, path: path) { _ in } until: { $0.hello != nil }
            #expect(again.hello != nil, "the slot is free once the first session closed")
        }
    }

    @Test func aTokenGuardsTheStream() async throws {
        try await LiveServer.run(try server(token: "s3cret")) { port in
            let id = try Self.catalog.get().avatars[0].id
            await #expect(throws: (any Error).self) {
                try await StreamClient.run(port: port, path: "/v1/avatars/\(id)/stream") { _ in } until: { _ in true }
            }
            let got = try await StreamClient.run(port: port, path: "/v1/avatars/\(id)/stream?token=s3cret") { _ in } until: { $0.hello != nil }
            #expect(got.hello?["avatar"] as? String == id)
        }
    }
}
