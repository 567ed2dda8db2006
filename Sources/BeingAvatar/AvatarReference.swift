import BeingAudio
import BeingDataset
import BeingFace
import BeingMedia
import BeingRuntime
import Foundation

/// What an avatar needs to speak new audio, kept in its folder (`reference/`) so that
/// `being generate` and `being serve` work without the dataset: the person's own video frames with
/// their tracked poses and, for avatars trained with `CodeBlocks`, the tracked upper face (brows,
/// lids, gaze) of each; the mouth at rest; and the face with eyes open plus the direction of a
/// blink in expression-code space, for avatars whose upper face could move the lips.
public struct AvatarReference: Codable, Sendable {
    public static let folderName = "reference"

    /// Dataset frame indices of the train and test splits.
    public var train: [Int]
    public var test: [Int]
    /// Tracked pose of every stored frame, by dataset index.
    public var poses: [Int: HeadPose]
    /// The mouth block at rest (`restMouth(codes:rest:apertures:)`).
    public var restMouth: [Float]
    /// The code outside the mouth block with eyes open, and what a full blink adds to it.
    public var openUpper: [Float]
    public var blinkDelta: [Float]
    /// The tracked code outside the mouth block of every stored frame, by dataset index: the
    /// person's own blinks, brows and gaze, played with the frame they belong to. Only for avatars
    /// trained with `CodeBlocks` (whose upper block cannot move the lips); nil otherwise, and in
    /// references written before it.
    public var upperCodes: [Int: [Float]]?

    /// Frames of `reference` (train, test or all), in order.
    public func frames(_ reference: String) -> [Int] {
        switch reference {
        case "test": return test
        case "all": return train + test
        default: return train
        }
    }

    static func url(_ avatar: String) -> URL { URL(fileURLWithPath: avatar).appendingPathComponent(folderName) }

    /// Builds the reference from the dataset the avatar was trained on, and writes it into the
    /// avatar folder (frames as JPEG, the rest as reference.json). `upperFromFrames`: store each
    /// frame's tracked upper face (`upperCodes`), for avatars trained with `CodeBlocks`.
    public static func write(dataset: Dataset, avatar: Avatar, upperFromFrames: Bool, to avatarFolder: String) throws {
        let record = try TrackingRecord.load(from: dataset.layout.tracking)
        let model = avatar.expression
        let split = dataset.manifest.split
        let stored = split.train.lowerBound..<split.test.upperBound  // the training frames, then the test frames
        let storedCodes = stored.map { model.code(record, frame: $0).values }  // [frames][K]
        let codes = Array(storedCodes.prefix(split.trainFrames))
        let mouth = model.mouthRange
        let apertures = split.train.map { record.frames[$0].expression.mouthAperture }
        let speech = SpeechActivity().weights(try dataset.audio(), frames: split.train.upperBound)
        let openness = split.train.map { (record.frames[$0].expression.eyeOpennessLeft + record.frames[$0].expression.eyeOpennessRight) / 2 }
        let byOpenness = split.train.indices.sorted { openness[$0] < openness[$1] }
        let shut = byOpenness.prefix(max(1, split.trainFrames / 20)), open = byOpenness.suffix(max(1, split.trainFrames / 2))
        func mean(_ rows: some Collection<Int>, _ range: Range<Int>) -> [Float] {
            range.map { j in rows.reduce(0) { $0 + codes[$1][j] } / Float(rows.count) }
        }
        let upper = mouth.upperBound..<model.dimension
        let openUpper = mean(open, upper), shutUpper = mean(shut, upper)
        var poses: [Int: HeadPose] = [:], upperCodes: [Int: [Float]] = [:]
        for (n, t) in stored.enumerated() {
            poses[t] = record.frames[t].pose
            if upperFromFrames { upperCodes[t] = Array(storedCodes[n][upper]) }
        }
        let reference = AvatarReference(train: Array(split.train), test: Array(split.test), poses: poses,
                                        restMouth: restMouth(codes: codes.map { Array($0[mouth]) }, rest: split.train.map { 1 - speech[$0] },
                                                             apertures: apertures),
                                        openUpper: openUpper,
                                        blinkDelta: zip(shutUpper, openUpper).map { $0 - $1 },
                                        upperCodes: upperFromFrames ? upperCodes : nil)
        let folder = url(avatarFolder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for t in stored {
            let target = folder.appendingPathComponent("\(t).jpg")
            if !FileManager.default.fileExists(atPath: target.path) {
                try AtomicFile.write(try Data(contentsOf: dataset.layout.frame(t)), to: target)
            }
        }
        try AtomicFile.write(try JSONEncoder().encode(reference), to: folder.appendingPathComponent("reference.json"))
    }

    /// The mouth block the driver eases to where the audio is quiet (`MouthDriver`): the mean of
    /// the training frames' mouth codes [T][Km], each weighted by how much the driver rests it
    /// (`rest`, 1 − its `SpeechActivity` weight), so the avatar pauses as the person did. A clip
    /// with less than two frames' worth of pause gives the mean of its most closed seventh
    /// instead (`apertures` [T]). Held-out frames of the aoc fixture, speech-driven: the most
    /// closed seventh (3.9 mm) gave face PSNR 24.30 dB and lip distance 3.40 px, the pauses
    /// (5.9 mm) 24.66 and 3.18.
    public static func restMouth(codes: [[Float]], rest: [Float], apertures: [Double]) -> [Float] {
        let total = rest.reduce(0, +)
        let weights = total >= 2 ? rest.map { $0 / total } : {
            let closed = Set(apertures.indices.sorted { apertures[$0] < apertures[$1] }.prefix(max(1, apertures.count / 7)))
            return apertures.indices.map { closed.contains($0) ? 1 / Float(closed.count) : 0 }
        }()
        return codes[0].indices.map { j in zip(codes, weights).reduce(0) { $0 + $1.0[j] * $1.1 } }
    }

    public static func load(avatar: String) throws -> AvatarReference {
        let file = url(avatar).appendingPathComponent("reference.json")
        guard let data = try? Data(contentsOf: file) else {
            throw AvatarError.corrupt(url(avatar).path, "no reference frames (reference/reference.json)")
        }
        let reference: AvatarReference
        do {
            reference = try JSONDecoder().decode(AvatarReference.self, from: data)
        } catch {
            throw AvatarError.corrupt(file.path, "\(error)")
        }
        if let upper = reference.upperCodes {
            let width = reference.openUpper.count
            if let frame = reference.poses.keys.sorted().first(where: { upper[$0]?.count != width }) {
                throw AvatarError.corrupt(file.path, "no upper-face code of \(width) values for reference frame \(frame)")
            }
        }
        return reference
    }

    /// The stored frame `index` of the avatar at `avatar`.
    public static func frame(_ index: Int, avatar: String) throws -> RGBImage {
        try JPEG.read(url(avatar).appendingPathComponent("\(index).jpg").path)
    }
}
