import BeingAudio
import BeingAvatar
import BeingMedia

/// The mouth block of the expression code from speech, the one path that `being generate`,
/// self-driven evaluation and the server share: the avatar's speech → motion model on the
/// features, eased to the avatar's rest mouth where the audio is quiet (`SpeechActivity`).
/// `MouthStream` gives the same numbers from audio that arrives in chunks.
public struct MouthDriver: Sendable {
    public let avatar: Avatar
    public let restMouth: [Float]  // [Km]
    public var activity = SpeechActivity()

    public init(avatar: Avatar, restMouth: [Float]) {
        self.avatar = avatar; self.restMouth = restMouth
    }

    /// The features the avatar's model reads, from audio at 16 kHz.
    public func features(_ audio: AudioSamples) throws -> SpeechFeatures {
        let extractor: SpeechFeatureExtractor = avatar.speech.config.featureKind == .phonemes
            ? .phonemes(try PhonemeExtractor()) : .logMel(LogMelExtractor())
        return try extractor.features(of: audio)
    }

    /// Mouth blocks [frames.count][Km] for video `frames` of the audio.
    public func mouth(features: SpeechFeatures, audio: AudioSamples, frames: [Int]) throws -> [[Float]] {
        let predicted = try avatar.speech.predict(features: features, frames: frames)
        let total = (frames.max() ?? -1) + 1
        let speaking = activity.weights(audio, frames: total)
        return zip(frames, predicted).map { t, code in blend(code, speaking: speaking[t]) }
    }

    /// The predicted mouth where `speaking` is 1, the rest mouth where it is 0: [Km]
    func blend(_ code: [Float], speaking: Float) -> [Float] {
        zip(code, restMouth).map { speaking * $0 + (1 - speaking) * $1 }
    }
}
