/// Errors of training, loading and rendering avatars, each saying what to do.
public enum AvatarError: Error, CustomStringConvertible, Sendable {
    case dataset(String)
    case notAnAvatar(String)
    case corrupt(String, String)
    case olderFormat(String, found: String, expected: String)
    case checkpoint(String, String)

    public var description: String {
        switch self {
        case let .dataset(problem):
            return "the dataset cannot train an avatar: \(problem); run `being prepare` again"
        case let .notAnAvatar(path):
            return "\(path): not an avatar folder (no avatar.json); train one with `being train DATASET -o \(path)`"
        case let .corrupt(path, problem):
            return "\(path): damaged avatar (\(problem)); train it again with `being train`"
        case let .olderFormat(path, found, expected):
            return "\(path): an avatar of format \(found), this build reads \(expected); train it again with `being train`"
        case let .checkpoint(path, problem):
            return "\(path): cannot resume (\(problem)); start again without --resume, or delete the folder"
        }
    }
}
