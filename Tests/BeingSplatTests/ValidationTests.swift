import BeingSplat
import Foundation
import Testing

/// `SplatParameters.validate` scans every value eight at a time; these check it against the plain
/// per-value test: every non-finite kind, in the vector body and in the tail, in every group.
struct ValidationTests {
    @Test(arguments: [Float.nan, -.nan, .infinity, -.infinity, .signalingNaN])
    func findsTheFirstNonFiniteValue(bad: Float) throws {
        // 37 splats: means have 111 values, 13 full groups of eight and a tail of seven.
        for group in ParameterGroup.allCases {
            var p = SyntheticHead.parameters(count: 37, seed: 3)
            let values = p[group]
            for index in [0, 7, 8, 60, values.count - 8, values.count - 1] where index < values.count {
                var q = p
                var v = values
                v[index] = bad
                q[group] = v
                let message = "\(group.rawValue)[\(index)] is not finite"
                #expect(performing: { try q.validate() }, throws: { "\($0)".hasPrefix(message) })
            }
            // Extremes that are finite pass: the largest, the smallest denormal, negative zero.
            var v = values
            v[0] = .greatestFiniteMagnitude; v[1] = -.greatestFiniteMagnitude
            v[2] = .leastNonzeroMagnitude; v[3] = -0.0
            p[group] = v
            #expect(throws: Never.self) { try p.validate() }
        }
    }
}
