import BeingMath
import BeingSplat
import BeingSplatRaster
import Foundation

/// Per-splat screen-space data, computed once per forward pass and reused by binning, every pixel
/// and the backward pass: only what those read. Work is split over splats in chunks; each chunk
/// writes only its own rows.
struct ProjectedSplats {
    var conics: [SIMD3<Float>]      // [N] (a, b, c) of Σ'⁻¹
    var opacities: [Float]          // [N] σ(logit)
    var depths: [Float]             // [N] camera-space z
    var radii: [Int32]              // [N] 0 when culled
    /// The pixels each splat can reach (`RasterSplat.footprint`), what binning bins by.
    var footprints: [PixelBox]      // [N]
    var visible: [Bool]             // [N]
    /// What compositing reads of each splat, one cache line apiece; `footprint` is empty for
    /// splats that cannot reach α ≥ threshold anywhere.
    var raster: [RasterSplat]       // [N]

    /// Projects every splat (Kerbl et al. 2023 §4, EWA: Σ' = J·W·Σ·Wᵀ·Jᵀ + 0.3·I).
    init(_ p: SplatParameters, camera: Camera, options: RenderOptions) {
        // Each chunk writes every row it owns (the culled ones through `cull`), so nothing is cleared first.
        let n = p.count
        conics = uninitializedArray(n); opacities = uninitializedArray(n)
        depths = uninitializedArray(n); radii = uninitializedArray(n)
        footprints = uninitializedArray(n); visible = uninitializedArray(n)
        raster = uninitializedArray(n)
        let threshold = options.alphaThreshold
        let w = camera.rotation, trans = camera.translation, eye = camera.position
        let pinhole = camera.intrinsics
        let out: Rows = (SharedPointer(&conics), SharedPointer(&opacities), SharedPointer(&depths), SharedPointer(&radii),
                         SharedPointer(&footprints), SharedPointer(&visible), SharedPointer(&raster))
        p.means.withUnsafeBufferPointer { mp in
        p.scales.withUnsafeBufferPointer { sp in
        p.rotations.withUnsafeBufferPointer { qp in
        p.colors.withUnsafeBufferPointer { cp in
            parallelChunks(n, chunk: 2048) { range in
                for i in range {
                    let mean = SIMD3(mp[3 * i], mp[3 * i + 1], mp[3 * i + 2])
                    let t = w * mean + trans
                    guard t.z > camera.near, t.z < camera.far else { Self.cull(i, out); continue }
                    let q = SIMD4(qp[4 * i], qp[4 * i + 1], qp[4 * i + 2], qp[4 * i + 3])
                    let scale = Self.activate(SIMD3(sp[3 * i], sp[3 * i + 1], sp[3 * i + 2]), p.scaleActivation)
                    let sigma = Covariance.world(rotation: QuaternionRotation.matrix(q), scale: scale)
                    let tw = pinhole.jacobian(t) * w
                    let cov = Covariance.image(tw, sigma, lowPass: options.lowPass)
                    guard let conic = Covariance.conic(cov) else { Self.cull(i, out); continue }
                    let radius = Covariance.extent(cov, sigmas: options.sigmaCutoff).rounded(.up)
                    let m2 = pinhole.project(t)
                    guard radius > 0, radius.isFinite, m2.x.isFinite, m2.y.isFinite else { Self.cull(i, out); continue }
                    let box = PixelBox(mean: m2, radius: radius, width: pinhole.width, height: pinhole.height)
                    guard !box.isEmpty else { Self.cull(i, out); continue }
                    out.0[i] = conic; out.2[i] = t.z; out.3[i] = Int32(radius); out.5[i] = true
                    let o = Activation.sigmoid(p.opacities[i])
                    out.1[i] = o
                    let color: SIMD3<Float>
                    switch p.colorEncoding {
                    case .rgb:
                        color = SIMD3(cp[3 * i], cp[3 * i + 1], cp[3 * i + 2])
                    case .sphericalHarmonics1:
                        let v = mean - eye
                        let d = v / (v * v).sum().squareRoot()
                        let c = SphericalHarmonics.evaluate(degree: 1, cp.baseAddress! + 12 * i, direction: d)
                        color = c.replacing(with: 0, where: c .< 0)
                    }
                    let splat = RasterSplat(mean: m2, conic: conic, covariance: cov, opacity: o, color: color, depth: t.z,
                                            box: box, threshold: threshold, width: pinhole.width, height: pinhole.height)
                    out.4[i] = splat.footprint; out.6[i] = splat
                }
            }
        }}}}
    }

    /// The rows of a culled splat: zeros, an empty footprint, not visible.
    @inline(__always) static func cull(_ i: Int, _ out: Rows) {
        let splat = RasterSplat()
        out.0[i] = .zero; out.1[i] = 0; out.2[i] = 0; out.3[i] = 0; out.4[i] = splat.footprint; out.5[i] = false
        out.6[i] = splat
    }

    /// Where the chunks write: `conics` … `raster`, in the order of the stored properties.
    typealias Rows = (SharedPointer<SIMD3<Float>>, SharedPointer<Float>, SharedPointer<Float>, SharedPointer<Int32>,
                      SharedPointer<PixelBox>, SharedPointer<Bool>, SharedPointer<RasterSplat>)

    @inline(__always) static func activate(_ v: SIMD3<Float>, _ a: ScaleActivation) -> SIMD3<Float> {
        switch a {
        case .exponential: return SIMD3(Activation.exponential(v.x), Activation.exponential(v.y), Activation.exponential(v.z))
        case .softplus: return SIMD3(Activation.softplus(v.x), Activation.softplus(v.y), Activation.softplus(v.z))
        }
    }
}
