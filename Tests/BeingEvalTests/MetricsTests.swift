import BeingEval
import BeingMedia
import BeingTesting
import Foundation
import Testing

/// A 5×5 box blur, clamped at the edges.
func blurred(_ image: RGBImage) -> RGBImage {
    var out = image
    for y in 0..<image.height {
        for x in 0..<image.width {
            for c in 0..<3 {
                var sum = 0, n = 0
                for dy in -2...2 { for dx in -2...2 {
                    let xx = x + dx, yy = y + dy
                    guard xx >= 0, yy >= 0, xx < image.width, yy < image.height else { continue }
                    sum += Int(image.pixels[(yy * image.width + xx) * 3 + c]); n += 1
                } }
                out.pixels[(y * image.width + x) * 3 + c] = UInt8(sum / n)
            }
        }
    }
    return out
}

func randomImage(_ width: Int, _ height: Int, seed: UInt64) -> RGBImage {
    var random = SeededRandom(seed: seed)
    var image = RGBImage(width: width, height: height)
    for i in image.pixels.indices { image.pixels[i] = UInt8(random.uniform(0, 255)) }
    return blurred(image)  // some structure at the window's scale
}

@Suite struct MetricsTests {
    @Test func identicalImagesHaveInfinitePSNRAndUnitSSIM() {
        let image = randomImage(40, 30, seed: 1)
        let box = PixelBox(x0: 5, y0: 5, x1: 35, y1: 25)
        #expect(FrameMetrics.psnr(image, image, box: box) == .infinity)
        #expect(abs(FrameMetrics.ssim(image, image, box: box) - 1) < 1e-6)
    }

    @Test func psnrMatchesItsDefinition() {
        let a = RGBImage(width: 4, height: 4, fill: (100, 100, 100)), b = RGBImage(width: 4, height: 4, fill: (110, 100, 100))
        let mse: Double = (10.0 / 255) * (10.0 / 255) / 3
        #expect(isClose(FrameMetrics.psnr(a, b, box: .whole(a)), 10 * log10(1 / mse), atol: 1e-9))
    }

    @Test func blurLowersPSNRAndSSIM() {
        let image = randomImage(48, 48, seed: 2)
        let box = PixelBox.whole(image)
        let soft = blurred(image)
        #expect(FrameMetrics.psnr(soft, image, box: box) < 40)
        #expect(FrameMetrics.ssim(soft, image, box: box) < 0.95)
        #expect(FrameMetrics.ssim(blurred(soft), image, box: box) < FrameMetrics.ssim(soft, image, box: box))
    }

    @Test func correlationAndLagOfShiftedSeries() throws {
        var random = SeededRandom(seed: 3)
        let real = (0..<80).map { _ in Double(random.uniform(0, 1)) }
        #expect(isClose(try #require(SeriesStatistics.pearson(real, real)), 1, atol: 1e-12))
        #expect(isClose(try #require(SeriesStatistics.pearson(real, real.map { -2 * $0 + 1 })), -1, atol: 1e-12))
        #expect(SeriesStatistics.pearson(real, [Double](repeating: 0.5, count: 80)) == nil)
        let late = [real[0], real[0]] + real.dropLast(2)  // rendered[t] = real[t - 2]
        #expect(SeriesStatistics.bestLag(real: real, rendered: late) == 2)
        let early = Array(real.dropFirst(3)) + [real[79], real[79], real[79]]  // rendered[t] = real[t + 3]
        #expect(SeriesStatistics.bestLag(real: real, rendered: early) == -3)
    }
}
