import BeingEval
import BeingMedia
import BeingTesting
import Testing

/// Known cases on real fixture frames, through the face tracker.
@Suite(.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4") && RuntimeModels.shouldRun, "needs the fixture and `make setup`"))
struct EvaluatorTests {
    static func frames(_ count: Int) throws -> [RGBImage] {
        let reader = try VideoFrameReader(path: try Fixtures.path("video/aoc_8s_512.mp4"))
        defer { reader.close() }
        var frames: [RGBImage] = []
        // From frame 50: the mouth opens and closes over the next 24 frames.
        while frames.count < 50 + count, let frame = try reader.next() { frames.append(frame) }
        return Array(frames.suffix(count))
    }

    @Test func identicalDelayedAndBlurredCopies() throws {
        let real = try Self.frames(24)
        let delayed = [real[0], real[0]] + real.dropLast(2)
        let report = try Evaluator().evaluate(real: real, candidates: [
            (name: "identical", frames: real), (name: "delayed", frames: delayed), (name: "blurred", frames: real.map(blurred)),
        ])
        let identical = report.candidates[0], late = report.candidates[1], soft = report.candidates[2]
        #expect(identical.psnr == .infinity && identical.psnrFace == .infinity)
        #expect(identical.lipDistance == 0 && identical.meshDistance == 0)
        #expect(isClose(identical.apertureCorrelation ?? 0, 1, atol: 1e-9))
        #expect(identical.lag == 0)
        #expect(late.lag == 2)
        #expect(soft.psnrFace < 45 && soft.ssimFace < identical.ssimFace - 0.01)
        #expect(report.realBlinks == identical.blinks)
    }
}
