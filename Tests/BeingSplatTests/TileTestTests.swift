import BeingMath
@testable import BeingSplat
@testable import BeingSplatCPU
import BeingSplatRaster
import Testing

/// `keptTiles` (a vector of tiles per step, in both builds of the compositing kernels) must answer
/// exactly as `RasterSplat.touches` asked tile by tile, or binning would change: random splats of every size, orientation and opacity,
/// boxes from one tile to 64, near the image's clipped right and bottom edges too.
struct TileTestTests {
    @Test func keptTilesMatchesTouchesTileByTile() {
        var state: UInt64 = 11
        func uniform() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24)
        }
        let width = 200, height = 136  // edge tiles 8 pixels wide and high
        var asked = 0
        for _ in 0..<4000 {
            let mean = SIMD2(uniform() * 240 - 20, uniform() * 180 - 20)
            let sx = 0.5 + uniform() * 40, sy = 0.5 + uniform() * 40, rho = (uniform() * 2 - 1) * 0.95
            let cov = SIMD3(sx * sx, rho * sx * sy, sy * sy)
            guard let conic = Covariance.conic(cov) else { continue }
            let radius = Covariance.extent(cov, sigmas: 3).rounded(.up)
            let box = PixelBox(mean: mean, radius: radius, width: width, height: height)
            if box.isEmpty { continue }
            let splat = RasterSplat(mean: mean, conic: conic, covariance: cov, opacity: 0.02 + uniform() * 0.97,
                                    color: .zero, depth: 1, box: box, threshold: 1 / 255, width: width, height: height)
            if splat.footprint.isEmpty { continue }
            let span = TileSpan(tilesOf: splat.footprint)
            guard span.isAsked else { continue }
            asked += 1
            let each = TileSpan(splat.footprint, g: 0, width: width, height: height, testing: true) { splat.touches($1) }
            for lanes in CompositingWidth.allCases where lanes.isSupported {
                #expect(lanes.compositor.keptTiles(splat, span.tiles, width: width, height: height) == each.kept, "\(lanes)")
            }
        }
        #expect(asked > 1000)
    }
}
