/// Errors of `being generate`, each saying what to do.
public struct GenerationError: Error, CustomStringConvertible, Sendable {
    private let message: String

    public static func corrupt(_ path: String, _ reason: String) -> GenerationError {
        GenerationError(message: "\(path): damaged (\(reason)); train the avatar again with `being train`")
    }
    public static func emptyAudio(_ path: String) -> GenerationError {
        GenerationError(message: "\(path): the audio is empty; give a file with speech (or silence) at least one frame (40 ms) long")
    }

    public static let streamingNeedsPhonemes = GenerationError(
        message: "this avatar's speech model reads log-mel features normalised over a whole utterance, which a live stream cannot give; install hama (`make setup`) and train the avatar again to stream it")

    public static let speechAfterEnd = GenerationError(
        message: "speech arrived after `end` but before the segment finished playing; wait for speech_end or send `interrupt` first")

    public var description: String { message }
}
