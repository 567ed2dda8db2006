import BeingAudio
import BeingAvatar
import BeingDriving
import BeingMedia
import BeingRuntime
import Foundation

/// `being generate`: speech in, a lip-synced mp4 out.
///
/// Per output frame t (25 fps): the mouth block of the code comes from the speech → motion model,
/// eased to the avatar's rest mouth where the audio is silent; the head's pose, the picture behind
/// it and the rest of the code (brows, lids, gaze: `ExpressionComposer`) come from the avatar's
/// reference frames played forward and backward (`ReferenceClip`). The mp4 carries the input
/// audio and lasts as long as it, to the frame.
public struct Generation {
    public var avatarPath: String
    public var reference = "train"
    public var size = 512
    public var seed: UInt64 = 1
    public var progress: ProgressSink = .ignore

    public init(avatar: String) {
        avatarPath = avatar
    }

    /// What one run did.
    public struct Summary: Sendable {
        public var frames: Int
        public var audioSeconds: Double
        public var seconds: Double
        public var framesPerSecond: Double { Double(frames) / seconds }
    }

    public func run(speech: SpeechInput, output: String) throws -> Summary {
        let start = Date()
        let avatar = try Avatar.load(avatarPath)
        let reference = try AvatarReference.load(avatar: avatarPath)
        let audio = try speech.samples()
        let frames = Int((audio.duration * 25).rounded(.up))
        guard frames > 0 else { throw GenerationError.emptyAudio(speech.name) }
        let player = try ReferencePlayer(avatar: avatarPath, reference: reference, frames: self.reference)
        let codes = try self.codes(avatar: avatar, reference: reference, clip: player.clip, audio: audio, frames: frames)

        let renderer = AvatarRenderer(avatar: avatar)
        let prefetcher = FramePrefetcher(renderer: renderer, player: player, count: frames, codes: codes)
        let track: AudioTrack = speech.audioFile.map { .file($0) } ?? .samples(audio)
        let encoder = try VideoEncoder(outputPath: output, width: avatar.frameWidth, height: avatar.frameHeight, fps: 25, audio: track,
                                       outputSize: size == avatar.frameWidth ? nil : size)
        let cleanup = InterruptCleanup.register { encoder.cancel() }
        defer { InterruptCleanup.unregister(cleanup) }
        progress(.stageStarted(stage: "render", total: frames))
        for t in 0..<frames {
            do {
                try encoder.append(try renderer.render(try prefetcher.frame(t)))
            } catch {
                encoder.cancel()
                throw error
            }
            progress(.advanced(stage: "render", completed: t + 1, total: frames,
                               metrics: ["fps": Double(t + 1) / Date().timeIntervalSince(start)]))
        }
        try encoder.finish()
        let seconds = Date().timeIntervalSince(start)
        progress(.stageFinished(stage: "render", seconds: seconds))
        return Summary(frames: frames, audioSeconds: audio.duration, seconds: seconds)
    }

    /// The expression code of each frame, as a function of the frame: speech-driven mouth eased to
    /// rest in silence, the upper face of the reference frame `clip` plays there (or open eyes with
    /// scheduled blinks). For phoneme avatars the mouth streams in on a background thread
    /// (`MouthProducer`) while frames render; log-mel features need the whole utterance first.
    func codes(avatar: Avatar, reference: AvatarReference, clip: ReferenceClip, audio: AudioSamples, frames: Int) throws -> (Int) throws -> ExpressionCode {
        let driver = MouthDriver(avatar: avatar, restMouth: reference.restMouth)
        var blinks = BlinkSchedule(seed: seed)
        let closure = blinks.closure(frames: frames)
        let composer = ExpressionComposer(avatar: avatar, reference: reference)
        if avatar.speech.config.featureKind == .phonemes {
            let producer = try MouthProducer(driver: driver, audio: audio)
            return { t in composer.code(mouth: try producer.mouth(t), frame: clip.frame(at: t), closure: closure[t]) }
        }
        let mouth = try driver.mouth(features: try driver.features(audio), audio: audio, frames: Array(0..<frames))
        return { t in composer.code(mouth: mouth[t], frame: clip.frame(at: t), closure: closure[t]) }
    }
}

extension SpeechInput {
    /// The audio file, when the speech is one (its sound goes into the mp4 untouched).
    var audioFile: String? {
        if case let .audioFile(path) = self { return path }
        return nil
    }

    var name: String {
        switch self {
        case let .audioFile(path): return path
        case .text: return "the spoken text"
        }
    }
}
