import BeingMedia

/// Which video frames carry speech, from the audio's loudness: a frame is speech when the RMS
/// over it and its neighbours (±`hangover` frames) reaches `threshold`, so short gaps between
/// words keep the mouth moving and only real pauses rest it.
public struct SpeechActivity: Sendable {
    /// RMS of samples in [-1, 1]; 0.006 ≈ −44 dBFS.
    public var threshold: Float = 0.006
    public var hangover = 3
    public var fps = 25

    public init() {}

    /// 1 for speech, 0 for rest, per frame, eased over `ease` frames so the mouth glides shut.
    public func weights(_ audio: AudioSamples, frames: Int, ease: Int = 3) -> [Float] {
        let perFrame = audio.sampleRate / fps
        let rms: [Float] = (0..<frames).map { t in
            let lower = min(audio.samples.count, t * perFrame), upper = min(audio.samples.count, (t + 1) * perFrame)
            guard upper > lower else { return 0 }
            var sum: Float = 0
            for i in lower..<upper { sum += audio.samples[i] * audio.samples[i] }
            return (sum / Float(upper - lower)).squareRoot()
        }
        let speaking: [Float] = (0..<frames).map { t in
            let window = max(0, t - hangover)...min(frames - 1, t + hangover)
            return window.contains { rms[$0] >= threshold } ? 1 : 0
        }
        guard ease > 0 else { return speaking }
        return (0..<frames).map { t in
            let window = max(0, t - ease)...min(frames - 1, t + ease)
            return window.reduce(0) { $0 + speaking[$1] } / Float(window.count)
        }
    }
}
