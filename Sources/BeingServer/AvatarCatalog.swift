import BeingAudio
import BeingAvatar
import BeingGenerate
import Foundation

/// One avatar the server streams, loaded once and shared by its sessions.
public struct ServedAvatar: Sendable {
    /// The folder's last path component, unique within the catalog.
    public let id: String
    public let path: String
    public let avatar: Avatar
    public let reference: AvatarReference
    public let renderer: AvatarRenderer

    /// A fresh animator for one session.
    func animator(extractor: PhonemeExtractor, seed: UInt64) throws -> LiveAnimator {
        try LiveAnimator(avatar: avatar, avatarPath: path, reference: reference, extractor: extractor, seed: seed)
    }
}

/// The avatars named on the command line, by id, and the phoneme extractor they share.
public struct AvatarCatalog: Sendable {
    public let avatars: [ServedAvatar]
    /// hama's phoneme features, shared by every session (its recogniser keeps a pool of instances).
    public let extractor: PhonemeExtractor?

    public init(avatars: [ServedAvatar], extractor: PhonemeExtractor?) {
        self.avatars = avatars; self.extractor = extractor
    }

    /// Loads every folder; ids are folder names, made unique with a numeric suffix.
    public static func load(_ paths: [String], extractor: PhonemeExtractor) throws -> AvatarCatalog {
        var avatars: [ServedAvatar] = []
        for path in paths {
            let avatar = try Avatar.load(path)
            guard avatar.speech.config.featureKind == .phonemes else { throw GenerationError.streamingNeedsPhonemes }
            let base = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
            var id = base, n = 2
            while avatars.contains(where: { $0.id == id }) { id = "\(base)-\(n)"; n += 1 }
            avatars.append(ServedAvatar(id: id, path: path, avatar: avatar, reference: try AvatarReference.load(avatar: path),
                                        renderer: AvatarRenderer(avatar: avatar)))
        }
        return AvatarCatalog(avatars: avatars, extractor: extractor)
    }

    public func avatar(_ id: String) -> ServedAvatar? { avatars.first { $0.id == id } }
}
