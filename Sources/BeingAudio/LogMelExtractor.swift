import BeingMedia
import Foundation

/// Log-mel energies: the fallback speech features when hama is not installed.
///
/// 16 kHz mono in; for every step t (100 per second) the 400-sample frame centred on sample
/// 160·t, that is samples [160·t − 200, 160·t + 200) with zeros outside the audio, is
///
///     x_n · h_n,   h_n = 0.5 − 0.5·cos(2πn/400)      (periodic Hann, 25 ms)
///     P_k = |DFT₅₁₂(x·h)_k|²,  k = 0 … 256            (zero-padded to 512, power, no scaling)
///     E_m = Σ_k w_{m,k}·P_k,   m = 0 … 79              (`MelFilterbank`: Slaney scale and area, 0–8 kHz)
///     y_m = ln(max(E_m, 1e-10))
///
/// This equals `log(max(librosa.feature.melspectrogram(y=x, sr=16000, n_fft=512, win_length=400,
/// hop_length=160, n_mels=80, center=True, pad_mode="constant"), 1e-10))` (checked to 2e-4 on the
/// aoc fixture with a NumPy re-implementation of that call).
///
/// N samples give N/160 + 1 steps (none for N = 0); step t is centred at t·10 ms, and 25 fps
/// video frame i covers steps 4i … 4i+3 (see `SpeechFeatures`).
public struct LogMelExtractor: Sendable {
    public static let sampleRate = 16_000
    public static let windowLength = 400
    public static let hop = 160
    public static let fftSize = 512
    public static let bands = 80
    public static let rate = 100
    public static let energyFloor: Float = 1e-10

    private let fft = FFT(size: fftSize)
    private let filterbank = MelFilterbank(bands: bands, fftSize: fftSize, sampleRate: sampleRate)
    /// h_n: [400]
    private let window: [Float] = (0..<windowLength).map {
        Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(windowLength)))
    }

    public init() {}

    /// The number of steps for `samples` samples: N/160 + 1, or 0 for no samples.
    public static func stepCount(samples: Int) -> Int {
        samples == 0 ? 0 : samples / hop + 1
    }

    /// The first sample of step t's frame (negative near the start: zeros there).
    static func frameStart(step t: Int) -> Int { t * hop - windowLength / 2 }

    /// The features of the whole of `audio` (16 kHz): [T, 80]
    public func features(of audio: AudioSamples) throws -> SpeechFeatures {
        guard audio.sampleRate == Self.sampleRate else { throw AudioError.wrongSampleRate(audio.sampleRate, expected: Self.sampleRate) }
        let samples = audio.samples
        let steps = Self.stepCount(samples: samples.count)
        var values: [Float] = []
        values.reserveCapacity(steps * Self.bands)
        samples.withUnsafeBufferPointer { buffer in
            for t in 0..<steps {
                values += frameFeatures(buffer, bufferStart: 0, frameStart: Self.frameStart(step: t))
            }
        }
        return SpeechFeatures(kind: .logMel, rate: Self.rate, dimensions: Self.bands, values: values)
    }

    /// A stream that yields the same steps as `features(of:)` from audio given in chunks.
    public func makeStream() -> LogMelStream {
        LogMelStream(extractor: self)
    }

    /// y for the frame starting at absolute sample `frameStart`, read from `buffer`, which holds
    /// the samples from absolute index `bufferStart` on; samples outside `buffer` are zero.
    /// Returns [80].
    func frameFeatures(_ buffer: UnsafeBufferPointer<Float>, bufferStart: Int, frameStart: Int) -> [Float] {
        var frame = [Float](repeating: 0, count: Self.windowLength)  // [400]
        for n in 0..<Self.windowLength {
            let index = frameStart + n - bufferStart
            if index >= 0 && index < buffer.count { frame[n] = buffer[index] * window[n] }
        }
        let energies = filterbank.apply(fft.powerSpectrum(frame))
        return energies.map { Foundation.log(max($0, Self.energyFloor)) }
    }
}
