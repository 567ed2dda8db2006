import BeingAudio
import BeingAvatar
import BeingDriving
import BeingFace
import BeingMedia

/// A live talking head on the audio clock: speech arrives in chunks of any size, and each call to
/// `next()` gives the next 40 ms output frame's expression, pose and background, whether speech
/// is playing or not. It owns no clock and renders nothing; `being serve` paces and renders.
///
/// Speech is played in segments. A segment opens with its first samples and starts playing once
/// `latencySamples` of audio beyond its first frame have arrived and all but the last
/// `extractionMarginSamples` of them have been through phoneme extraction (or it has ended), so
/// the phoneme stream has a frame ready when its turn comes while audio keeps arriving in real
/// time. Extraction runs on a `MouthWorker` thread, so `append` and `next()` never wait for it;
/// a frame whose code is still not ready plays its audio on time with the mouth held. It ends when `endSpeech()` has been called and every frame is out, or at once on
/// `interrupt()`. Between segments the frames are idle: the mouth at rest, and the reference
/// frames' poses and upper faces (or scheduled blinks, `ExpressionComposer`) continuing, exactly
/// as during speech.
public struct LiveAnimator: Sendable {
    /// What happened to speech at a frame.
    public enum SpeechEvent: Sendable, Equatable {
        case started
        case ended(interrupted: Bool)
    }

    public struct Frame: Sendable {
        /// Output frame index; its presentation time is index · 40 ms on the audio clock.
        public var index: Int
        public var code: ExpressionCode
        public var pose: HeadPose
        public var background: RGBImage
        /// The segment's frame and its 640 samples when speech plays at this frame.
        public var speech: (frame: Int, samples: [Float])?
        /// Speech starting or ending at this frame (both for a one-frame segment).
        public var events: [SpeechEvent] = []
        /// A frame of a playing segment whose speech had not arrived in time (held, not speech).
        public var underrun = false
        /// A speech frame whose mouth code was not extracted in time: its audio plays on time
        /// with the mouth held, and its code is skipped when it comes.
        public var mouthLate = false
    }

    private let driver: MouthDriver
    private let extractor: PhonemeExtractor
    private let composer: ExpressionComposer
    private var player: ReferencePlayer
    private var blinks: BlinkSchedule
    private var segment: Segment?
    private var lastMouth: [Float]
    private var restFrames = 0
    public private(set) var frameIndex = 0
    /// Frames that eased from the last spoken mouth to rest after speech.
    public var easeFrames = 3
    /// How much audio a segment holds back before it plays: `MouthStream`'s worst case plus
    /// `extractionMarginSamples`, the time phoneme extraction may take on the worker.
    public let latencySamples: Int
    private let streamLatencySamples: Int
    public static let extractionMarginSamples = 4800  // 0.3 s

    /// Speech being received and played.
    private struct Segment: Sendable {
        var mouth: MouthWorker
        var audio: [Float] = []  // samples not yet played
        var receivedSamples = 0
        var playedFrames = 0
        var staleCodes = 0  // frames played before their code was ready
        var playing = false
        var ending = false
    }

    public init(avatar: Avatar, avatarPath: String, reference: AvatarReference, extractor: PhonemeExtractor, seed: UInt64) throws {
        driver = MouthDriver(avatar: avatar, restMouth: reference.restMouth)
        guard avatar.speech.config.featureKind == .phonemes else { throw GenerationError.streamingNeedsPhonemes }
        self.extractor = extractor
        composer = ExpressionComposer(avatar: avatar, reference: reference)
        player = try ReferencePlayer(avatar: avatarPath, reference: reference)
        blinks = BlinkSchedule(seed: seed)
        lastMouth = reference.restMouth
        streamLatencySamples = MouthStream.latencySamples(context: avatar.speech.config.context, windowing: extractor.windowing)
        latencySamples = streamLatencySamples + Self.extractionMarginSamples
    }

    /// Samples received but not yet played.
    public var bufferedSamples: Int { segment?.audio.count ?? 0 }
    public var isSpeaking: Bool { segment != nil }
    /// Samples received that phoneme extraction has not yet been through.
    public var unprocessedSamples: Int { segment.map { $0.receivedSamples - $0.mouth.processedSamples } ?? 0 }
    /// A segment is open and has not been ended.
    public var isReceiving: Bool { segment.map { !$0.ending } ?? false }

    /// Adds speech (16 kHz mono in [-1, 1]); opens a segment if none is open.
    public mutating func append(_ samples: [Float]) throws {
        if segment == nil || segment!.ending {
            guard segment == nil else { throw GenerationError.speechAfterEnd }
            segment = Segment(mouth: try MouthWorker(driver: driver, extractor: extractor))
        }
        segment!.mouth.append(samples)
        segment!.receivedSamples += samples.count
        segment!.audio += samples
    }

    /// No more speech in this segment: what was received plays out, then it ends.
    public mutating func endSpeech() {
        guard var open = segment, !open.ending else { return }
        open.mouth.finish()
        open.ending = true
        segment = open
    }

    /// Drops the segment at once; returns whether there was one.
    public mutating func interrupt() -> Bool {
        guard let open = segment else { return false }
        open.mouth.cancel()
        segment = nil
        restFrames = 0
        return true
    }

    /// The next output frame.
    public mutating func next() throws -> Frame {
        let (pose, background) = try player.frame(frameIndex)
        var frame = Frame(index: frameIndex, code: composer.code(mouth: [], closure: 0), pose: pose, background: background)
        var mouth: [Float]? = nil
        if var open = segment {
            let frame0 = MouthStream.samplesPerFrame
            if !open.playing, open.mouth.isFinished
                || (open.mouth.processedSamples >= streamLatencySamples + frame0 && open.receivedSamples >= latencySamples + frame0) {
                open.playing = true
                frame.events.append(.started)
            }
            if open.playing {
                // Codes of frames that already played with a held mouth are no longer wanted.
                while open.staleCodes > 0, try open.mouth.take() != nil { open.staleCodes -= 1 }
                let spoken = open.staleCodes == 0 ? try open.mouth.take() : nil
                if spoken != nil || open.audio.count >= MouthStream.samplesPerFrame || (open.ending && !open.audio.isEmpty) {
                    var samples = Array(open.audio.prefix(MouthStream.samplesPerFrame))
                    open.audio.removeFirst(samples.count)
                    samples += [Float](repeating: 0, count: MouthStream.samplesPerFrame - samples.count)
                    frame.speech = (open.playedFrames, samples)
                    open.playedFrames += 1
                    if spoken == nil {  // extraction is behind: the audio keeps its time, the mouth holds
                        frame.mouthLate = true
                        open.staleCodes += 1
                    }
                    mouth = spoken ?? lastMouth
                } else if !open.ending {
                    frame.underrun = true
                    mouth = lastMouth
                }
            }
            segment = open
            if open.playing && open.ending && open.audio.isEmpty {  // every frame of the segment has played
                open.mouth.cancel()
                segment = nil
                frame.events.append(.ended(interrupted: false))
            }
        }
        if mouth == nil {
            restFrames += 1
            let w = Float(min(restFrames, easeFrames + 1)) / Float(easeFrames + 1)  // 1: at rest
            mouth = zip(lastMouth, driver.restMouth).map { (1 - w) * $0 + w * $1 }
        } else {
            restFrames = 0
        }
        lastMouth = mouth!
        frame.code = composer.code(mouth: mouth!, frame: player.clip.frame(at: frameIndex), closure: blinks.next())
        frameIndex += 1
        return frame
    }
}
