import BeingAudio
import BeingDataset
import BeingFace
import BeingMedia
import BeingRuntime
import Foundation

extension Preparation {
    /// Splits, checksums every file and writes `dataset.json`, last, so its presence means complete.
    func writeManifest(_ source: SourceVideo) throws {
        let record = try TrackingRecord.load(from: layout.tracking)
        let count = record.frames.count
        let split = try TrainTestSplit.make(frameCount: count, fps: Double(options.fps), testSeconds: options.testSeconds, source: sourcePath)
        var features: [DatasetManifest.Features] = []
        for kind in SpeechFeatures.Kind.allCases {
            let url = layout.featureFile(kind.rawValue)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let loaded = try SpeechFeatures.load(from: url.path)
            features.append(.init(kind: kind.rawValue, rate: loaded.rate, dimensions: loaded.dimensions, steps: loaded.steps,
                                  file: "features/\(url.lastPathComponent)"))
        }
        let crop = try readCrop()
        let manifest = DatasetManifest(
            version: DatasetManifest.currentVersion, createdBy: "being prepare",
            source: .init(path: sourcePath, sha256: source.sha256, width: source.video.width, height: source.video.height,
                          fps: source.video.fps, duration: source.info.duration, cropX: crop.x, cropY: crop.y, cropSize: crop.width,
                          usedSeconds: source.usedSeconds),
            fps: options.fps, size: options.size, frameCount: count, audioSampleRate: AudioSamples.speechSampleRate,
            focal: record.camera.focal, split: split, features: features, maskBits: MaskBits.names,
            files: try checksummedFiles())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(manifest), to: layout.manifest)
    }

    /// Every file of the dataset proper (not the stage markers), by relative path.
    func checksummedFiles() throws -> [String: DatasetManifest.FileEntry] {
        var files: [String: DatasetManifest.FileEntry] = [:]
        for folder in ["frames", "masks", "tracking", "features"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: layout.root.appendingPathComponent(folder).path)
            for name in names.sorted() where !name.hasPrefix(".") {
                files["\(folder)/\(name)"] = try entry(for: "\(folder)/\(name)")
            }
        }
        files["audio.wav"] = try entry(for: "audio.wav")
        return files
    }

    private func entry(for name: String) throws -> DatasetManifest.FileEntry {
        let url = layout.root.appendingPathComponent(name)
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        return .init(bytes: size, sha256: try SHA256.hex(ofFile: url))
    }

    /// `preview.mp4`: the normalised frames with the mesh and pose axes drawn.
    func writePreview() throws {
        let record = try TrackingRecord.load(from: layout.tracking)
        let output = layout.root.appendingPathComponent("preview.mp4").path
        let encoder = try VideoEncoder(outputPath: output, width: options.size, height: options.size, fps: options.fps,
                                       audio: .file(layout.audio.path))
        for t in record.frames.indices {
            var image = try JPEG.read(layout.frame(t).path)
            TrackingPreview.draw(record, frame: t, on: &image)
            try encoder.append(image)
        }
        try encoder.finish()
        progress(.artifact(path: output))
    }
}
