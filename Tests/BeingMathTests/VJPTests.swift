import BeingMath
import BeingTesting
import Testing

/// Each VJP in BeingMath against central differences of its forward, at random non-zero inputs:
/// for random output weights w, d(w·f(x))/dx must equal vjp(x, w). Single functions in Float32
/// are smooth enough for h = 1e-3 and a 0.2% band.
struct VJPTests {
    /// Checks `vjp` against `f` at `trials` random points from `sample`.
    func check(_ name: String, inputs: Int, outputs: Int, trials: Int = 20, seed: UInt64 = 1,
               sample: (inout SeededRandom) -> [Float], f: ([Float]) -> [Float], vjp: ([Float], [Float]) -> [Float]) {
        var rng = SeededRandom(seed: seed)
        var report = FiniteDifference.Report()
        for _ in 0..<trials {
            let x = sample(&rng)
            let w = rng.uniforms(outputs, -1, 1)
            let analytic = vjp(x, w)
            for i in 0..<inputs {
                let numeric = FiniteDifference.central(x, index: i, step: 1e-3) { x in
                    zip(f(x), w).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                }
                report.add(index: i, analytic: Double(analytic[i]), numeric: numeric, atol: 2e-3, rtol: 2e-3)
            }
        }
        #expect(report.passed, "\(name): \(report)")
    }

    static let pinhole = Pinhole(fx: 300, fy: 280, cx: 64, cy: 50, width: 128, height: 100)

    @Test func projection() {
        let cam = Self.pinhole
        let sample: (inout SeededRandom) -> [Float] = { [ $0.uniform(-0.3, 0.3), $0.uniform(-0.3, 0.3), $0.uniform(1, 3)] }
        check("project", inputs: 3, outputs: 2, sample: sample,
              f: { let p = cam.project(SIMD3($0[0], $0[1], $0[2])); return [p.x, p.y] },
              vjp: { x, w in let g = cam.projectVJP(SIMD3(x[0], x[1], x[2]), SIMD2(w[0], w[1])); return [g.x, g.y, g.z] })
        // Jacobian entries scaled down so the check's absolute band is meaningful.
        check("jacobian", inputs: 3, outputs: 6, sample: sample,
              f: { let j = cam.jacobian(SIMD3($0[0], $0[1], $0[2])); return [j.r0.x, j.r0.y, j.r0.z, j.r1.x, j.r1.y, j.r1.z].map { $0 / 100 } },
              vjp: { x, w in
                  let g = Matrix2x3(rows: SIMD3(w[0], w[1], w[2]) / 100, SIMD3(w[3], w[4], w[5]) / 100)
                  let d = cam.jacobianVJP(SIMD3(x[0], x[1], x[2]), g); return [d.x, d.y, d.z] })
    }

    @Test func quaternionRotation() {
        check("quaternion", inputs: 4, outputs: 9, sample: { $0.uniforms(4, -1, 1) },
              f: { let r = QuaternionRotation.matrix(SIMD4($0[0], $0[1], $0[2], $0[3])); return Self.flat(r) },
              vjp: { x, w in let g = QuaternionRotation.matrixVJP(SIMD4(x[0], x[1], x[2], x[3]), Self.matrix(w)); return [g[0], g[1], g[2], g[3]] })
    }

    @Test func worldCovariance() {
        check("covariance", inputs: 7, outputs: 9, sample: { $0.uniforms(4, -1, 1) + $0.uniforms(3, 0.2, 1.5) },
              f: { x in
                  let r = QuaternionRotation.matrix(SIMD4(x[0], x[1], x[2], x[3]))
                  return Self.flat(Covariance.world(rotation: r, scale: SIMD3(x[4], x[5], x[6]))) },
              vjp: { x, w in
                  let q = SIMD4(x[0], x[1], x[2], x[3]), r = QuaternionRotation.matrix(q)
                  let g = Self.matrix(w)
                  let sym = 0.5 * (g + g.transposed)  // Σ is symmetric, so only the symmetric part of dL/dΣ acts
                  let (dr, ds) = Covariance.worldVJP(rotation: r, scale: SIMD3(x[4], x[5], x[6]), sym)
                  let dq = QuaternionRotation.matrixVJP(q, dr)
                  return [dq[0], dq[1], dq[2], dq[3], ds.x, ds.y, ds.z] })
    }

