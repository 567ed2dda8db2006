import BeingSplat
import BeingSplatCPU
import BeingTesting
import Foundation
import Testing

struct ForwardTests {
    /// One Gaussian on the optical axis, rotated about it by θ, scales (sx, sy, sz), at depth z.
    /// At x = y = 0 the EWA Jacobian is diag(f/z) with a zero third column, so in closed form
    ///
    ///     Σ' = R₂(θ)·diag((f·sx/z)², (f·sy/z)²)·R₂(θ)ᵀ + 0.3·I,    ∫ α = o·2π·√det Σ'
    ///
    /// and the alpha image's centroid and second moments are μ' and Σ'. A 12σ cutoff and no α
    /// threshold make the pixel sum a Riemann sum of the integral, exact to far below 0.1%.
    @Test func singleGaussianMatchesClosedForm() throws {
        let (w, h, f, z): (Int, Int, Float, Float) = (96, 80, 100, 2)
        let (sx, sy, theta): (Float, Float, Float) = (0.16, 0.09, 0.6)
        let opacity: Float = 0.4
        let camera = Camera(intrinsics: .init(fx: f, fy: f, cx: 47.3, cy: 41.1, width: w, height: h),
                            worldToCamera: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
        var p = SplatParameters(count: 1)
        p.means = [0, 0, z]
        p.scales = [log(sx), log(sy), log(0.05)]
        p.rotations = [cos(theta / 2), 0, 0, sin(theta / 2)]
        p.opacities = [log(opacity / (1 - opacity))]
        p.colors = [0.2, 0.5, 0.9]
        let options = RenderOptions(sigmaCutoff: 12, alphaThreshold: 0, transmittanceStop: 0)
        let out = try CPUSplatBackend().forward(p, camera: camera, options: options).output

        let a = pow(f * sx / z, 2), b = pow(f * sy / z, 2), c = cos(theta), s = sin(theta)
        let xx = Double(c * c * a + s * s * b + 0.3), yy = Double(s * s * a + c * c * b + 0.3), xy = Double(c * s * (a - b))
        let integral = Double(opacity) * 2 * Double.pi * (xx * yy - xy * xy).squareRoot()

        var mass = 0.0, mx = 0.0, my = 0.0
        for j in 0..<h { for i in 0..<w {
            let v = Double(out.alpha[j * w + i])
            mass += v; mx += v * (Double(i) + 0.5); my += v * (Double(j) + 0.5)
        } }
        mx /= mass; my /= mass
        var cxx = 0.0, cyy = 0.0, cxy = 0.0
        for j in 0..<h { for i in 0..<w {
            let v = Double(out.alpha[j * w + i]) / mass, dx = Double(i) + 0.5 - mx, dy = Double(j) + 0.5 - my
            cxx += v * dx * dx; cyy += v * dy * dy; cxy += v * dx * dy
        } }
        #expect(isClose(mass, integral, atol: 0, rtol: 1e-3), "∑α = \(mass), closed form \(integral)")
        #expect(isClose(mx, 47.3, atol: 1e-3) && isClose(my, 41.1, atol: 1e-3), "centroid (\(mx), \(my))")
        #expect(isClose(cxx, xx, atol: 0, rtol: 2e-3) && isClose(cyy, yy, atol: 0, rtol: 2e-3) && isClose(cxy, xy, atol: 1e-3, rtol: 2e-3),
                "moments (\(cxx), \(cyy), \(cxy)) vs (\(xx), \(yy), \(xy))")
        // Colour is the splat's colour times α over a black background; depth is α·z.
        let centre = 41 * w + 47
        #expect(isClose(out.color[3 * centre + 1], 0.5 * out.alpha[centre], atol: 1e-6))
        #expect(isClose(out.depth[centre], z * out.alpha[centre], atol: 1e-5))
        #expect(out.radii[0] > 0 && out.visible[0])
    }

    /// The tiled, splat-major renderer against a direct per-pixel loop over all splats sorted by
    /// depth (the obviously correct form of the compositing formula), on a random scene with the
    /// default options: thresholds, early stop, clamping and partial edge tiles included.
    @Test func tiledRenderMatchesDirectCompositing() throws {
        let camera = Camera.lookAt(eye: SIMD3(0.2, 0.1, -3), target: .zero, focal: 60, width: 70, height: 45)
        let params = SplatScenes.random(count: 300, seed: 11, colorEncoding: .sphericalHarmonics1)
        let bg = SIMD3<Float>(0.1, 0.3, 0.2)
        for lanes in CompositingWidth.allCases where lanes.isSupported {
            let context = try CPUSplatBackend(compositing: lanes).forward(params, camera: camera, options: RenderOptions(background: .color(bg)))
            let reference = DirectCompositor.render(params, camera: camera, radii: context.output.radii, background: bg)
            let mismatch = firstMismatch(context.output.color, reference, atol: 1e-4, rtol: 1e-4)
            #expect(mismatch == nil, "\(lanes): first mismatch \(String(describing: mismatch))")
            #expect(context.output.alpha.contains { $0 > 0.5 }, "the scene should cover part of the image")
        }
    }

    /// A scene whose splats all miss the image, or are too faint to reach α ≥ 1/255, renders the
    /// background and has zero gradients (empty tile lists and empty binning included).
    @Test func nothingVisibleRendersTheBackground() throws {
        let camera = SplatScenes.camera()
        let params = SplatScenes.random(count: 20, seed: 5)
        let bg = SIMD3<Float>(0.2, 0.4, 0.6)
        for variant in 0..<2 {
          for lanes in CompositingWidth.allCases where lanes.isSupported {
            var p = params
            if variant == 0 {
                for i in 0..<p.count { p.means[3 * i + 2] = -50 }  // behind the camera
            } else {
                p.opacities = [Float](repeating: -8, count: p.count)  // σ(−8) < 1/255
            }
            let backend = CPUSplatBackend(compositing: lanes)
            let context = try backend.forward(p, camera: camera, options: RenderOptions(background: .color(bg)))
            let out = context.output
            #expect(context.intersectionCount == 0)
            #expect((0..<(out.width * out.height)).allSatisfy {
                out.color[3 * $0] == bg.x && out.color[3 * $0 + 1] == bg.y && out.color[3 * $0 + 2] == bg.z && out.alpha[$0] == 0
            })
            let grads = try backend.backward(context, colorGradient: [Float](repeating: 1, count: out.color.count), alphaGradient: nil)
            #expect(grads.means.allSatisfy { $0 == 0 } && grads.opacities.allSatisfy { $0 == 0 })
          }
        }
    }
}
