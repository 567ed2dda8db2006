import BeingRuntime
import Foundation

/// The `being` executable that `swift build` put beside the test bundle, for tests that run the
/// CLI as a user would.
public enum BuiltProducts {
    public static var being: String? {
        var folders = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
        folders += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }.map { $0.deletingLastPathComponent() }
        return folders.map { $0.appendingPathComponent("being").path }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What a run of the CLI produced.
    public struct Run {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `being` with `arguments` and extra environment variables.
    public static func runBeing(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        guard let being else { throw Fixtures.FixtureMissing(path: "being executable (run `swift build` first)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: being)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }
}
