@testable import BeingAudio
import BeingTesting
import Foundation
import Testing

/// The slow, obviously correct DFT: X_k = Σ_n x_n e^{−2πi·k·n/N}, in Double. Returns (re, im): [N] each.
func directDFT(_ x: [Double], size: Int) -> (re: [Double], im: [Double]) {
    var re = [Double](repeating: 0, count: size), im = re
    for k in 0..<size {
        for n in 0..<x.count {
            let angle = -2 * Double.pi * Double(k * n % size) / Double(size)
            re[k] += x[n] * cos(angle)
            im[k] += x[n] * sin(angle)
        }
    }
    return (re, im)
}

@Suite struct FFTTests {
    @Test(arguments: [2, 8, 64, 512])
    func matchesDirectDFTOnRandomComplexInput(size: Int) {
        var random = SeededRandom(seed: UInt64(size))
        var re = (0..<size).map { _ in random.uniform(-1, 1) }  // [N]
        var im = (0..<size).map { _ in random.uniform(-1, 1) }  // [N]
        // Direct DFT of a complex sequence from two real ones: DFT(a + ib) = DFT(a) + i·DFT(b).
        let a = directDFT(re.map(Double.init), size: size)
        let b = directDFT(im.map(Double.init), size: size)
        FFT(size: size).transform(real: &re, imaginary: &im)
        let scale = Float(size).squareRoot()  // |X_k| grows like √N for random input
        for k in 0..<size {
            #expect(isClose(re[k], Float(a.re[k] - b.im[k]), atol: 2e-5 * scale, rtol: 1e-4), "re[\(k)] of \(size)")
            #expect(isClose(im[k], Float(a.im[k] + b.re[k]), atol: 2e-5 * scale, rtol: 1e-4), "im[\(k)] of \(size)")
        }
    }

    @Test func powerSpectrumOfZeroPaddedRealInputMatchesDirectDFT() {
        var random = SeededRandom(seed: 7)
        let x = (0..<400).map { _ in random.uniform(-1, 1) }  // [400], padded to 512
        let power = FFT(size: 512).powerSpectrum(x)  // [257]
        let reference = directDFT(x.map(Double.init), size: 512)
        #expect(power.count == 257)
        for k in 0...256 {
            let expected = reference.re[k] * reference.re[k] + reference.im[k] * reference.im[k]
            #expect(isClose(power[k], Float(expected), atol: 1e-3, rtol: 1e-4), "P[\(k)]")
        }
    }
}

@Suite struct MelFilterbankTests {
    @Test func slaneyScaleKnownValues() {
        #expect(isClose(MelFilterbank.mel(hz: 1000), 15, atol: 1e-12))
        #expect(isClose(MelFilterbank.mel(hz: 500), 7.5, atol: 1e-12))
        #expect(isClose(MelFilterbank.mel(hz: 6400), 42, atol: 1e-9))  // 15 + 27·ln(6.4)/ln(6.4)
        for hz in [30.0, 700, 999, 1000, 2500, 7999] {
            #expect(isClose(MelFilterbank.hz(mel: MelFilterbank.mel(hz: hz)), hz, atol: 1e-9, rtol: 1e-12))
        }
    }

    @Test func trianglesHaveUnitAreaAndPeakAtTheirCentres() {
        let bank = MelFilterbank(bands: 80, fftSize: 512, sampleRate: 16_000)
        let binHz = 16_000.0 / 512
        // Band m's edges: M + 2 points equally spaced in mel over 0 … 8000 Hz.
        let edges = (0..<82).map { MelFilterbank.hz(mel: MelFilterbank.mel(hz: 8000) * Double($0) / 81) }
        for m in 0..<80 {
            let row = bank.weights[m * bank.bins..<(m + 1) * bank.bins]
            // Σ_k w·Δf approximates the triangle's area, 1, once the triangle spans several bins.
            if edges[m + 2] - edges[m] > 8 * binHz {
                #expect(isClose(Double(row.reduce(0, +)) * binHz, 1, atol: 0.05), "band \(m) area")
            }
            let peak = row.indices.max { row[$0] < row[$1] }! - m * bank.bins
            #expect(abs(Double(peak) * binHz - edges[m + 1]) <= binHz, "band \(m) peak")
        }
    }

    /// The whole log-mel frame against a slow Double reference built from the formulas in
    /// `LogMelExtractor`'s documentation.
    @Test func logMelFrameMatchesSlowReference() {
        var random = SeededRandom(seed: 11)
        let samples = (0..<1200).map { _ in random.uniform(-0.8, 0.8) }  // [1200]
        let features = try! LogMelExtractor().features(of: .init(sampleRate: 16_000, samples: samples))
        #expect(features.steps == 1200 / 160 + 1)
        let slowBank = slowSlaneyFilterbank()
        for t in [0, 3, 7] {
            var frame = [Double](repeating: 0, count: 400)
            for n in 0..<400 {
                let index = 160 * t - 200 + n
                if index >= 0 && index < samples.count {
                    frame[n] = Double(samples[index]) * (0.5 - 0.5 * cos(2 * Double.pi * Double(n) / 400))
                }
            }
            let dft = directDFT(frame, size: 512)
            let power = (0...256).map { dft.re[$0] * dft.re[$0] + dft.im[$0] * dft.im[$0] }
            for m in 0..<80 {
                let energy = (0...256).reduce(0.0) { $0 + slowBank[m][$1] * power[$1] }
                let expected = Float(log(max(energy, 1e-10)))
                #expect(isClose(features.step(t)[features.step(t).startIndex + m], expected, atol: 1e-3, rtol: 1e-4), "t \(t) band \(m)")
            }
        }
    }

    /// w_{m,k} computed literally, band by band, bin by bin: [80][257]
    private func slowSlaneyFilterbank() -> [[Double]] {
        func mel(_ f: Double) -> Double { f < 1000 ? 3 * f / 200 : 15 + 27 * log(f / 1000) / log(6.4) }
        func hz(_ m: Double) -> Double { m < 15 ? 200 * m / 3 : 1000 * pow(6.4, (m - 15) / 27) }
        let h = (0..<82).map { hz(mel(8000) * Double($0) / 81) }
        return (0..<80).map { m in
            (0...256).map { k in
                let f = Double(k) * 16_000 / 512
                let rising = (f - h[m]) / (h[m + 1] - h[m])
                let falling = (h[m + 2] - f) / (h[m + 2] - h[m + 1])
                return max(0, min(rising, falling)) * 2 / (h[m + 2] - h[m])
            }
        }
    }
}
