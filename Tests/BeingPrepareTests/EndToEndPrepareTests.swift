import BeingDataset
import BeingMedia
import BeingPrepare
import BeingRuntime
import BeingTesting
import Foundation
import Testing

/// One clean preparation of the reference fixture, shared by the tests below.
enum PreparedFixture {
    static let result: Result<String, Error> = Result {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("being-prepared-\(UUID().uuidString.prefix(8))").path
        try Preparation(source: try Fixtures.path("video/aoc_8s_512.mp4"), output: output).run()
        return output
    }
}

/// Slow: whole-fixture preparations. `make unit` skips these; CI runs them.
@Suite(.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4") && RuntimeModels.shouldRunAll, "needs the fixtures and `make setup`"))
struct EndToEndPrepareTests {
    @Test func preparedFixtureLoadsAndValidates() throws {
        let dataset = try Dataset.open(try PreparedFixture.result.get())
        try dataset.verifyChecksums()
        let manifest = dataset.manifest
        #expect(manifest.frameCount == 200 && manifest.size == 512 && manifest.fps == 25)
        #expect(manifest.split == TrainTestSplit(trainFrames: 150, testFrames: 50))
        #expect(manifest.features.first?.kind == "phonemes" && manifest.features.first?.steps ?? 0 >= 400)
        #expect(abs(Double(try dataset.audio().samples.count) - 8.0 * 16_000) < 1)
        let summary = try DatasetSummary(dataset: dataset)
        #expect(summary.speechCoverage > 0.3)
        #expect(summary.mouthApertureMM[2] > summary.mouthApertureMM[0] + 5)
        #expect(summary.blinks >= 1)
        let mask = try dataset.mask(0)
        let faceShare = Double(mask.pixels.filter { $0 & MaskBits.face.rawValue != 0 }.count) / Double(mask.pixels.count)
        #expect(faceShare > 0.1 && faceShare < 0.6)
    }

    @Test func truncatedFeatureFileIsReported() throws {
        let copy = TemporaryDirectory()
        let target = copy.url.appendingPathComponent("dataset")
        try FileManager.default.copyItem(atPath: try PreparedFixture.result.get(), toPath: target.path)
        let features = target.appendingPathComponent("features/phonemes.spf")
        let data = try Data(contentsOf: features)
        try data.prefix(data.count / 2).write(to: features)
        let error = #expect(throws: DatasetError.self) { try Dataset.open(target.path) }
        #expect(error?.description.contains("features/phonemes.spf: truncated") == true)
    }

    /// A kill in the middle, then a rerun, gives the same dataset as one clean run.
    @Test func killedAndResumedRunMatchesACleanRun() throws {
        let clean = try Dataset.open(try PreparedFixture.result.get())
        let directory = TemporaryDirectory()
        let output = directory.path("resumed")
        let being = try #require(BuiltProducts.being)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: being)
        process.arguments = ["prepare", try Fixtures.path("video/aoc_8s_512.mp4"), "-o", output]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let marker = output + "/stages/frames.done"
        let deadline = Date().addingTimeInterval(300)
        while !FileManager.default.fileExists(atPath: marker), process.isRunning, Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: output + "/dataset.json"), "the run finished before it could be killed")

        let rerun = try BuiltProducts.runBeing(["prepare", try Fixtures.path("video/aoc_8s_512.mp4"), "-o", output])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("frames (already done)"))
        #expect(try Dataset.open(output).contentFingerprint == clean.contentFingerprint)
    }
}

@Suite(.enabled(if: TestTools.shouldRunMedia && Fixtures.shouldRun("video/aoc_8s_512.mp4", "audio/espeak_16k.wav") && RuntimeModels.shouldRunAll,
                "needs ffmpeg, the fixtures and `make setup`"))
struct PrepareFailureTests {
    /// Runs a preparation that must fail, and checks it left no folder behind.
    func prepare(_ source: String) throws -> DatasetError? {
        let output = TemporaryDirectory()
        let error = #expect(throws: DatasetError.self) { try Preparation(source: source, output: output.path("d")).run() }
        #expect(!FileManager.default.fileExists(atPath: output.path("d")))
        return error
    }

    @Test func audioOnlyInputIsRefused() throws {
        let error = try prepare(try Fixtures.path("audio/espeak_16k.wav"))
        #expect(error?.description.contains("no video stream") == true)
    }

    @Test func tooShortInputIsRefused() throws {
        let directory = TemporaryDirectory()
        let short = directory.path("short.mp4")
        _ = try ChildProcess.run(try FFmpegTools.locate().ffmpeg, ["-nostdin", "-v", "error", "-i", try Fixtures.path("video/aoc_8s_512.mp4"),
                                                                  "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", short])
        let error = try prepare(short)
        #expect(error?.description.contains("at least 3 s") == true)
    }

    @Test func videoWithoutAFaceIsRefused() throws {
        let directory = TemporaryDirectory()
        let faceless = directory.path("faceless.mp4")
        _ = try ChildProcess.run(try FFmpegTools.locate().ffmpeg, [
            "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=300",
            "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", faceless,
        ])
        let error = try prepare(faceless)
        #expect(error?.description.hasPrefix(faceless) == true && error?.description.contains("no face") == true)
    }
}
