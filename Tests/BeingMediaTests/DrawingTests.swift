import BeingMedia
import Testing

@Suite struct DrawingTests {
    @Test func lineCoversItsEndsAndStaysInside() {
        var image = RGBImage(width: 20, height: 10)
        image.line(from: SIMD2(2, 2), to: SIMD2(17, 7), (255, 0, 0))
        #expect(image[2, 2] == (255, 0, 0) && image[17, 7] == (255, 0, 0))
        #expect(image[17, 2] == (0, 0, 0))
        image.line(from: SIMD2(-50, -50), to: SIMD2(50, 50), (0, 255, 0))  // clipped, no crash
        #expect(image[5, 5] == (0, 255, 0))
    }

    @Test func downsamplingAveragesBlocks() {
        var image = RGBImage(width: 4, height: 2)
        image[0, 0] = (100, 0, 0); image[1, 0] = (200, 0, 0); image[0, 1] = (0, 0, 0); image[1, 1] = (100, 40, 8)
        let small = image.downsampled(by: 2)
        #expect(small.width == 2 && small.height == 1)
        #expect(small[0, 0] == (100, 10, 2))
    }

    @Test func pasteAndBlend() {
        var canvas = RGBImage(width: 6, height: 6, fill: (10, 10, 10))
        canvas.paste(RGBImage(width: 2, height: 2, fill: (200, 100, 0)), x: 5, y: 5)
        #expect(canvas[5, 5] == (200, 100, 0) && canvas[4, 4] == (10, 10, 10))
        canvas.blend(x: 0, y: 0, (110, 210, 10), alpha: 0.5)
        #expect(canvas[0, 0] == (60, 110, 10))
    }
}
