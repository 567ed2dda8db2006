import Foundation

/// Triangular mel filters on the Slaney mel scale with Slaney area normalisation, the default of
/// `librosa.filters.mel` (htk=False, norm="slaney") and of Whisper's front end.
///
/// Slaney's scale is linear below 1 kHz and logarithmic above:
///
///     mel(f) = f / (200/3)                          for f < 1000 Hz
///     mel(f) = 15 + ln(f / 1000) / (ln 6.4 / 27)    for f ≥ 1000 Hz
///
/// Band m (0-based) rises from h_m to h_{m+1} and falls to h_{m+2}, where h_0 … h_{M+1} are M + 2
/// frequencies equally spaced in mel from `minHz` to `maxHz`. On FFT bin k at f_k = k·rate/N:
///
///     w_{m,k} = max(0, min((f_k − h_m)/(h_{m+1} − h_m), (h_{m+2} − f_k)/(h_{m+2} − h_{m+1}))) · 2/(h_{m+2} − h_m)
///
/// The factor 2/(h_{m+2} − h_m) gives every triangle unit area, so bands are comparable energies.
public struct MelFilterbank: Sendable {
    public let bands: Int
    public let bins: Int
    /// w_{m,k}: [bands, bins]
    public let weights: [Float]
    /// The first and one-past-last bin with a non-zero weight in each band: [bands]
    private let ranges: [Range<Int>]

    public init(bands: Int, fftSize: Int, sampleRate: Int, minHz: Double = 0, maxHz: Double? = nil) {
        let maxHz = maxHz ?? Double(sampleRate) / 2
        let bins = fftSize / 2 + 1
        let lowMel = Self.mel(hz: minHz)
        let highMel = Self.mel(hz: maxHz)
        let edges = (0..<bands + 2).map { Self.hz(mel: lowMel + (highMel - lowMel) * Double($0) / Double(bands + 1)) }
        var weights = [Float](repeating: 0, count: bands * bins)
        var ranges: [Range<Int>] = []
        for m in 0..<bands {
            let (left, centre, right) = (edges[m], edges[m + 1], edges[m + 2])
            let scale = 2 / (right - left)
            var first = bins, last = 0
            for k in 0..<bins {
                let f = Double(k) * Double(sampleRate) / Double(fftSize)
                let w = max(0, min((f - left) / (centre - left), (right - f) / (right - centre))) * scale
                if w > 0 {
                    weights[m * bins + k] = Float(w)
                    first = min(first, k)
                    last = k + 1
                }
            }
            ranges.append(first < last ? first..<last : 0..<0)
        }
        self.bands = bands
        self.bins = bins
        self.weights = weights
        self.ranges = ranges
    }

    /// Slaney mel of a frequency in Hz.
    public static func mel(hz: Double) -> Double {
        hz < 1000 ? hz / (200.0 / 3) : 15 + log(hz / 1000) / (log(6.4) / 27)
    }

    /// The frequency in Hz of a Slaney mel.
    public static func hz(mel: Double) -> Double {
        mel < 15 ? mel * (200.0 / 3) : 1000 * exp((mel - 15) * (log(6.4) / 27))
    }

    /// Band energies Σ_k w_{m,k}·P_k of power spectrum `power` [bins]; returns [bands].
    public func apply(_ power: [Float]) -> [Float] {
        precondition(power.count == bins, "MelFilterbank: \(power.count) bins, expected \(bins)")
        return (0..<bands).map { m in
            var sum: Float = 0
            for k in ranges[m] { sum += weights[m * bins + k] * power[k] }
            return sum
        }
    }
}
