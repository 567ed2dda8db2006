/// A scalar loss and its gradient with respect to the rendered image.
public struct LossValue: Sendable {
    public var value: Double
    public var gradient: [Float]  // [H, W, 3] dL/d(rendered)

    public init(value: Double, gradient: [Float]) { self.value = value; self.gradient = gradient }

    /// w·a + v·b, for the usual (1 − λ)·L1 + λ·D-SSIM mix (Kerbl et al. 2023, §7, λ = 0.2).
    public static func weighted(_ a: LossValue, _ wa: Float, _ b: LossValue, _ wb: Float) -> LossValue {
        precondition(a.gradient.count == b.gradient.count, "weighted: gradient sizes differ")
        var g = a.gradient
        for i in g.indices { g[i] = wa * a.gradient[i] + wb * b.gradient[i] }
        return LossValue(value: Double(wa) * a.value + Double(wb) * b.value, gradient: g)
    }
}

/// Per-pixel image losses over linear RGB images [H, W, 3], optionally counting only the pixels
/// where `mask` ([H, W]) is true: the mean is then over those pixels alone, and pixels outside
/// get zero gradient.
public enum ImageLoss {
    /// L1 = (1 / 3M) Σ_{p ∈ mask, c} |x − y|, dL/dx = sign(x − y) / 3M (M pixels counted).
    public static func l1(_ rendered: [Float], _ target: [Float], mask: [Bool]? = nil) -> LossValue {
        precondition(rendered.count == target.count, "l1: \(rendered.count) vs \(target.count) values")
        let pixels = rendered.count / 3
        if let mask { precondition(mask.count == pixels, "l1: mask has \(mask.count) pixels, image \(pixels)") }
        let counted = mask.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? pixels
        var gradient = [Float](repeating: 0, count: rendered.count)
        guard counted > 0 else { return LossValue(value: 0, gradient: gradient) }
        let scale = 1 / Float(3 * counted)
        var sum = 0.0
        for p in 0..<pixels where mask?[p] ?? true {
            for c in 0..<3 {
                let d = rendered[3 * p + c] - target[3 * p + c]
                sum += Double(abs(d))
                gradient[3 * p + c] = d > 0 ? scale : (d < 0 ? -scale : 0)
            }
        }
        return LossValue(value: sum / Double(3 * counted), gradient: gradient)
    }

    /// Peak signal-to-noise ratio for values in [0, 1]: −10·log₁₀(MSE), over the mask if given.
    public static func psnr(_ rendered: [Float], _ target: [Float], mask: [Bool]? = nil) -> Double {
        precondition(rendered.count == target.count, "psnr: \(rendered.count) vs \(target.count) values")
        var sum = 0.0, n = 0
        for p in 0..<(rendered.count / 3) where mask?[p] ?? true {
            for c in 0..<3 {
                let d = Double(rendered[3 * p + c]) - Double(target[3 * p + c])
                sum += d * d
            }
            n += 3
        }
        return n == 0 ? .infinity : -10 * log10(max(sum / Double(n), 1e-20))
    }
}

import Foundation