    @Test func imageCovarianceAndConic() {
        // Inputs: T (6) and a symmetric Σ from its upper triangle (6); output the conic (3).
        func sigma(_ x: [Float]) -> Matrix3 {
            Matrix3(rows: SIMD3(x[6], x[7], x[8]), SIMD3(x[7], x[9], x[10]), SIMD3(x[8], x[10], x[11]))
        }
        let sample: (inout SeededRandom) -> [Float] = { rng in
            // Σ = diagonally dominant so it stays positive definite.
            rng.uniforms(6, -1, 1) + [rng.uniform(1, 2), rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3),
                                      rng.uniform(1, 2), rng.uniform(-0.3, 0.3), rng.uniform(1, 2)]
        }
        check("image covariance + conic", inputs: 12, outputs: 3, sample: sample,
              f: { x in
                  let t = Matrix2x3(rows: SIMD3(x[0], x[1], x[2]), SIMD3(x[3], x[4], x[5]))
                  let c = Covariance.conic(Covariance.image(t, sigma(x), lowPass: 0.3))!
                  return [c.x, c.y, c.z] },
              vjp: { x, w in
                  let t = Matrix2x3(rows: SIMD3(x[0], x[1], x[2]), SIMD3(x[3], x[4], x[5]))
                  let conic = Covariance.conic(Covariance.image(t, sigma(x), lowPass: 0.3))!
                  let dCov = Covariance.conicVJP(conic: conic, SIMD3(w[0], w[1], w[2]))
                  let (dt, ds) = Covariance.imageVJP(t, sigma(x), dCov)
                  // Σ's upper triangle feeds two symmetric entries off the diagonal.
                  return [dt.r0.x, dt.r0.y, dt.r0.z, dt.r1.x, dt.r1.y, dt.r1.z,
                          ds.r0.x, ds.r0.y + ds.r1.x, ds.r0.z + ds.r2.x, ds.r1.y, ds.r1.z + ds.r2.y, ds.r2.z] })
    }

    @Test func sphericalHarmonicsAndDirection() {
        check("SH degree 1", inputs: 15, outputs: 3, sample: { $0.uniforms(15, -1, 1) },
              f: { x in
                  let v = SIMD3(x[12], x[13], x[14])
                  let c = x.withUnsafeBufferPointer { SphericalHarmonics.evaluate(degree: 1, $0.baseAddress!, direction: v / (v * v).sum().squareRoot()) }
                  return [c.x, c.y, c.z] },
              vjp: { x, w in
                  let v = SIMD3(x[12], x[13], x[14]), d = v / (v * v).sum().squareRoot()
                  var gk = [Float](repeating: 0, count: 12)
                  let gd = x.withUnsafeBufferPointer { xp in gk.withUnsafeMutableBufferPointer {
                      SphericalHarmonics.evaluateVJP(degree: 1, xp.baseAddress!, direction: d, SIMD3(w[0], w[1], w[2]), into: $0.baseAddress!) } }
                  let gv = SphericalHarmonics.normalizeVJP(v, gd)
                  return gk + [gv.x, gv.y, gv.z] })
    }

    @Test func activations() {
        check("sigmoid", inputs: 1, outputs: 1, sample: { [$0.uniform(-4, 4)] },
              f: { [Activation.sigmoid($0[0])] }, vjp: { x, w in [Activation.sigmoidVJP(output: Activation.sigmoid(x[0]), w[0])] })
        check("exp", inputs: 1, outputs: 1, sample: { [$0.uniform(-3, 1)] },
              f: { [Activation.exponential($0[0])] }, vjp: { x, w in [Activation.exponentialVJP(output: Activation.exponential(x[0]), w[0])] })
        check("softplus", inputs: 1, outputs: 1, sample: { [$0.uniform(-4, 4)] },
              f: { [Activation.softplus($0[0])] }, vjp: { x, w in [Activation.softplusVJP(input: x[0], w[0])] })
        var rng = SeededRandom(seed: 4)
        for _ in 0..<10 {
            let y = rng.uniform(0.05, 3)
            #expect(isClose(Activation.softplus(Activation.inverseSoftplus(y)), y, atol: 1e-5, rtol: 1e-4))
        }
    }

    static func flat(_ m: Matrix3) -> [Float] { [m.r0.x, m.r0.y, m.r0.z, m.r1.x, m.r1.y, m.r1.z, m.r2.x, m.r2.y, m.r2.z] }
    static func matrix(_ w: [Float]) -> Matrix3 { Matrix3(rows: SIMD3(w[0], w[1], w[2]), SIMD3(w[3], w[4], w[5]), SIMD3(w[6], w[7], w[8])) }
}
