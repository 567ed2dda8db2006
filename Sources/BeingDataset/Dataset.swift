import BeingMedia
import BeingRuntime
import Foundation

/// A prepared dataset folder, opened and validated.
///
/// Opening checks the manifest and that every listed file exists with its recorded size, so a
/// missing or truncated file is reported at once; `verifyChecksums()` also compares contents.
public struct Dataset: Sendable {
    public let layout: DatasetLayout
    public let manifest: DatasetManifest

    public static func open(_ path: String) throws -> Dataset {
        let layout = DatasetLayout(root: URL(fileURLWithPath: path))
        guard let data = try? Data(contentsOf: layout.manifest) else {
            throw DatasetError.notADataset(path)
        }
        let manifest: DatasetManifest
        do {
            manifest = try JSONDecoder().decode(DatasetManifest.self, from: data)
        } catch {
            throw DatasetError.corruptFile(path, "dataset.json", reason: "not a dataset manifest: \(error)")
        }
        guard manifest.version == DatasetManifest.currentVersion else {
            throw DatasetError.unsupportedVersion(path, manifest.version)
        }
        for (name, entry) in manifest.files.sorted(by: { $0.key < $1.key }) {
            let url = layout.root.appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else {
                throw DatasetError.missingFile(path, name)
            }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
            if size != entry.bytes {
                throw DatasetError.truncatedFile(path, name, expected: entry.bytes, actual: size)
            }
        }
        for index in 0..<manifest.frameCount {
            for name in [DatasetLayout.frameName(index), DatasetLayout.maskName(index)] where manifest.files[name] == nil {
                throw DatasetError.corruptFile(path, "dataset.json", reason: "\(name) is not listed")
            }
        }
        return Dataset(layout: layout, manifest: manifest)
    }

    /// Compares every file's sha256 with the manifest.
    public func verifyChecksums() throws {
        for (name, entry) in manifest.files.sorted(by: { $0.key < $1.key }) {
            let actual = try SHA256.hex(ofFile: layout.root.appendingPathComponent(name))
            if actual != entry.sha256 {
                throw DatasetError.corruptFile(layout.root.path, name, reason: "checksum differs from dataset.json")
            }
        }
    }

    /// One digest over the manifest's file list: equal datasets have equal fingerprints.
    public var contentFingerprint: String {
        var hasher = SHA256()
        for (name, entry) in manifest.files.sorted(by: { $0.key < $1.key }) {
            hasher.update(Data("\(name) \(entry.sha256)\n".utf8))
        }
        return hasher.finalizeHex()
    }

    public func frame(_ index: Int) throws -> RGBImage {
        try JPEG.read(layout.frame(index).path)
    }

    public func mask(_ index: Int) throws -> GrayImage {
        try PNG.readGray(layout.mask(index).path)
    }

    public func audio() throws -> AudioSamples {
        try WAVFile.read(layout.audio.path).mono
    }
}
