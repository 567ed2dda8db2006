import BeingMedia
import BeingRuntime
import BeingTesting
import Foundation
import Testing

@Suite struct PNGReadingTests {
    @Test func readsBackWhatItWrites() throws {
        var random = SeededRandom(seed: 21)
        let gray = GrayImage(width: 13, height: 7, pixels: (0..<91).map { _ in UInt8.random(in: 0...255, using: &random) })
        let decoded = try PNG.decode(try PNG.encode(gray))
        #expect(decoded.channels == 1 && decoded.pixels == gray.pixels)
        let rgb = smoothImage(width: 9, height: 5, seed: 2)
        #expect(try PNG.decode(try PNG.encode(rgb)).pixels == rgb.pixels)
    }

    /// ffmpeg's PNG encoder picks Paeth and other filters: decoding its files checks all of them.
    @Test(.enabled(if: TestTools.shouldRunMedia, "ffmpeg not installed"))
    func readsFFmpegPNGsWithEveryFilter() throws {
        let directory = TemporaryDirectory()
        let image = smoothImage(width: 40, height: 30, seed: 8)
        try PNG.write(image, to: directory.path("source.png"))
        let ffmpeg = try FFmpegTools.locate().ffmpeg
        for prediction in ["none", "sub", "up", "avg", "paeth", "mixed"] {
            let output = directory.path("\(prediction).png")
            _ = try ChildProcess.run(ffmpeg, ["-nostdin", "-v", "error", "-i", directory.path("source.png"), "-pred", prediction, output])
            let decoded = try PNG.decode(try Data(contentsOf: URL(fileURLWithPath: output)))
            #expect(decoded.pixels == image.pixels, "filter \(prediction)")
        }
    }
}
