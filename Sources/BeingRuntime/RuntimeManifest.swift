import Foundation

/// `manifest.json` in `BeingHome`, written by `scripts/install_runtime.py`.
///
///     { "format": 1,
///       "components": { "onnxruntime": { "version": "1.32.0", "source": "pypi:onnxruntime==1.32.0" }, ... },
///       "files": { "lib/libonnxruntime.so": { "component": "onnxruntime", "sha256": "…", "bytes": 34824680 }, ... } }
public struct RuntimeManifest: Codable, Sendable, Equatable {
    public struct Component: Codable, Sendable, Equatable {
        public var version: String
        public var source: String
        public init(version: String, source: String) {
            self.version = version
            self.source = source
        }
    }

    public struct File: Codable, Sendable, Equatable {
        public var component: String
        public var sha256: String
        public var bytes: Int
        public init(component: String, sha256: String, bytes: Int) {
            self.component = component
            self.sha256 = sha256
            self.bytes = bytes
        }
    }

    public var format: Int
    public var components: [String: Component]
    public var files: [String: File]

    public init(format: Int = 1, components: [String: Component], files: [String: File]) {
        self.format = format
        self.components = components
        self.files = files
    }

    /// Reads the manifest of `home`; `nil` when there is none.
    public static func load(from home: BeingHome) throws -> RuntimeManifest? {
        let url = home.manifestURL
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data = try Data(contentsOf: url)
        do {
            return try JSONDecoder().decode(RuntimeManifest.self, from: data)
        } catch {
            throw RuntimeError.corruptManifest(url.path, reason: "\(error)")
        }
    }
}
