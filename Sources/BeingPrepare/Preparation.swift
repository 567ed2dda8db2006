import BeingAudio
import BeingDataset
import BeingFace
import BeingMedia
import BeingRuntime
import Foundation

/// `being prepare`: a video in, a validated training dataset out.
///
/// Stages, each resumable (see `StageLedger`): locate (where the face is, for the crop) → frames
/// (crop, 512², 25 fps, JPEG; 16 kHz mono audio) → track (mesh, pose, camera, expressions) →
/// masks → features (hama phonemes, or log-mel) → manifest (split, checksums; written last).
public final class Preparation {
    public let sourcePath: String
    public let layout: DatasetLayout
    public let options: PreparationOptions
    let home: BeingHome
    let progress: ProgressSink

    public init(source: String, output: String, options: PreparationOptions = .init(), home: BeingHome = .fromEnvironment(),
                progress: ProgressSink = .ignore) {
        self.sourcePath = source
        self.layout = DatasetLayout(root: URL(fileURLWithPath: output))
        self.options = options
        self.home = home
        self.progress = progress
    }

    /// Runs every unfinished stage and returns the opened dataset.
    @discardableResult
    public func run() throws -> Dataset {
        let source = try SourceVideo(path: sourcePath, options: options, progress: progress)
        let existed = FileManager.default.fileExists(atPath: layout.root.path)
        try FileManager.default.createDirectory(at: layout.stages, withIntermediateDirectories: true)
        do {
            return try runStages(source)
        } catch {
            // A new folder in which no stage finished holds nothing worth resuming: leave no trace.
            let markers = (try? FileManager.default.contentsOfDirectory(atPath: layout.stages.path))?.filter { $0.hasSuffix(".done") } ?? []
            if !existed && markers.isEmpty { try? FileManager.default.removeItem(at: layout.root) }
            if error is FaceError { throw DatasetError.invalidInput(sourcePath, "\(error)") }
            throw error
        }
    }

    private func runStages(_ source: SourceVideo) throws -> Dataset {
        let ledger = StageLedger(layout: layout, fingerprint: try options.fingerprint(sourceChecksum: source.sha256))
        let tracker = Lazy { try FaceTracker(home: self.home) }

        try stage("locate", ledger) { try locate(source, tracker: tracker.value()) }
        try stage("frames", ledger) { try writeFrames(source) }
        try stage("track", ledger) { try track(tracker: tracker.value()) }
        try stage("masks", ledger) { try writeMasks() }
        try stage("features", ledger) { try writeFeatures() }
        try stage("manifest", ledger) { try writeManifest(source) }
        if options.preview {
            try writePreview()
        }
        return try Dataset.open(layout.root.path)
    }

    private func stage(_ name: String, _ ledger: StageLedger, _ work: () throws -> Void) throws {
        let start = Date()
        if try ledger.isDone(name) {
            progress(.stageFinished(stage: "\(name) (already done)", seconds: 0))
            return
        }
        try work()
        try ledger.markDone(name)
        progress(.stageFinished(stage: name, seconds: Date().timeIntervalSince(start)))
    }

    var cropURL: URL { layout.stages.appendingPathComponent("crop.json") }

    func readCrop() throws -> CropBox {
        try JSONDecoder().decode(CropBox.self, from: Data(contentsOf: cropURL))
    }

    /// Builds a folder under a temporary name and swaps it into place whole.
    func writeFolder(_ name: String, _ fill: (URL) throws -> Void) throws {
        let final = layout.root.appendingPathComponent(name)
        let partial = layout.root.appendingPathComponent(".\(name).partial")
        let manager = FileManager.default
        try? manager.removeItem(at: partial)
        try manager.createDirectory(at: partial, withIntermediateDirectories: true)
        try fill(partial)
        try? manager.removeItem(at: final)
        try manager.moveItem(at: partial, to: final)
    }
}

/// A value made on first use (the face models load only when a stage needs them).
final class Lazy<T> {
    private var made: T?
    private let make: () throws -> T

    init(_ make: @escaping () throws -> T) {
        self.make = make
    }

    func value() throws -> T {
        if let made { return made }
        let value = try make()
        made = value
        return value
    }
}
