import BeingMedia
import BeingTesting
import Foundation
import Testing

@Suite(.enabled(if: TestTools.shouldRunMedia, "ffmpeg not installed (make setup)"))
struct ProbeAndDecodeTests {
    @Test(.enabled(if: Fixtures.shouldRun("video/blue_7s_700_30fps.mp4")))
    func probeReports700At30WithAudio() throws {
        let info = try MediaInfo.probe(try Fixtures.path("video/blue_7s_700_30fps.mp4"))
        let video = try #require(info.video)
        #expect(video.width == 700 && video.height == 700)
        #expect(abs(video.fps - 30) < 1e-6)
        #expect(video.codec == "h264")
        #expect(info.audio?.sampleRate == 44_100 && info.audio?.channels == 2)
        #expect(abs(info.duration - 6.63) < 0.05)
    }

    @Test func unreadableInputsGiveOneLineErrorsNamingTheFile() throws {
        let directory = TemporaryDirectory()
        try Data("this is text, not a video\n".utf8).write(to: directory.url.appendingPathComponent("text.mp4"))
        try Data().write(to: directory.url.appendingPathComponent("empty.mp4"))
        for name in ["missing.mp4", "text.mp4", "empty.mp4"] {
            let path = directory.path(name)
            let error = #expect(throws: MediaError.self) { try MediaInfo.probe(path) }
            let message = error?.description ?? ""
            #expect(message.hasPrefix(path))
            #expect(!message.contains("\n"))
        }
    }

    @Test(.enabled(if: Fixtures.shouldRun("video/blue_7s_700_30fps.mp4")))
    func decodeResamplesTo25FpsAndResizes() throws {
        let reader = try VideoFrameReader(path: try Fixtures.path("video/blue_7s_700_30fps.mp4"),
                                          options: VideoDecodeOptions(size: 128, fps: 25))
        var count = 0
        var sawContent = false
        while let frame = try reader.next() {
            #expect(frame.width == 128 && frame.height == 128)
            sawContent = sawContent || Set(frame.pixels.prefix(3000)).count > 10
            count += 1
        }
        // 6.63 s at 25 fps.
        #expect(abs(count - 166) <= 1)
        #expect(sawContent)
    }

    @Test(.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4")))
    func cropOutsideThePictureIsRejected() throws {
        let path = try Fixtures.path("video/aoc_8s_512.mp4")
        #expect(throws: MediaError.self) {
            _ = try VideoFrameReader(path: path, options: VideoDecodeOptions(crop: CropBox(x: 400, y: 0, width: 200, height: 200)))
        }
        let reader = try VideoFrameReader(path: path, options: VideoDecodeOptions(crop: CropBox(x: 100, y: 50, width: 200, height: 180)))
        let frame = try #require(try reader.next())
        #expect(frame.width == 200 && frame.height == 180)
        reader.close()
    }

    @Test(.enabled(if: Fixtures.shouldRun("audio/radio_8s.wav")))
    func audioIsDownmixedAndResampledTo16kMono() throws {
        let audio = try AudioSamples.extract(from: try Fixtures.path("audio/radio_8s.wav"))
        #expect(audio.sampleRate == 16_000)
        #expect(abs(audio.duration - 8) < 0.1)
        let rms = sqrt(audio.samples.reduce(0) { $0 + $1 * $1 } / Float(audio.samples.count))
        #expect(rms > 0.01)
        let direct = try WAVFile.read(try Fixtures.path("audio/radio_8s.wav"))
        #expect(direct.channels == 2)
        #expect(abs(direct.mono.samples.count - audio.samples.count) <= 1)
    }

    @Test func audioFromAFileWithoutAudioIsAClearError() throws {
        let directory = TemporaryDirectory()
        let encoder = try VideoEncoder(outputPath: directory.path("silent.mp4"), width: 32, height: 32)
        for _ in 0..<5 { try encoder.append(RGBImage(width: 32, height: 32, fill: (200, 10, 10))) }
        try encoder.finish()
        let error = #expect(throws: MediaError.self) { try AudioSamples.extract(from: directory.path("silent.mp4")) }
        #expect(error?.description.contains("no audio stream") == true)
    }
}
