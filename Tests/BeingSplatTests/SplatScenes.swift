import Foundation
import BeingSplat
import BeingTesting

/// Small random scenes in front of a camera, seeded so failures repeat.
enum SplatScenes {
    /// A 40×32 camera (3×2 tiles, a ragged edge) at an oblique pose, so the world-to-camera
    /// rotation is not the identity.
    static func camera() -> Camera {
        Camera.lookAt(eye: SIMD3(0.4, -0.3, -3), target: SIMD3(0, 0, 0), up: SIMD3(0.1, 1, 0),
                      focal: 45, width: 40, height: 32)
    }

    /// `count` Gaussians near the origin, of a few pixels each, opacities in (0.3, 0.7) so α stays
    /// below the 0.99 clamp, colours away from the SH clamp at zero.
    static func random(count: Int, seed: UInt64, scaleActivation: ScaleActivation = .exponential,
                       colorEncoding: ColorEncoding = .rgb) -> SplatParameters {
        var rng = SeededRandom(seed: seed)
        var p = SplatParameters(count: count, scaleActivation: scaleActivation, colorEncoding: colorEncoding)
        p.means = (0..<count).flatMap { _ in [rng.uniform(-0.9, 0.9), rng.uniform(-0.7, 0.7), rng.uniform(-0.5, 0.5)] }
        let worldScales = (0..<(count * 3)).map { _ in rng.uniform(0.08, 0.25) }
        p.scales = worldScales.map { scaleActivation == .exponential ? log($0) : log(expm1($0)) }
        p.rotations = rng.uniforms(count * 4, -1, 1)
        p.opacities = rng.uniforms(count, -0.8, 0.8)
        switch colorEncoding {
        case .rgb:
            p.colors = rng.uniforms(count * 3, 0.1, 0.9)
        case .sphericalHarmonics1:
            p.colors = (0..<count).flatMap { _ -> [Float] in
                // DC terms give a colour of 0.4–0.8; degree-1 terms vary it by at most ±0.1.
                (0..<3).map { _ in (rng.uniform(0.4, 0.8) - 0.5) / 0.282_094_79 } + rng.uniforms(9, -0.2, 0.2)
            }
        }
        return p
    }

    /// Options under which the render is a smooth function of the parameters: the cutoff radius is
    /// 6σ (where a splat is below e⁻¹⁸), no α threshold and no early stop. Only for gradient checks.
    static func smoothOptions(background: Background) -> RenderOptions {
        RenderOptions(background: background, sigmaCutoff: 6, alphaThreshold: 0, transmittanceStop: 0)
    }
}
