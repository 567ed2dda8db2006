@testable import BeingSplatCompositing
import Foundation
import Testing

/// The compositing loops' 2ˣ against Foundation's, over the range they use (p ≤ log₂(255) ≈ 8 when
/// α < 1/255 is skipped, up to 40 when it is not) and at the clamp.
struct FastExpTests {
    @Test func fastExp2IsAccurateToAFewUlp() {
        var worst: Double = 0
        var x: Float = -40
        while x <= 0 {
            let lanes = Lanes(repeating: x) + laneOffset * 1e-4
            let approx = fastExp2(negating: -lanes)
            for i in 0..<Lanes.scalarCount {
                let exact = exp2(Double(lanes[i]))
                worst = max(worst, abs(Double(approx[i]) - exact) / exact)
            }
            x += 0.0137
        }
        #expect(worst < 5e-7, "worst relative error \(worst)")
        let far = fastExp2(negating: Lanes(repeating: 1000))
        #expect(far[0] > 0 && far[0] < 1e-11 && far[0].isNormal, "clamped, never denormal: \(far[0])")
    }
}
