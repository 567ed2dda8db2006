/// Errors of `being generate`, each saying what to do.
public struct GenerationError: Error, CustomStringConvertible, Sendable {
    private let message: String

    public static func corrupt(_ path: String, _ reason: String) -> GenerationError {
        GenerationError(message: "\(path): damaged (\(reason)); train the avatar again with `being train`")
    }
    public static func emptyAudio(_ path: String) -> GenerationError {
        GenerationError(message: "\(path): the audio is empty; give a file with speech (or silence) at least one frame (40 ms) long")
    }

    public var description: String { message }
}
