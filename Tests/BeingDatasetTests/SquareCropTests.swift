import BeingDataset
import BeingMedia
import BeingTesting
import Testing

@Suite struct SquareCropTests {
    @Test func centresOnTheFaceWithMargin() throws {
        let boxes = [[400.0, 200, 600, 400], [410, 205, 610, 405], [395, 195, 595, 395]]
        let crop = try #require(SquareCrop.choose(boxes: boxes, width: 1920, height: 1080))
        #expect(crop.width == crop.height)
        #expect(abs(crop.width - 520) <= 2)
        #expect(abs(Double(crop.x) + Double(crop.width) / 2 - 500) <= 2)
        for box in boxes {
            #expect(Double(crop.x) <= box[0] && box[2] <= Double(crop.x + crop.width))
        }
    }

    @Test func staysInsideThePictureAndHoldsEveryFace() throws {
        var random = SeededRandom(seed: 5)
        for _ in 0..<50 {
            let width = Int(random.uniform(300, 1500)), height = Int(random.uniform(300, 1500))
            let size = Double(random.uniform(40, 200))
            let x = Double(random.uniform(0, Float(Double(width) - size))), y = Double(random.uniform(0, Float(Double(height) - size)))
            let boxes = (0..<5).map { _ in
                let dx = Double(random.uniform(-10, 10)), dy = Double(random.uniform(-10, 10))
                return [max(0, x + dx), max(0, y + dy), min(Double(width), x + dx + size), min(Double(height), y + dy + size)]
            }
            let crop = try #require(SquareCrop.choose(boxes: boxes, width: width, height: height))
            #expect(crop.x >= 0 && crop.y >= 0 && crop.x + crop.width <= width && crop.y + crop.height <= height)
            #expect(crop.width == crop.height && crop.width <= min(width, height))
        }
        #expect(SquareCrop.choose(boxes: [], width: 10, height: 10) == nil)
    }
}
