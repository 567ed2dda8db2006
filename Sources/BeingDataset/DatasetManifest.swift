/// `dataset.json`: everything a dataset folder holds, with checksums, written last by `being prepare`.
///
/// Alignment: video frame i (25 fps) spans [i/25, (i+1)/25) s of `audio.wav`; for 50 steps/s
/// phoneme features that is steps 2i and 2i+1, for 100 steps/s log-mel steps 4i..4i+3.
public struct DatasetManifest: Codable, Sendable, Equatable {
    public static let currentVersion = 1

    /// Where the dataset came from.
    public struct Source: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var width: Int
        public var height: Int
        public var fps: Double
        public var duration: Double
        /// The square cut from the source, in source pixels, constant over the video.
        public var cropX: Int
        public var cropY: Int
        public var cropSize: Int
        /// Seconds of source used (the video may have been cut to --max-seconds).
        public var usedSeconds: Double

        public init(path: String, sha256: String, width: Int, height: Int, fps: Double, duration: Double,
                    cropX: Int, cropY: Int, cropSize: Int, usedSeconds: Double) {
            self.path = path; self.sha256 = sha256; self.width = width; self.height = height; self.fps = fps
            self.duration = duration; self.cropX = cropX; self.cropY = cropY; self.cropSize = cropSize
            self.usedSeconds = usedSeconds
        }
    }

    /// A speech-feature file.
    public struct Features: Codable, Sendable, Equatable {
        /// "phonemes" (hama, 191 log-probabilities) or "logmel" (80 bands).
        public var kind: String
        /// Steps per second.
        public var rate: Int
        public var dimensions: Int
        public var steps: Int
        public var file: String

        public init(kind: String, rate: Int, dimensions: Int, steps: Int, file: String) {
            self.kind = kind; self.rate = rate; self.dimensions = dimensions; self.steps = steps; self.file = file
        }
    }

    /// Size and sha256 of one file, by its path relative to the dataset folder.
    public struct FileEntry: Codable, Sendable, Equatable {
        public var bytes: Int
        public var sha256: String

        public init(bytes: Int, sha256: String) {
            self.bytes = bytes; self.sha256 = sha256
        }
    }

    public var version: Int
    public var createdBy: String
    public var source: Source
    public var fps: Int
    /// Frames are size × size.
    public var size: Int
    public var frameCount: Int
    public var audioSampleRate: Int
    /// Focal length in pixels of the 512² frames, one for the whole video.
    public var focal: Double
    public var split: TrainTestSplit
    public var features: [Features]
    /// Bits of `masks/NNNNNN.png`; see `MaskBits`.
    public var maskBits: [String: Int]
    public var files: [String: FileEntry]

    public init(version: Int, createdBy: String, source: Source, fps: Int, size: Int, frameCount: Int, audioSampleRate: Int,
                focal: Double, split: TrainTestSplit, features: [Features], maskBits: [String: Int], files: [String: FileEntry]) {
        self.version = version; self.createdBy = createdBy; self.source = source; self.fps = fps; self.size = size
        self.frameCount = frameCount; self.audioSampleRate = audioSampleRate; self.focal = focal; self.split = split
        self.features = features; self.maskBits = maskBits; self.files = files
    }

    public var duration: Double { Double(frameCount) / Double(fps) }
}
