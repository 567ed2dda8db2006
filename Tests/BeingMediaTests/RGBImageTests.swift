import BeingMedia
import Testing

@Test func filledImageReadsBackItsColourEverywhere() {
    var image = RGBImage(width: 5, height: 3, fill: (10, 20, 30))
    #expect(image.pixels.count == 45)
    #expect(image[4, 2] == (10, 20, 30))
    image[1, 2] = (1, 2, 3)
    #expect(image.pixels[(2 * 5 + 1) * 3 + 2] == 3)
    #expect(image[0, 0] == (10, 20, 30))
}
