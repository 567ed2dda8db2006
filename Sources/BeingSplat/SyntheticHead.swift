import Foundation

/// A head-sized synthetic scene for benchmarks: splats on an ellipsoid of 16 × 22 × 18 cm (a head)
/// 0.5 m in front of a 512-wide camera with a 1000 px focal length (scaled with the width), so the
/// head fills most of the frame as in a talking-head crop.
///
/// "Face-like size": splat scales follow the mean spacing of `count` splats over the ellipsoid's
/// surface, √(area / count), times 0.5–1.5, flattened along one random axis, as a trained avatar's
/// splats tile its surface about once. At 30K that is about 1.8 mm, 3–4 px σ at 512².
public enum SyntheticHead {
    public static let radii = SIMD3<Float>(0.08, 0.11, 0.09)

    public static func camera(width: Int) -> Camera {
        Camera.lookAt(eye: SIMD3(0, 0, -0.5), target: .zero, focal: 1000 * Float(width) / 512, width: width, height: width)
    }

    public static func parameters(count: Int, seed: UInt64) -> SplatParameters {
        var state = seed
        func uniform() -> Float {  // SplitMix64, so the scene is the same on every machine
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Float((z ^ (z >> 31)) >> 40) / Float(1 << 24)
        }
        let (a, b, c) = (radii.x, radii.y, radii.z)
        // Knud Thomsen's approximation of an ellipsoid's surface area.
        let pp: Float = 1.6075
        let area = 4 * Float.pi * pow((pow(a * b, pp) + pow(a * c, pp) + pow(b * c, pp)) / 3, 1 / pp)
        let spacing = (area / Float(count)).squareRoot()
        var p = SplatParameters(count: count)
        for i in 0..<count {
            // A uniform direction, pushed to the surface with a little thickness.
            let z = 2 * uniform() - 1, phi = 2 * Float.pi * uniform()
            let r = (1 - z * z).squareRoot()
            let shell = 0.97 + 0.03 * uniform()
            p.means[3 * i] = a * r * cos(phi) * shell
            p.means[3 * i + 1] = b * r * sin(phi) * shell
            p.means[3 * i + 2] = c * z * shell
            let flat = Int(uniform() * 3) % 3
            for k in 0..<3 {
                let s = spacing * (0.5 + uniform()) * (k == flat ? 0.3 : 1)
                p.scales[3 * i + k] = log(s)
            }
            for k in 0..<4 { p.rotations[4 * i + k] = 2 * uniform() - 1 }
            p.opacities[i] = -1 + 4 * uniform()
            for k in 0..<3 { p.colors[3 * i + k] = uniform() }
        }
        return p
    }
}
