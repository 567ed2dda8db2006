import BeingRuntime
import Foundation

/// Completion markers that make `being prepare` resumable.
///
/// A stage writes its outputs under temporary names, renames them into place, and only then
/// records `stages/NAME.done` with the fingerprint of the options it ran with. A rerun skips
/// stages whose marker matches, and refuses to mix outputs of different options.
public struct StageLedger: Sendable {
    public let layout: DatasetLayout
    /// A digest of every option that changes the outputs.
    public let fingerprint: String

    public init(layout: DatasetLayout, fingerprint: String) {
        self.layout = layout
        self.fingerprint = fingerprint
    }

    private func marker(_ stage: String) -> URL {
        layout.stages.appendingPathComponent("\(stage).done")
    }

    /// Whether `stage` finished with these options; throws if it finished with others.
    public func isDone(_ stage: String) throws -> Bool {
        guard let data = try? Data(contentsOf: marker(stage)) else { return false }
        let recorded = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard recorded == fingerprint else {
            throw DatasetError.optionsChanged(layout.root.path, stage: stage)
        }
        return true
    }

    public func markDone(_ stage: String) throws {
        try AtomicFile.write(Data((fingerprint + "\n").utf8), to: marker(stage))
    }

    /// Runs `work` unless `stage` is already done, then marks it; returns whether it ran.
    @discardableResult
    public func run(_ stage: String, _ work: () throws -> Void) throws -> Bool {
        if try isDone(stage) { return false }
        try work()
        try markDone(stage)
        return true
    }
}
