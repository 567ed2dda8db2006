import BeingAvatar
import BeingDriving
import BeingFace
import BeingMedia

/// The head pose and the picture behind output frame t: the avatar's own reference frames played
/// forward and backward (`ReferenceClip`) for as long as output runs, decoded one at a time.
public struct ReferencePlayer: Sendable {
    public let avatarPath: String
    public let reference: AvatarReference
    public let clip: ReferenceClip
    private var cache: (index: Int, image: RGBImage)?

    /// A player over the `frames` reference (train, test or all).
    public init(avatar avatarPath: String, reference: AvatarReference, frames: String = "train") throws {
        let indices = reference.frames(frames)
        guard !indices.isEmpty else { throw GenerationError.corrupt(avatarPath, "no \(frames) reference frames") }
        self.avatarPath = avatarPath
        self.reference = reference
        clip = ReferenceClip(frames: indices)
    }

    /// Pose and background of output frame `t`.
    public mutating func frame(_ t: Int) throws -> (pose: HeadPose, background: RGBImage) {
        let index = clip.frame(at: t)
        guard let pose = reference.poses[index] else { throw GenerationError.corrupt(avatarPath, "no pose for reference frame \(index)") }
        if cache?.index != index { cache = (index, try AvatarReference.frame(index, avatar: avatarPath)) }
        return (pose, cache!.image)
    }
}
