@testable import BeingDataset
import BeingMedia
import BeingRuntime
import BeingTesting
import Foundation
import Testing

@Suite struct DatasetFormatTests {
    @Test func defaultSplitHoldsOutTwoSecondsOrTenPercent() throws {
        let short = try TrainTestSplit.make(frameCount: 200, fps: 25, testSeconds: nil, source: "v.mp4")
        #expect(short.testFrames == 50 && short.trainFrames == 150)
        let long = try TrainTestSplit.make(frameCount: 1000, fps: 25, testSeconds: nil, source: "v.mp4")
        #expect(long.testFrames == 100 && long.test == 900..<1000)
        #expect(throws: DatasetError.self) { try TrainTestSplit.make(frameCount: 60, fps: 25, testSeconds: 2, source: "v.mp4") }
    }

    @Test func ledgerSkipsDoneStagesAndRefusesOtherOptions() throws {
        let directory = TemporaryDirectory()
        let layout = DatasetLayout(root: directory.url)
        var runs = 0
        let ledger = StageLedger(layout: layout, fingerprint: "a")
        #expect(try ledger.run("frames") { runs += 1 })
        #expect(try !ledger.run("frames") { runs += 1 })
        #expect(runs == 1)
        #expect(throws: DatasetError.self) { try StageLedger(layout: layout, fingerprint: "b").isDone("frames") }
    }

    /// A minimal dataset with two frames, written by hand.
    func writeTinyDataset(in directory: TemporaryDirectory) throws -> DatasetLayout {
        let layout = DatasetLayout(root: directory.url)
        var files: [String: DatasetManifest.FileEntry] = [:]
        func put(_ name: String, _ data: Data) throws {
            try AtomicFile.write(data, to: layout.root.appendingPathComponent(name))
            files[name] = .init(bytes: data.count, sha256: SHA256.hex(of: data))
        }
        for index in 0..<2 {
            try put(DatasetLayout.frameName(index), Data(repeating: UInt8(index + 1), count: 100))
            try put(DatasetLayout.maskName(index), try PNG.encode(GrayImage(width: 4, height: 4, pixels: .init(repeating: 1, count: 16))))
        }
        let manifest = DatasetManifest(
            version: 1, createdBy: "test",
            source: .init(path: "v.mp4", sha256: "", width: 4, height: 4, fps: 25, duration: 0.08, cropX: 0, cropY: 0, cropSize: 4, usedSeconds: 0.08),
            fps: 25, size: 4, frameCount: 2, audioSampleRate: 16_000, focal: 5, split: .init(trainFrames: 1, testFrames: 1),
            features: [], maskBits: MaskBits.names, files: files)
        try AtomicFile.write(try JSONEncoder().encode(manifest), to: layout.manifest)
        return layout
    }

    @Test func openValidatesAndReportsTruncationAndMissingFiles() throws {
        let directory = TemporaryDirectory()
        let layout = try writeTinyDataset(in: directory)
        let dataset = try Dataset.open(directory.url.path)
        try dataset.verifyChecksums()
        #expect(try dataset.mask(1).pixels == .init(repeating: 1, count: 16))

        try Data(repeating: 1, count: 10).write(to: layout.frame(0))
        let truncated = #expect(throws: DatasetError.self) { try Dataset.open(directory.url.path) }
        #expect(truncated?.description.contains("frames/000000.jpg: truncated") == true)

        try Data(repeating: 1, count: 100).write(to: layout.frame(0))
        try FileManager.default.removeItem(at: layout.mask(1))
        let missing = #expect(throws: DatasetError.self) { try Dataset.open(directory.url.path) }
        #expect(missing?.description.contains("missing") == true)

        let empty = TemporaryDirectory()
        #expect(throws: DatasetError.self) { try Dataset.open(empty.url.path) }
    }

    @Test func checksumsCatchSameSizeDamage() throws {
        let directory = TemporaryDirectory()
        let layout = try writeTinyDataset(in: directory)
        try Data(repeating: 9, count: 100).write(to: layout.frame(1))
        let dataset = try Dataset.open(directory.url.path)
        #expect(throws: DatasetError.self) { try dataset.verifyChecksums() }
    }
}
