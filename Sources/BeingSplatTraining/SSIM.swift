import Dispatch
import Foundation

extension ImageLoss {
    /// D-SSIM = 1 − SSIM, as in Kerbl et al. 2023's code, with SSIM (Wang et al. 2004) the mean
    /// over counted pixels and channels of
    ///
    ///     s = (2μxμy + C₁)(2σxy + C₂) / ((μx² + μy² + C₁)(σx² + σy² + C₂)),  C₁ = 0.01², C₂ = 0.03²
    ///
    /// where μ, σ² and σxy are local statistics under an 11×11 Gaussian window (σ = 1.5) with zero
    /// padding. The gradient: with A, B, C, D the four factors above and s = AB/(CD),
    ///
    ///     ∂s/∂μx = 2μy·B/(CD) − 2μy·A/(CD) − 2μx·s/C + 2μx·s/D,   ∂s/∂E[x²] = −s/D,   ∂s/∂E[xy] = 2A/(CD)
    ///
    /// and dL/dx = −(w ⋆ ∂s/∂μx + 2x·(w ⋆ ∂s/∂E[x²]) + y·(w ⋆ ∂s/∂E[xy])) / 3M, since the window
    /// is symmetric and so is its own adjoint.
    public static func dssim(_ rendered: [Float], _ target: [Float], width: Int, height: Int, mask: [Bool]? = nil) -> LossValue {
        let n = width * height * 3
        precondition(rendered.count == n && target.count == n, "dssim: images must be [\(height), \(width), 3]")
        if let mask { precondition(mask.count == width * height, "dssim: mask must be [\(height), \(width)]") }
        let counted = mask.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? width * height
        guard counted > 0 else { return LossValue(value: 0, gradient: .init(repeating: 0, count: n)) }
        let blur = GaussianWindow(width: width, height: height)
        let xx = zip(rendered, rendered).map(*), yy = zip(target, target).map(*), xy = zip(rendered, target).map(*)
        let mx = blur.apply(rendered), my = blur.apply(target)
        let exx = blur.apply(xx), eyy = blur.apply(yy), exy = blur.apply(xy)
        let c1: Float = 0.0001, c2: Float = 0.0009
        var dmx = [Float](repeating: 0, count: n), dexx = dmx, dexy = dmx
        var total = 0.0
        let weight = 1 / Float(3 * counted)
        for i in 0..<n where mask?[i / 3] ?? true {
            let ux = mx[i], uy = my[i]
            let sxx = exx[i] - ux * ux, syy = eyy[i] - uy * uy, sxy = exy[i] - ux * uy
            let a = 2 * ux * uy + c1, b = 2 * sxy + c2, c = ux * ux + uy * uy + c1, d = sxx + syy + c2
            let s = a * b / (c * d)
            total += Double(s)
            dmx[i] = weight * (2 * uy * b / (c * d) - 2 * uy * a / (c * d) - 2 * ux * s / c + 2 * ux * s / d)
            dexx[i] = weight * (-s / d)
            dexy[i] = weight * (2 * a / (c * d))
        }
        let gmx = blur.apply(dmx), gexx = blur.apply(dexx), gexy = blur.apply(dexy)
        var gradient = [Float](repeating: 0, count: n)
        for i in 0..<n { gradient[i] = -(gmx[i] + 2 * rendered[i] * gexx[i] + target[i] * gexy[i]) }
        return LossValue(value: 1 - total / Double(3 * counted), gradient: gradient)
    }
}

/// The separable 11×11 Gaussian window of SSIM (σ = 1.5, normalised to sum 1), applied per
/// channel to [H, W, 3] images with zero padding ("same" size). Rows run in parallel.
struct GaussianWindow {
    static let radius = 5
    static let taps: [Float] = {
        let w: [Float] = (-radius...radius).map { (i: Int) -> Float in Float(exp(-Double(i * i) / 4.5)) }  // σ = 1.5
        let s = w.reduce(0, +)
        return w.map { $0 / s }
    }()
    let width: Int
    let height: Int

    func apply(_ image: [Float]) -> [Float] {
        let w = width, h = height, r = Self.radius
        var horizontal = [Float](repeating: 0, count: image.count)
        var out = [Float](repeating: 0, count: image.count)
        Self.taps.withUnsafeBufferPointer { taps in
            image.withUnsafeBufferPointer { src in
                horizontal.withUnsafeMutableBufferPointer { hp in
                    let dst = UnsafeSendable(hp.baseAddress!), s = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!))
                    let t = UnsafeSendable(UnsafeMutablePointer(mutating: taps.baseAddress!))
                    DispatchQueue.concurrentPerform(iterations: h) { y in
                        for x in 0..<w {
                            var acc = SIMD3<Float>.zero
                            for k in max(-r, -x)...min(r, w - 1 - x) {
                                let q = 3 * (y * w + x + k)
                                acc += t.p[k + r] * SIMD3(s.p[q], s.p[q + 1], s.p[q + 2])
                            }
                            let q = 3 * (y * w + x)
                            dst.p[q] = acc.x; dst.p[q + 1] = acc.y; dst.p[q + 2] = acc.z
                        }
                    }
                }
                horizontal.withUnsafeBufferPointer { hp in
                    out.withUnsafeMutableBufferPointer { op in
                        let dst = UnsafeSendable(op.baseAddress!), s = UnsafeSendable(UnsafeMutablePointer(mutating: hp.baseAddress!))
                        let t = UnsafeSendable(UnsafeMutablePointer(mutating: taps.baseAddress!))
                        DispatchQueue.concurrentPerform(iterations: h) { y in
                            let k0 = max(-r, -y), k1 = min(r, h - 1 - y)
                            for i in 0..<(3 * w) {
                                var acc: Float = 0
                                for k in k0...k1 { acc += t.p[k + r] * s.p[3 * w * (y + k) + i] }
                                dst.p[3 * w * y + i] = acc
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

/// A pointer handed to `concurrentPerform` iterations that write disjoint rows.
struct UnsafeSendable: @unchecked Sendable {
    let p: UnsafeMutablePointer<Float>
    init(_ p: UnsafeMutablePointer<Float>) { self.p = p }
}
