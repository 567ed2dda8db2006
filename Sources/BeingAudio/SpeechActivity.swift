import BeingMedia

/// Which video frames carry speech, from the audio's loudness: a frame is speech when the RMS
/// over it and its neighbours (±`hangover` frames) reaches `threshold`, so short gaps between
/// words keep the mouth moving and only real pauses rest it.
///
/// A frame's weight reads the RMS of frames up to `hangover + ease` ahead (`framesAhead`), so a
/// stream can give it once those frames' audio has arrived (`MouthStream`).
public struct SpeechActivity: Sendable {
    /// RMS of samples in [-1, 1]; 0.006 ≈ −44 dBFS.
    public var threshold: Float = 0.006
    public var hangover = 3
    public var fps = 25
    /// Frames over which the mouth glides between speech and rest.
    public var ease = 3

    public init() {}

    /// Frames after frame t whose audio its weight depends on.
    public var framesAhead: Int { hangover + ease }

    /// 1 for speech, 0 for rest, per frame, eased over `ease` frames so the mouth glides shut.
    public func weights(_ audio: AudioSamples, frames: Int) -> [Float] {
        let perFrame = audio.sampleRate / fps
        let rms: [Float] = (0..<frames).map { t in
            let lower = min(audio.samples.count, t * perFrame), upper = min(audio.samples.count, (t + 1) * perFrame)
            return Self.rms(audio.samples[lower..<upper])
        }
        return (0..<frames).map { weight(at: $0, frames: frames) { rms[$0] } }
    }

    /// The weight of frame `t` of `frames`, from the RMS of each frame (asked only for frames
    /// t − hangover − ease … t + hangover + ease within [0, frames)).
    public func weight(at t: Int, frames: Int, rms: (Int) -> Float) -> Float {
        func speaking(_ s: Int) -> Float {
            let window = max(0, s - hangover)...min(frames - 1, s + hangover)
            return window.contains { rms($0) >= threshold } ? 1 : 0
        }
        guard ease > 0 else { return speaking(t) }
        let window = max(0, t - ease)...min(frames - 1, t + ease)
        return window.reduce(0) { $0 + speaking($1) } / Float(window.count)
    }

    /// Root mean square of `samples`; 0 for none.
    public static func rms(_ samples: ArraySlice<Float>) -> Float {
        guard !samples.isEmpty else { return 0 }
        var sum: Float = 0
        for x in samples { sum += x * x }
        return (sum / Float(samples.count)).squareRoot()
    }
}
