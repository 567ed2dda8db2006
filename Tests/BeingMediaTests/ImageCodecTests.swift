@testable import BeingMedia
import BeingTesting
import Foundation
import Testing

/// A smooth random picture: a few random gradients plus low noise, the kind JPEG is made for.
func smoothImage(width: Int, height: Int, seed: UInt64) -> RGBImage {
    var random = SeededRandom(seed: seed)
    let coefficients = (0..<9).map { _ in random.uniform(-1, 1) }
    var image = RGBImage(width: width, height: height)
    for y in 0..<height {
        for x in 0..<width {
            let u = Float(x) / Float(width), v = Float(y) / Float(height)
            func channel(_ c: Int) -> UInt8 {
                let value = 128 + 100 * (coefficients[3 * c] * u + coefficients[3 * c + 1] * v + coefficients[3 * c + 2] * u * v)
                return UInt8(max(0, min(255, value + random.uniform(-2, 2))))
            }
            image[x, y] = (channel(0), channel(1), channel(2))
        }
    }
    return image
}

func psnr(_ a: [UInt8], _ b: [UInt8]) -> Double {
    let mse = zip(a, b).reduce(0.0) { $0 + pow(Double($1.0) - Double($1.1), 2) } / Double(a.count)
    return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
}

@Suite struct ImageCodecTests {
    static var jpegAvailable: Bool { Fixtures.isCI || (try? JPEG.libraryLocation()) != nil }

    @Test(.enabled(if: jpegAvailable, "libturbojpeg not installed (make setup)"))
    func jpegRoundTripKeepsTheSizeAndMostOfTheSignal() throws {
        let image = smoothImage(width: 96, height: 64, seed: 5)
        let data = try JPEG.encode(image, quality: 95)
        #expect(data.starts(with: [0xFF, 0xD8]))
        let decoded = try JPEG.decode(data)
        #expect(decoded.width == 96 && decoded.height == 64)
        #expect(psnr(decoded.pixels, image.pixels) > 35)
    }

    @Test(.enabled(if: jpegAvailable, "libturbojpeg not installed (make setup)"))
    func jpegRejectsGarbageWithAClearError() {
        let error = #expect(throws: MediaError.self) { try JPEG.decode(Data("no jpeg here".utf8), source: "x.jpg") }
        #expect(error?.description.contains("x.jpg") == true)
    }

    @Test(.enabled(if: TestTools.shouldRunMedia, "ffmpeg not installed"))
    func pngDecodesBackExactlyWithFFmpeg() throws {
        let directory = TemporaryDirectory()
        let image = smoothImage(width: 37, height: 23, seed: 9)
        try PNG.write(image, to: directory.path("p.png"))
        let reader = try VideoFrameReader(path: directory.path("p.png"))
        let decoded = try #require(try reader.next())
        #expect(decoded == image)

        var mask = GrayImage(width: 20, height: 10)
        for i in stride(from: 0, to: mask.pixels.count, by: 3) { mask.pixels[i] = 255 }
        try PNG.write(mask, to: directory.path("m.png"))
        let maskAsRGB = try #require(try VideoFrameReader(path: directory.path("m.png")).next())
        #expect(stride(from: 0, to: maskAsRGB.pixels.count, by: 3).map { maskAsRGB.pixels[$0] } == mask.pixels)
    }
}
