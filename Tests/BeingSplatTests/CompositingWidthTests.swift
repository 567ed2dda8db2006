import BeingSplat
import BeingSplatCPU
import BeingTesting
import Testing

/// The two builds of the compositing kernels, blocks of 8 pixels and of 16 (AVX-512), composite
/// every pixel with the same arithmetic in the same order: their images must be bitwise equal,
/// and their gradients equal up to the order of each vector's final sum.
struct CompositingWidthTests {
    @Test func sixteenLanesMatchEightLanes() throws {
        guard CompositingWidth.sixteenLanes.isSupported else {
            print("CompositingWidthTests skipped: this CPU has no AVX-512, so only the 8-lane kernels run here")
            return
        }
        // 150×93: partial tiles at the right (6 columns) and bottom (13 rows) edges.
        let camera = Camera.lookAt(eye: SIMD3(0.2, 0.1, -3), target: .zero, focal: 120, width: 150, height: 93)
        let params = SplatScenes.random(count: 800, seed: 21, colorEncoding: .sphericalHarmonics1)
        var rng = SeededRandom(seed: 8)
        let pixels = camera.width * camera.height
        let options = RenderOptions(background: .image(rng.uniforms(pixels * 3, 0, 1)))
        let dColor = rng.uniforms(pixels * 3, -1, 1), dAlpha = rng.uniforms(pixels, -1, 1)
        var results: [(RenderOutput, SplatGradients)] = []
        for lanes in [CompositingWidth.eightLanes, .sixteenLanes] {
            let backend = CPUSplatBackend(compositing: lanes)
            let context = try backend.forward(params, camera: camera, options: options)
            results.append((context.output, try backend.backward(context, colorGradient: dColor, alphaGradient: dAlpha)))
        }
        let (narrow, wide) = (results[0], results[1])
        #expect(narrow.0.alpha.contains { $0 > 0.5 }, "the scene should cover part of the image")
        #expect(narrow.0.color == wide.0.color && narrow.0.alpha == wide.0.alpha && narrow.0.depth == wide.0.depth)
        let groups: [(String, [Float], [Float])] = [
            ("means", narrow.1.means, wide.1.means), ("scales", narrow.1.scales, wide.1.scales),
            ("rotations", narrow.1.rotations, wide.1.rotations), ("opacities", narrow.1.opacities, wide.1.opacities),
            ("colors", narrow.1.colors, wide.1.colors),
        ]
        for (name, a, b) in groups {
            let scale = a.map(abs).max() ?? 0
            #expect(scale > 0, "\(name): no gradient to compare")
            let worst = zip(a, b).map { abs($0 - $1) / (1e-5 * scale + 1e-4 * abs($0)) }.max() ?? 0
            #expect(worst <= 1, "\(name): 8 and 16 lanes differ by \(worst)x the tolerance")
        }
    }
}
