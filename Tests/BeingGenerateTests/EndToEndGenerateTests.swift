import BeingAudio
import BeingAvatar
import BeingEval
import BeingMedia
import BeingRuntime
import BeingTesting
import Foundation
import Testing

/// Slow: `being generate` on a briefly trained avatar of the reference fixture. CI runs these.
@Suite(.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4", "audio/espeak_16k.wav", "audio/radio_8s.wav") && RuntimeModels.shouldRunAll,
                "needs the fixtures and `make setup`"))
struct EndToEndGenerateTests {
    /// Converted inputs, beside the trained fixture.
    static func input(_ name: String) throws -> String {
        let folder = TrainedFixture.folder.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    /// `input` cut to `seconds` and converted by ffmpeg with `arguments` into `name`; an input
    /// starting with "lavfi:" is an ffmpeg filter source.
    func convert(_ input: String, _ name: String, seconds: Double, _ arguments: [String]) throws -> String {
        let output = try Self.input(name)
        if !FileManager.default.fileExists(atPath: output) {
            let source = input.hasPrefix("lavfi:") ? ["-f", "lavfi", "-i", String(input.dropFirst(6))] : ["-i", input]
            _ = try ChildProcess.run(try FFmpegTools.locate().ffmpeg, ["-nostdin", "-loglevel", "error", "-y"] + source + ["-t", "\(seconds)"] + arguments + [output])
        }
        return output
    }

    func generate(_ audio: String, _ name: String) throws -> (output: String, run: BuiltProducts.Run) {
        let output = TrainedFixture.folder.appendingPathComponent(name).path
        return (output, try BuiltProducts.runBeing(["generate", try TrainedFixture.avatar.get(), "--audio", audio, "-o", output]))
    }

    @Test(arguments: [
        ("speech.wav", "audio/espeak_16k.wav", ["-c:a", "pcm_s16le"]),
        ("speech.mp3", "audio/espeak_16k.wav", ["-c:a", "libmp3lame"]),
        ("speech.m4a", "audio/espeak_16k.wav", ["-c:a", "aac"]),
        ("stereo.wav", "audio/radio_8s.wav", ["-ac", "2", "-c:a", "pcm_s16le"]),
        ("rate48k.wav", "audio/radio_8s.wav", ["-ar", "48000", "-c:a", "pcm_s16le"]),
    ])
    func outputLastsAsLongAsTheAudio(name: String, fixture: String, arguments: [String]) throws {
        let input = try convert(try Fixtures.path(fixture), name, seconds: 2.3, arguments)
        let (output, run) = try generate(input, name + ".mp4")
        #expect(run.status == 0, "\(run.stderr)")
        // The audio's duration is that of its decoded samples: an mp3's container adds its priming.
        let audio = try AudioSamples.extract(from: input), video = try MediaInfo.probe(output)
        #expect(video.video?.codec == "h264" && video.audio?.codec == "aac")
        #expect(abs(video.duration - audio.duration) <= 0.04 + 1e-6, "video \(video.duration) s, audio \(audio.duration) s")
    }

    /// Silence keeps the mouth at rest: the tracked aperture is the avatar's rest aperture within
    /// 1 mm on average, and no frame opens more than 3 mm past it. (With one mouth code throughout,
    /// the fast fixture avatar's frames still read 3.3-4.5 mm apart from first to last, from the
    /// replayed poses and eyelids, so a single frame is not held to the mean's 1 mm.)
    @Test func silenceKeepsTheRestMouth() throws {
        let silence = try convert("lavfi:anullsrc=r=16000:cl=mono", "silence.wav", seconds: 2, ["-c:a", "pcm_s16le"])
        let (output, run) = try generate(silence, "silence.mp4")
        #expect(run.status == 0, "\(run.stderr)")
        let frames = try Self.frames(output)
        let apertures = try Evaluator().apertures(frames)
        let rest = try Self.restAperture()
        #expect(apertures.count == frames.count)
        let mean = apertures.reduce(0, +) / Double(max(apertures.count, 1))
        #expect(abs(mean - rest) <= 0.001, "mean aperture \(mean) m, rest \(rest) m")
        for (t, a) in apertures.enumerated() { #expect(a <= rest + 0.003, "frame \(t): aperture \(a) m, rest \(rest) m") }
    }

    @Test func clearErrorsForBadInputs() throws {
        let video = try convert(try Fixtures.path("video/aoc_8s_512.mp4"), "silent-video.mp4", seconds: 1, ["-an", "-c:v", "libx264"])
        let noAudio = try generate(video, "no-audio.mp4")
        #expect(noAudio.run.status != 0 && noAudio.run.stderr.contains("silent-video.mp4"))
        #expect(!FileManager.default.fileExists(atPath: noAudio.output))
        let missing = try BuiltProducts.runBeing(["generate", "/nonexistent/avatar", "--audio", video, "-o", try Self.input("x.mp4")])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/avatar") && missing.stderr.contains("being train"))
    }

    static func frames(_ path: String) throws -> [RGBImage] {
        let reader = try VideoFrameReader(path: path)
        defer { reader.close() }
        var frames: [RGBImage] = []
        while let frame = try reader.next() { frames.append(frame) }
        return frames
    }

    /// The tracked aperture of the avatar's rest mouth: the training frames' apertures weighted by
    /// the rule that weights their codes (`AvatarReference.restMouth`).
    static func restAperture() throws -> Double {
        let dataset = try TrainedFixture.dataset.get()
        let data = try Data(contentsOf: URL(fileURLWithPath: dataset + "/tracking/tracking.json"))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let apertures = (json["frames"] as! [[String: Any]]).prefix(150).map { ($0["expression"] as! [String: Any])["mouthAperture"] as! Double }
        let speech = SpeechActivity().weights(try AudioSamples.extract(from: dataset + "/audio.wav"), frames: 150)
        return Double(AvatarReference.restMouth(codes: apertures.map { [Float($0)] }, rest: speech.map { 1 - $0 }, apertures: Array(apertures))[0])
    }
}

/// Slow: `being eval AVATAR` renders the test split self-driven and scores it beside the baselines.
@Suite(.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4") && RuntimeModels.shouldRunAll, "needs the fixtures and `make setup`"))
struct EndToEndEvalTests {
    @Test func evalScoresTheAvatarBesideBothBaselines() throws {
        let json = TrainedFixture.folder.appendingPathComponent("eval.json").path
        let run = try BuiltProducts.runBeing(["eval", try TrainedFixture.avatar.get(), "--dataset", try TrainedFixture.dataset.get(), "--json", json])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let candidates = report["candidates"] as! [[String: Any]]
        #expect(candidates.map { $0["name"] as! String } == ["avatar", "still", "replay"])
        let psnr = candidates.map { $0["psnrFace"] as! Double }
        #expect(psnr[0].isFinite && psnr[0] > psnr[1], "avatar \(psnr[0]) dB, still \(psnr[1]) dB")
        #expect((report["frames"] as! Int) == 50)
    }

    /// `--upper rest` holds the brows and lids at the avatar's rest: the real test frames blink,
    /// the rendered ones do not.
    @Test func evalWithTheUpperFaceAtRestDrawsNoBlinks() throws {
        let json = TrainedFixture.folder.appendingPathComponent("eval-rest.json").path
        let run = try BuiltProducts.runBeing(["eval", try TrainedFixture.avatar.get(), "--dataset", try TrainedFixture.dataset.get(),
                                              "--upper", "rest", "--json", json])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        let avatar = (report["candidates"] as! [[String: Any]])[0]
        #expect(avatar["name"] as? String == "avatar (upper face at rest)")
        #expect((report["realBlinks"] as! Int) > 0 && (avatar["blinks"] as! Int) == 0, "real \(report["realBlinks"]!), rendered \(avatar["blinks"]!)")
        #expect((avatar["psnrFace"] as! Double).isFinite)
    }
}
