import BeingRuntime
import Foundation

/// The runtime files (ONNX Runtime and the converted face models) in `BEING_HOME` (else `~/.being`).
///
/// Tests that run the models declare `.enabled(if: RuntimeModels.shouldRun)` and call
/// `try RuntimeModels.home()`: locally, missing files skip the test; under CI (`CI=true`) the test
/// runs and fails with a message saying what to install.
public enum RuntimeModels {
    public static let faceFiles: [RuntimeFile] = [.onnxRuntime, .faceDetector, .faceMesh, .irisModel]

    public static var location: BeingHome { BeingHome.fromEnvironment() }

    public static func missing(_ files: [RuntimeFile] = faceFiles) -> [String] {
        files.map { location.file($0.relativePath).path }.filter { !FileManager.default.fileExists(atPath: $0) }
    }

    /// Whether model tests should run: always under CI, else when every file is present.
    public static var shouldRun: Bool { Fixtures.isCI || missing().isEmpty }

    /// The same for tests that need every runtime file (face models and hama).
    public static var shouldRunAll: Bool { Fixtures.isCI || missing(RuntimeFile.allCases).isEmpty }

    /// The home holding the face models; throws a clear error when any file is missing.
    public static func home() throws -> BeingHome {
        let absent = missing()
        guard absent.isEmpty else { throw ModelsMissing(paths: absent) }
        return location
    }

    public struct ModelsMissing: Error, CustomStringConvertible {
        public let paths: [String]
        public var description: String {
            "runtime files missing: \(paths.joined(separator: ", ")); run `make setup` or point BEING_HOME at a filled folder"
        }
    }
}
