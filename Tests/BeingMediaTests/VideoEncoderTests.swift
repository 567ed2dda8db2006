import BeingMedia
import BeingTesting
import Foundation
import Testing

@Suite(.enabled(if: TestTools.shouldRunMedia, "ffmpeg not installed (make setup)"))
struct VideoEncoderTests {
    @Test func encodesH264AndAACAtTheRequestedRate() throws {
        let directory = TemporaryDirectory()
        let output = directory.path("out.mp4")
        var random = SeededRandom(seed: 4)
        let tone = AudioSamples(sampleRate: 16_000, samples: (0..<16_000).map { i in 0.3 * sin(Float(i) * 0.11) + random.uniform(-0.01, 0.01) })
        let encoder = try VideoEncoder(outputPath: output, width: 64, height: 48, fps: 25, audio: .samples(tone))
        for i in 0..<25 { try encoder.append(RGBImage(width: 64, height: 48, fill: (UInt8(i * 10), 100, 50))) }
        try encoder.finish()
        let info = try MediaInfo.probe(output)
        #expect(info.video?.codec == "h264" && info.audio?.codec == "aac")
        #expect(info.video?.fps == 25)
        #expect(abs(info.duration - 1.0) < 0.05)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0 != "out.mp4" }
        #expect(leftovers.isEmpty)
    }

    @Test func cancelledOrFailedEncodesLeaveNothing() throws {
        let directory = TemporaryDirectory()
        let encoder = try VideoEncoder(outputPath: directory.path("gone.mp4"), width: 32, height: 32)
        try encoder.append(RGBImage(width: 32, height: 32))
        #expect(throws: MediaError.self) { try encoder.append(RGBImage(width: 16, height: 16)) }
        encoder.cancel()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
        #expect(throws: MediaError.self) { _ = try VideoEncoder(outputPath: directory.path("odd.mp4"), width: 33, height: 32) }
    }
}
