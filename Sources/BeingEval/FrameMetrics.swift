import BeingMedia
import BeingSplatTraining
import Foundation

/// A pixel rectangle [x0, x1) × [y0, y1).
public struct PixelBox: Codable, Sendable, Equatable {
    public var x0: Int, y0: Int, x1: Int, y1: Int

    public init(x0: Int, y0: Int, x1: Int, y1: Int) {
        self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1
    }

    public static func whole(_ image: RGBImage) -> PixelBox { PixelBox(x0: 0, y0: 0, x1: image.width, y1: image.height) }

    /// The bounding box of `points`, grown by `margin` of its size on each side, clipped to the picture.
    public static func around(_ points: [SIMD2<Double>], margin: Double, width: Int, height: Int) -> PixelBox {
        let xs = points.map(\.x), ys = points.map(\.y)
        let mx = (xs.max()! - xs.min()!) * margin, my = (ys.max()! - ys.min()!) * margin
        return PixelBox(x0: max(0, Int(xs.min()! - mx)), y0: max(0, Int(ys.min()! - my)),
                        x1: min(width, Int((xs.max()! + mx).rounded(.up))), y1: min(height, Int((ys.max()! + my).rounded(.up))))
    }
}

/// Image comparisons, on 8-bit RGB taken as values in [0, 1].
public enum FrameMetrics {
    /// PSNR = 10·log10(1 / MSE) over the box; +∞ for identical pixels.
    public static func psnr(_ a: RGBImage, _ b: RGBImage, box: PixelBox) -> Double {
        var sum = 0.0, count = 0
        for y in box.y0..<box.y1 {
            for i in (y * a.width + box.x0) * 3..<(y * a.width + box.x1) * 3 {
                let d = (Double(a.pixels[i]) - Double(b.pixels[i])) / 255
                sum += d * d
                count += 1
            }
        }
        return sum == 0 ? .infinity : 10 * log10(Double(count) / sum)
    }

    /// SSIM (Wang et al. 2004; 11×11 Gaussian window, σ 1.5, the training loss's own) over the box,
    /// the box cut out first so only its pixels enter the local statistics.
    public static func ssim(_ a: RGBImage, _ b: RGBImage, box: PixelBox) -> Double {
        let x = floats(a, box), y = floats(b, box)
        return 1 - ImageLoss.dssim(x, y, width: box.x1 - box.x0, height: box.y1 - box.y0).value
    }

    /// The box's pixels as [h, w, 3] floats in [0, 1].
    static func floats(_ image: RGBImage, _ box: PixelBox) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity((box.x1 - box.x0) * (box.y1 - box.y0) * 3)
        for y in box.y0..<box.y1 {
            for i in (y * image.width + box.x0) * 3..<(y * image.width + box.x1) * 3 { out.append(Float(image.pixels[i]) / 255) }
        }
        return out
    }
}
