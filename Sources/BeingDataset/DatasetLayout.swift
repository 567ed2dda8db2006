import Foundation

/// Names of everything inside a dataset folder.
///
///     dataset.json           the manifest, written last
///     frames/000000.jpg      512² RGB frames, JPEG q95
///     masks/000000.png       8-bit masks, one bit per region (MaskBits)
///     tracking/              the face-tracking record (BeingFace's TrackingRecord)
///     features/KIND.spf      speech features (BeingAudio's SpeechFeatures files)
///     audio.wav              16 kHz mono PCM
///     stages/*.done          completion markers for resuming; not part of the dataset proper
public struct DatasetLayout: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public var manifest: URL { root.appendingPathComponent("dataset.json") }
    public var audio: URL { root.appendingPathComponent("audio.wav") }
    public var tracking: URL { root.appendingPathComponent("tracking") }
    public var features: URL { root.appendingPathComponent("features") }
    public var stages: URL { root.appendingPathComponent("stages") }

    public static func frameName(_ index: Int) -> String { "frames/" + paddedIndex(index) + ".jpg" }
    public static func maskName(_ index: Int) -> String { "masks/" + paddedIndex(index) + ".png" }

    public func frame(_ index: Int) -> URL { root.appendingPathComponent(Self.frameName(index)) }
    public func mask(_ index: Int) -> URL { root.appendingPathComponent(Self.maskName(index)) }
    public func featureFile(_ kind: String) -> URL { features.appendingPathComponent("\(kind).spf") }

    static func paddedIndex(_ index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}

/// The regions of a mask pixel, one bit each, so one 8-bit PNG per frame holds them all.
public struct MaskBits: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The face oval extended down over the jaw and upper neck.
    public static let face = MaskBits(rawValue: 1 << 0)
    /// Between the outer and the inner lip contours.
    public static let lips = MaskBits(rawValue: 1 << 1)
    /// Inside the inner lip contour.
    public static let mouthInterior = MaskBits(rawValue: 1 << 2)
    /// Bright, low-saturation pixels of the mouth interior.
    public static let teeth = MaskBits(rawValue: 1 << 3)
    /// Inside either eye contour.
    public static let eyes = MaskBits(rawValue: 1 << 4)

    public static let names: [String: Int] = [
        "face": Int(face.rawValue), "lips": Int(lips.rawValue), "mouthInterior": Int(mouthInterior.rawValue),
        "teeth": Int(teeth.rawValue), "eyes": Int(eyes.rawValue),
    ]
}
