@testable import BeingFace
import BeingMedia
import BeingTesting
import Foundation
import Testing

/// The slow, obviously correct crop: for each output pixel, its centre's image position from the ROI
/// formula, then bilinear interpolation written out with explicit bounds.
private func slowSample(_ image: RGBImage, roi: FaceROI, size: Int, flip: Bool) -> [Float] {
    var out = [Float](repeating: 0, count: 3 * size * size)
    for j in 0..<size {
        for i in 0..<size {
            let u = (Double(i) + 0.5) / Double(size), v = (Double(j) + 0.5) / Double(size)
            let p = roi.imagePoint(u: flip ? 1 - u : u, v: v)
            let x = p.x - 0.5, y = p.y - 0.5
            let x0 = Int(floor(x)), y0 = Int(floor(y))
            for c in 0..<3 {
                var value = 0.0
                for (yy, wy) in [(y0, 1 - (y - floor(y))), (y0 + 1, y - floor(y))] {
                    for (xx, wx) in [(x0, 1 - (x - floor(x))), (x0 + 1, x - floor(x))] {
                        if xx >= 0, yy >= 0, xx < image.width, yy < image.height {
                            value += wx * wy * Double(image.pixels[(yy * image.width + xx) * 3 + c])
                        }
                    }
                }
                out[c * size * size + j * size + i] = Float(value / 255)
            }
        }
    }
    return out
}

@Test func cropMatchesTheSlowBilinearVersionOnRandomROIs() {
    var random = SeededRandom(seed: 21)
    let width = 61, height = 47
    let image = RGBImage(width: width, height: height, pixels: (0..<(width * height * 3)).map { _ in UInt8(random.next() % 256) })
    for trial in 0..<12 {
        let roi = FaceROI(center: SIMD2(Double(random.uniform(0, 61)), Double(random.uniform(0, 47))),
                          width: Double(random.uniform(5, 80)), height: Double(random.uniform(5, 80)),
                          rotation: Double(random.uniform(-3, 3)))
        let flip = trial % 2 == 1
        var fast = [Float](repeating: -1, count: 3 * 16 * 16)
        ImageCrop.sample(image, roi: roi, size: 16, range: 0...1, flip: flip, into: &fast)
        let slow = slowSample(image, roi: roi, size: 16, flip: flip)
        #expect(firstMismatch(fast, slow, atol: 1e-4, rtol: 1e-4) == nil, "trial \(trial)")
    }
}

@Test func cropPointMapsBackToWhereItWasSampled() {
    // A lone bright pixel, seen through a rotated, mirrored crop: the brightest crop pixel maps back onto it.
    var image = RGBImage(width: 100, height: 80)
    image[63, 22] = (255, 255, 255)
    let roi = FaceROI(center: SIMD2(55, 30), width: 40, height: 40, rotation: 0.6)
    for flip in [false, true] {
        var crop = [Float](repeating: 0, count: 3 * 80 * 80)
        ImageCrop.sample(image, roi: roi, size: 80, range: 0...1, flip: flip, into: &crop)
        let best = crop[0..<(80 * 80)].indices.max { crop[$0] < crop[$1] }!
        let p = ImageCrop.toImage(x: Float(best % 80) + 0.5, y: Float(best / 80) + 0.5, z: 0, roi: roi, size: 80, flip: flip)
        #expect(length(SIMD2(p.x, p.y) - SIMD2(63.5, 22.5)) < 0.6, "flip \(flip): \(p)")
    }
}

@Test func detectorAnchorsFollowTheSSDLayout() {
    let anchors = FaceDetector.anchors
    #expect(anchors.count == 896)
    #expect(anchors[0] == SIMD2(0.5 / 16, 0.5 / 16) && anchors[1] == anchors[0])
    #expect(anchors[512] == SIMD2(0.5 / 8, 0.5 / 8) && anchors[517] == anchors[512] && anchors[518] != anchors[512])
    #expect(anchors[895] == SIMD2(7.5 / 8, 7.5 / 8))
}

@Test func weightedSuppressionMergesOverlapsAndKeepsSeparateFaces() {
    func face(_ x: Double, _ y: Double, _ s: Double, _ score: Double) -> FaceDetection {
        FaceDetection(min: SIMD2(x, y), max: SIMD2(x + s, y + s), keypoints: Array(repeating: SIMD2(x, y), count: 6), score: score)
    }
    let a = face(10, 10, 100, 0.9), b = face(14, 10, 100, 0.6), far = face(300, 300, 80, 0.7)
    let kept = FaceDetector.weightedNonMaximumSuppression([b, far, a])
    #expect(kept.count == 2)
    #expect(kept[0].score == 0.9)  // the best one's score, its box the score-weighted mean
    #expect(abs(kept[0].min.x - (10 * 0.9 + 14 * 0.6) / 1.5) < 1e-12)
    #expect(kept[1] == far)
    #expect(FaceTracker.choose(kept, near: nil) == kept[0])  // largest without history
    #expect(FaceTracker.choose(kept, near: SIMD2(330, 330)) == kept[1])  // nearest to the face followed so far
}
