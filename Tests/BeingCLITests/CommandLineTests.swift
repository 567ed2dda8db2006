import BeingRuntime
import BeingTesting
import Foundation
import Testing

/// The CLI run as a user runs it: exit statuses and one-line errors.
@Suite(.enabled(if: BuiltProducts.being != nil || Fixtures.isCI, "build `being` first (swift build)"))
struct CommandLineTests {
    @Test func versionPrints() throws {
        let run = try BuiltProducts.runBeing(["--version"])
        #expect(run.status == 0 && run.stdout.hasPrefix("being "))
    }

    /// Train, generate and serve on paths that do not exist: status 1, one line naming the path and the fix.
    @Test(arguments: [
        (["serve", "no-such-avatar"], "no-such-avatar", "being train"),
        (["train", "no-such-dataset", "-o", "avatar"], "no-such-dataset", "being prepare"),
        (["generate", "no-such-avatar", "--audio", "a.wav", "-o", "out.mp4"], "no-such-avatar", "being train"),
    ])
    func missingInputsFailWithTheFix(arguments: [String], path: String, fix: String) throws {
        let run = try BuiltProducts.runBeing(arguments)
        #expect(run.status == 1)
        #expect(run.stderr.contains(path) && run.stderr.contains(fix))
        #expect(run.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(run.stderr)")
    }

    @Test(.enabled(if: TestTools.shouldRunMedia && Fixtures.shouldRun("video/blue_7s_700_30fps.mp4")))
    func probeJSONDescribesTheFixture() throws {
        let run = try BuiltProducts.runBeing(["probe", try Fixtures.path("video/blue_7s_700_30fps.mp4"), "--json"])
        #expect(run.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let video = json?["video"] as? [String: Any]
        #expect(video?["width"] as? Int == 700 && video?["height"] as? Int == 700)
        #expect(video?["fps"] as? Double == 30)
        #expect(json?["audio"] != nil)
    }

    @Test(.enabled(if: TestTools.shouldRunMedia))
    func badInputsFailWithOneLineNamingTheFile() throws {
        let directory = TemporaryDirectory()
        try Data("plain text\n".utf8).write(to: directory.url.appendingPathComponent("text.mp4"))
        try Data().write(to: directory.url.appendingPathComponent("empty.mp4"))
        for name in ["missing.mp4", "text.mp4", "empty.mp4"] {
            let path = directory.path(name)
            let run = try BuiltProducts.runBeing(["probe", path])
            #expect(run.status != 0)
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "stderr: \(run.stderr)")
            #expect(run.stderr.contains(path))
        }
    }
}
