import BeingDataset
import BeingTesting
import Testing

@Suite struct PolygonRasterizerTests {
    /// Even-odd point-in-polygon by ray casting: slow and obviously right.
    func contains(_ polygon: [SIMD2<Double>], _ p: SIMD2<Double>) -> Bool {
        var inside = false
        var j = polygon.count - 1
        for i in polygon.indices {
            let a = polygon[i], b = polygon[j]
            if (a.y <= p.y) != (b.y <= p.y), p.x < a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x) {
                inside.toggle()
            }
            j = i
        }
        return inside
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func matchesPointInPolygonOnRandomPolygons(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let width = 37, height = 29
        let count = 3 + Int(random.next() % 9)
        let polygon = (0..<count).map { _ in SIMD2(Double(random.uniform(-5, 42)), Double(random.uniform(-5, 34))) }
        var mask = [UInt8](repeating: 0, count: width * height)
        PolygonRasterizer.fill(polygon, bits: 0b100, into: &mask, width: width, height: height)
        var disagreements = 0
        for y in 0..<height {
            for x in 0..<width {
                let expected = contains(polygon, SIMD2(Double(x) + 0.5, Double(y) + 0.5))
                if expected != (mask[y * width + x] == 0b100) { disagreements += 1 }
            }
        }
        #expect(disagreements == 0)
        #expect(mask.contains(0b100) || !polygon.isEmpty)
    }

    @Test func bitsAccumulateWithoutClearingOthers() {
        var mask = [UInt8](repeating: 0b1, count: 16)
        let square: [SIMD2<Double>] = [[1, 1], [3, 1], [3, 3], [1, 3]]
        PolygonRasterizer.fill(square, bits: 0b10, into: &mask, width: 4, height: 4)
        #expect(mask.filter { $0 == 0b11 }.count == 4)
        #expect(mask.filter { $0 == 0b1 }.count == 12)
    }
}
