import BeingRuntime
import Foundation

/// The flags of `being prepare`.
public struct PreparationOptions: Sendable, Codable, Equatable {
    /// Seconds at the end held out for testing; nil picks 2 s under 20 s of video, else 10%.
    public var testSeconds: Double?
    /// Longer videos are cut to this, with a warning.
    public var maxSeconds: Double = 300
    /// Shorter videos are refused.
    public var minSeconds: Double = 3
    /// Also write `preview.mp4` with the tracked mesh and pose drawn.
    public var preview = false
    /// Output frames are size × size at `fps`.
    public var size = 512
    public var fps = 25
    /// Frames per second sampled from the source to place the crop.
    public var locateFPS = 5.0

    public init(testSeconds: Double? = nil, maxSeconds: Double = 300, preview: Bool = false) {
        self.testSeconds = testSeconds
        self.maxSeconds = maxSeconds
        self.preview = preview
    }

    /// A digest of everything that changes the dataset's contents, with the source's checksum:
    /// a rerun with other options or another video must not reuse finished stages.
    func fingerprint(sourceChecksum: String) throws -> String {
        var copy = self
        copy.preview = false  // the preview is extra output, not part of the dataset
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var hasher = SHA256()
        hasher.update(try encoder.encode(copy))
        hasher.update(Data(sourceChecksum.utf8))
        return hasher.finalizeHex()
    }
}
