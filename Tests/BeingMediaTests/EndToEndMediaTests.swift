import BeingMedia
import BeingRuntime
import BeingTesting
import Foundation
import Testing

/// Slow: whole fixture videos through decode and encode. `make unit` skips these; CI runs them.
@Suite(.enabled(if: TestTools.shouldRunMedia, "ffmpeg not installed (make setup)"))
struct EndToEndMediaTests {
    @Test(.enabled(if: Fixtures.shouldRun("video/swalwell_5s_844.mp4")))
    func roundTripTo512At25KeepsTheDuration() throws {
        let source = try Fixtures.path("video/swalwell_5s_844.mp4")
        let directory = TemporaryDirectory()
        let output = directory.path("round.mp4")
        let reader = try VideoFrameReader(path: source, options: VideoDecodeOptions(size: 512, fps: 25))
        let audio = try AudioSamples.extract(from: source)
        let encoder = try VideoEncoder(outputPath: output, width: 512, height: 512, fps: 25, audio: .samples(audio))
        while let frame = try reader.next() { try encoder.append(frame) }
        try encoder.finish()

        let sourceInfo = try MediaInfo.probe(source)
        let info = try MediaInfo.probe(output)
        #expect(info.video?.codec == "h264" && info.audio?.codec == "aac")
        #expect(info.video?.width == 512 && info.video?.fps == 25)
        #expect(abs(info.duration - sourceInfo.duration) <= 0.04 + 1e-3, "duration \(info.duration) vs \(sourceInfo.duration)")
    }

    /// A 60 s 1080p video decodes with bounded memory: Being holds one frame at a time.
    @Test func sixtySecondsOf1080pDecodeInBoundedMemory() throws {
        let directory = TemporaryDirectory()
        let video = directory.path("long1080.mp4")
        let tools = try FFmpegTools.locate()
        _ = try ChildProcess.run(tools.ffmpeg, ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25",
                                                "-t", "60", "-c:v", "libx264", "-preset", "ultrafast", video])
        let run = try BuiltProducts.runBeing(["bench", "decode", video, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        #expect(result?["frames"] as? Int == 1500)
        let peak = try #require(result?["peakResidentMegabytes"] as? Double)
        #expect(peak < 500, "peak RSS \(peak) MB")
    }
}
