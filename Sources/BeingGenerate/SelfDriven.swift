import BeingAudio
import BeingAvatar
import BeingDataset
import BeingFace
import BeingMedia
import BeingRuntime

/// A split of the avatar's own dataset rendered from its own speech and poses, frame-aligned
/// with its real frames: what `being eval` and `being generate --dataset` compare.
///
/// Frame t gets the tracked pose of frame t, the mouth from the split's audio (`MouthDriver`), and
/// the upper face (brows, eyelids) from the tracked code of frame t, since blinks are not driven
/// by speech: what `being generate` draws over reference frame t for avatars trained with
/// `CodeBlocks` (or the avatar's rest, `UpperSource`); the head is pasted into the real frame t.
public struct SelfDriven {
    /// Where the mouth block comes from: the split's speech (the real test), or the tracked codes
    /// of its frames (an upper bound that isolates rendering from speech → motion).
    public enum MouthSource: String, Sendable, CaseIterable { case speech, tracked }

    /// Where the upper face (brows, eyelids, gaze) comes from: the tracked code of each frame, or
    /// the avatar's rest (`ExpressionComposer` with the eyes open, no blinks), as `being generate`
    /// and `being serve` hold it between blinks for avatars without `CodeBlocks`; the second shows
    /// what the mouth gets from speech alone, with nothing of the real frame's face.
    public enum UpperSource: String, Sendable, CaseIterable { case tracked, rest }

    public let avatarPath: String
    public var mouthSource = MouthSource.speech
    public var upperSource = UpperSource.tracked
    public var progress: ProgressSink = .ignore

    public init(avatar: String) { avatarPath = avatar }

    public func render(dataset: Dataset, frames indices: [Int]) throws -> [RGBImage] {
        let avatar = try Avatar.load(avatarPath)
        let reference = try AvatarReference.load(avatar: avatarPath)
        let record = try TrackingRecord.load(from: dataset.layout.tracking)
        let audio = try dataset.audio()
        let driver = MouthDriver(avatar: avatar, restMouth: reference.restMouth)
        let kind = avatar.speech.config.featureKind.rawValue
        let stored = dataset.layout.featureFile(kind)
        let features = dataset.manifest.features.contains { $0.kind == kind }
            ? try SpeechFeatures.load(from: stored.path) : try driver.features(audio)
        let mouth = try driver.mouth(features: features, audio: audio, frames: indices)
        let renderer = AvatarRenderer(avatar: avatar)
        let composer = ExpressionComposer(avatar: avatar, reference: reference)
        let upper = avatar.expression.mouthRange.upperBound
        progress(.stageStarted(stage: "render", total: indices.count))
        var out: [RGBImage] = []
        for (n, t) in indices.enumerated() {
            let tracked = avatar.expression.code(record, frame: t).values
            let lips = mouthSource == .tracked ? Array(tracked[..<upper]) : mouth[n]
            let code = upperSource == .tracked ? ExpressionCode(values: lips + tracked[upper...]) : composer.code(mouth: lips, closure: 0)
            out.append(try renderer.render(frame: record.frames[t].pose, code: code, background: try dataset.frame(t)))
            progress(.advanced(stage: "render", completed: n + 1, total: indices.count, metrics: [:]))
        }
        return out
    }
}
