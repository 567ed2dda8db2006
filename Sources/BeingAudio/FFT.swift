import Foundation

/// A radix-2 fast Fourier transform of a fixed power-of-two size N:
///
///     X_k = Σ_{n=0}^{N-1} x_n · e^{−2πi·k·n/N},   k = 0 … N−1
///
/// Iterative Cooley–Tukey, decimation in time: inputs are permuted into bit-reversed order, then
/// log₂N passes of butterflies combine transforms of length 2, 4, … N. Twiddles are computed in
/// Double and stored as Float, so the result matches a direct Double DFT to about 1e-6 relative.
public struct FFT: Sendable {
    public let size: Int
    /// cos(2πj/N), sin(2πj/N) for j < N/2: [N/2]
    private let cosines: [Float]
    private let sines: [Float]
    /// The bit-reversed index of each n: [N]
    private let bitReversed: [Int]

    public init(size: Int) {
        precondition(size >= 2 && size & (size - 1) == 0, "FFT size must be a power of two >= 2, got \(size)")
        self.size = size
        cosines = (0..<size / 2).map { Float(cos(2 * Double.pi * Double($0) / Double(size))) }
        sines = (0..<size / 2).map { Float(sin(2 * Double.pi * Double($0) / Double(size))) }
        let bits = size.trailingZeroBitCount
        bitReversed = (0..<size).map { n in
            var reversed = 0
            for bit in 0..<bits where n & (1 << bit) != 0 { reversed |= 1 << (bits - 1 - bit) }
            return reversed
        }
    }

    /// Transforms in place. `real` and `imaginary` are [N].
    public func transform(real: inout [Float], imaginary: inout [Float]) {
        precondition(real.count == size && imaginary.count == size, "FFT of size \(size) given \(real.count) values")
        for n in 0..<size {
            let r = bitReversed[n]
            if r > n {
                real.swapAt(n, r)
                imaginary.swapAt(n, r)
            }
        }
        var half = 1
        while half < size {
            let stride = size / (2 * half)  // twiddle step: e^{−2πi·j/(2·half)} = table[j·stride]
            for start in Swift.stride(from: 0, to: size, by: 2 * half) {
                for j in 0..<half {
                    let wr = cosines[j * stride]
                    let wi = -sines[j * stride]
                    let a = start + j
                    let b = a + half
                    let tr = wr * real[b] - wi * imaginary[b]
                    let ti = wr * imaginary[b] + wi * real[b]
                    real[b] = real[a] - tr
                    imaginary[b] = imaginary[a] - ti
                    real[a] += tr
                    imaginary[a] += ti
                }
            }
            half *= 2
        }
    }

    /// The power spectrum |X_k|² for k = 0 … N/2 of real `input`, zero-padded to N.
    ///
    /// - Parameter input: [n ≤ N]
    /// - Returns: [N/2 + 1]
    public func powerSpectrum(_ input: [Float]) -> [Float] {
        precondition(input.count <= size, "powerSpectrum: \(input.count) samples for an FFT of \(size)")
        var real = input + [Float](repeating: 0, count: size - input.count)
        var imaginary = [Float](repeating: 0, count: size)
        transform(real: &real, imaginary: &imaginary)
        return (0...size / 2).map { real[$0] * real[$0] + imaginary[$0] * imaginary[$0] }
    }
}
