@testable import BeingFace
import BeingTesting
import Foundation
import Testing

@Test func eyeOpennessIsLidGapOverEyeWidth() {
    // Lids on an ellipse of half-width a and half-height b: the 7 facing pairs sit at x_k, so the gap is
    // 2b·sqrt(1 − (x_k/a)²); corners at ±a.
    let a = 20.0, b = 6.0
    var contour = [SIMD3<Double>](repeating: .zero, count: 71)
    var expected = 0.0
    for k in 0...8 {  // lower lid, corner to corner
        let x = -a + 2 * a * Double(k) / 8
        contour[k] = SIMD3(x + 100, 50 + b * (1 - (x / a) * (x / a)).squareRoot(), 0)
    }
    for k in 1...7 {  // upper lid above lower point k
        let x = contour[k].x - 100
        let gap = 2 * b * (1 - (x / a) * (x / a)).squareRoot()
        contour[8 + k] = SIMD3(contour[k].x, contour[k].y - gap, 0)
        expected += gap / 7
    }
    let eye = EyeResult(contour: contour, iris: Array(repeating: .zero, count: 5))
    #expect(isClose(ExpressionSignals.eyeOpenness(eye), expected / (2 * a), atol: 1e-12))
    // A shut eye (upper lid on the lower one) reads 0.
    var shut = contour
    for k in 1...7 { shut[8 + k] = shut[k] }
    #expect(ExpressionSignals.eyeOpenness(EyeResult(contour: shut, iris: eye.iris)) == 0)
}

@Test func gazeIsTheIrisBetweenTheCornersOverTheEyeWidth() {
    var random = SystemRandomNumberGenerator()
    for _ in 0..<20 {
        // A tilted eye: corners a (image left) and b, iris at the midpoint + (along, across)·width.
        let a = SIMD2(Double.random(in: 50...200, using: &random), Double.random(in: 50...200, using: &random))
        let tilt = Double.random(in: -0.3...0.3, using: &random), width = Double.random(in: 20...60, using: &random)
        let u = SIMD2(cos(tilt), sin(tilt)), n = SIMD2(-u.y, u.x), b = a + width * u
        let along = Double.random(in: -0.2...0.2, using: &random), across = Double.random(in: -0.1...0.1, using: &random)
        let iris = (a + b) / 2 + width * (along * u + across * n)
        func eye(_ first: SIMD2<Double>, _ last: SIMD2<Double>) -> [SIMD3<Double>] {
            var points = (0..<76).map { _ in SIMD3(Double.random(in: 0...300, using: &random), Double.random(in: 0...300, using: &random), 0) }
            points[0] = SIMD3(first.x, first.y, 1); points[8] = SIMD3(last.x, last.y, -1); points[71] = SIMD3(iris.x, iris.y, 0)
            return points
        }
        // The corners in either order (the model's left eye comes mirrored) give the same gaze, and
        // the left eye is read from the second half of a frame's 152 points.
        for points in [eye(a, b)[...], (eye(a, b) + eye(b, a))[76...]] {
            let gaze = ExpressionSignals.gaze(points)
            #expect(isClose(gaze.x, along, atol: 1e-9) && isClose(gaze.y, across, atol: 1e-9), "\(gaze) vs (\(along), \(across))")
        }
    }
}

@Test func mouthApertureAndWidthComeFromTheInnerLips() {
    var head = [SIMD3<Double>](repeating: .zero, count: 468)
    for (upper, lower) in FaceLandmarks.mouthOpeningPairs {
        head[upper] = SIMD3(0, -0.03, 0.02)
        head[lower] = SIMD3(0, -0.042, 0.02)
    }
    head[FaceLandmarks.mouthCorners.0] = SIMD3(-0.02, -0.036, 0.01)
    head[FaceLandmarks.mouthCorners.1] = SIMD3(0.025, -0.036, 0.01)
    let mouth = ExpressionSignals.mouth(head)
    #expect(isClose(mouth.aperture, 0.012, atol: 1e-12))
    #expect(isClose(mouth.width, 0.045, atol: 1e-12))
}

@Test func frameListsAreWrittenAsRanges() {
    #expect(FrameRanges.describe([7, 1, 2, 3, 9, 10]) == "1–3, 7, 9–10")
    #expect(FrameRanges.describe(Array(stride(from: 0, to: 40, by: 2)), limit: 3) == "0, 2, 4, …")
}
