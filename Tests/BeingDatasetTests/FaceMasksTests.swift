import BeingDataset
import BeingMedia
import Foundation
import Testing

/// A stand-in mesh: every region outlined by a circle or ellipse, so the expected mask is known.
@Suite struct FaceMasksTests {
    static func ring(_ indices: [Int], centre: SIMD2<Double>, rx: Double, ry: Double, into points: inout [SIMD2<Double>]) {
        for (k, index) in indices.enumerated() {
            let angle = 2 * Double.pi * Double(k) / Double(indices.count)
            points[index] = centre + SIMD2(rx * cos(angle), ry * sin(angle))
        }
    }

    static let topology = MaskTopology(
        faceOval: Array(0..<36), foreheadTop: 36, chin: 37, outerLips: Array(40..<60), innerLips: Array(60..<80),
        eyes: [Array(80..<96), Array(96..<112)])

    static func scene() -> ([SIMD2<Double>], RGBImage) {
        var points = [SIMD2<Double>](repeating: SIMD2(100, 100), count: 468)
        ring(Array(0..<36), centre: SIMD2(100, 90), rx: 60, ry: 70, into: &points)
        points[36] = SIMD2(100, 20); points[37] = SIMD2(100, 160)
        ring(Array(40..<60), centre: SIMD2(100, 130), rx: 22, ry: 10, into: &points)
        ring(Array(60..<80), centre: SIMD2(100, 130), rx: 15, ry: 5, into: &points)
        ring(Array(80..<96), centre: SIMD2(75, 75), rx: 10, ry: 4, into: &points)
        ring(Array(96..<112), centre: SIMD2(125, 75), rx: 10, ry: 4, into: &points)
        var frame = RGBImage(width: 200, height: 220, fill: (150, 110, 90))
        for y in 126...127 { for x in 92...108 { frame[x, y] = (240, 240, 235) } }  // teeth
        return (points, frame)
    }

    @Test func regionsLandWhereTheOutlinesAre() {
        let (points, frame) = Self.scene()
        let mask = FaceMasks(topology: Self.topology).mask(points: points, frame: frame)
        func bits(_ x: Int, _ y: Int) -> MaskBits { MaskBits(rawValue: mask.pixels[y * mask.width + x]) }
        #expect(bits(100, 60).contains(.face) && !bits(100, 60).contains(.lips))
        #expect(bits(100, 122).contains(.lips) && !bits(100, 122).contains(.mouthInterior))
        #expect(bits(100, 131).contains(.mouthInterior) && !bits(100, 131).contains(.lips))
        #expect(bits(100, 127).contains(.teeth) && !bits(96, 132).contains(.teeth))
        #expect(bits(75, 75).contains(.eyes) && bits(125, 75).contains(.eyes) && !bits(100, 75).contains(.eyes))
        #expect(!bits(5, 5).contains(.face))
    }

    @Test func faceRegionReachesBelowTheChin() {
        let (points, frame) = Self.scene()
        let mask = FaceMasks(topology: Self.topology).mask(points: points, frame: frame)
        // The oval ends at y = 160; the extension carries it about 0.9 × (160 - 130) further.
        #expect(mask.pixels[175 * mask.width + 100] & MaskBits.face.rawValue != 0)
        #expect(mask.pixels[200 * mask.width + 100] & MaskBits.face.rawValue == 0)
        var noExtension = FaceMasks(topology: Self.topology)
        noExtension.jawExtension = 0
        #expect(noExtension.mask(points: points, frame: frame).pixels[175 * mask.width + 100] & MaskBits.face.rawValue == 0)
    }
}
