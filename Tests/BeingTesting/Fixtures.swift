import Foundation

/// The shared media fixtures in `../shared/fixtures/` beside the repository (see its README).
///
/// Tests that need a fixture declare `.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4"))`
/// and then call `try Fixtures.path(…)`: elsewhere a missing fixture skips the test, under CI
/// (`CI=true`) the test runs and fails loudly.
public enum Fixtures {
    /// `…/shared/fixtures`, found from this source file's location.
    public static let directory: URL = {
        if let explicit = ProcessInfo.processInfo.environment["BEING_FIXTURES"] {
            return URL(fileURLWithPath: explicit)
        }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Tests/BeingTesting/Fixtures.swift -> repository root
        return url.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    public static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"].map { $0 == "true" || $0 == "1" } ?? false
    }

    public static func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
    }

    /// Whether a test needing `names` should run: always under CI, else when they are all present.
    public static func shouldRun(_ names: String...) -> Bool {
        isCI || names.allSatisfy(exists)
    }

    /// The path of a fixture; throws a clear error when it is missing.
    public static func path(_ name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FixtureMissing(path: url.path)
        }
        return url.path
    }

    public struct FixtureMissing: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "fixture missing: \(path) (see ../shared/fixtures/README.md)" }
    }
}

/// Programs that some tests need (ffmpeg); the same rule: skip locally, fail under CI.
public enum TestTools {
    public static func has(_ program: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    public static var shouldRunMedia: Bool { Fixtures.isCI || (has("ffmpeg") && has("ffprobe")) }
}

/// A scratch folder removed when the value is dropped.
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("being-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
