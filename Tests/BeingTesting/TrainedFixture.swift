import Foundation

/// The reference fixture prepared and trained with `--preset fast` through the CLI, once per test
/// process, for the slow tests of training, evaluation and generation.
public enum TrainedFixture {
    public static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("being-avatar-\(UUID().uuidString.prefix(8))")

    public static let dataset: Result<String, Error> = Result {
        let output = folder.appendingPathComponent("dataset").path
        let run = try BuiltProducts.runBeing(["prepare", try Fixtures.path("video/aoc_8s_512.mp4"), "-o", output])
        guard run.status == 0 else { throw Fixtures.FixtureMissing(path: "prepared dataset: \(run.stderr)") }
        return output
    }

    public static let avatar: Result<String, Error> = Result {
        let output = folder.appendingPathComponent("avatar").path
        let run = try BuiltProducts.runBeing(["train", try dataset.get(), "-o", output, "--preset", "fast"])
        guard run.status == 0 else { throw Fixtures.FixtureMissing(path: "trained avatar: \(run.stderr)") }
        return output
    }
}
