@testable import BeingAvatar
import BeingTesting
import Testing

struct RestMouthTests {
    /// The rest mouth is the codes' mean weighted by rest, written out, on random codes; a clip
    /// with under two frames' worth of rest falls back to its most closed seventh.
    @Test func pausesWeightTheRestMouth() {
        var rng = SeededRandom(seed: 21)
        let t = 35, km = 6
        let codes = (0..<t).map { _ in rng.uniforms(km, -2, 2) }
        let apertures = rng.uniforms(t, 0.001, 0.02).map(Double.init)
        let rest = rng.uniforms(t, 0, 1).map { $0 < 0.6 ? 0 : $0 }
        let mouth = AvatarReference.restMouth(codes: codes, rest: rest, apertures: apertures)
        let total = rest.reduce(0, +)
        for j in 0..<km {
            let expected = (0..<t).reduce(Float(0)) { $0 + codes[$1][j] * rest[$1] } / total
            #expect(abs(mouth[j] - expected) < 1e-5)
        }
        let closed = apertures.indices.sorted { apertures[$0] < apertures[$1] }.prefix(t / 7)
        let fallback = AvatarReference.restMouth(codes: codes, rest: rest.map { $0 * 1.9 / total }, apertures: apertures)
        for j in 0..<km {
            let expected = closed.reduce(Float(0)) { $0 + codes[$1][j] } / Float(closed.count)
            #expect(abs(fallback[j] - expected) < 1e-5)
        }
    }
}
