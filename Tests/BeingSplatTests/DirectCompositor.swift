import BeingSplat
import Foundation

/// A slow, obviously correct renderer for tests: Double precision, no tiles, every pixel loops
/// over every splat in depth order. It shares no code with the backend except the parameter
/// layout, and takes the backend's radii as the definition of each splat's support.
enum DirectCompositor {
    static func render(_ p: SplatParameters, camera: Camera, radii: [Int32], background: SIMD3<Float>) -> [Float] {
        let m = camera.worldToCamera.map(Double.init)
        let k = camera.intrinsics
        let (fx, fy, cx, cy) = (Double(k.fx), Double(k.fy), Double(k.cx), Double(k.cy))
        let eye = camera.position
        struct Splat { var z, u, v, a, b, c, o: Double; var color: [Double]; var r: Double }
        var splats: [Splat] = []
        for i in 0..<p.count where radii[i] > 0 {
            let x = (0..<3).map { Double(p.means[3 * i + $0]) }
            let t = (0..<3).map { r in m[4 * r] * x[0] + m[4 * r + 1] * x[1] + m[4 * r + 2] * x[2] + m[4 * r + 3] }
            // Σ = R S² Rᵀ from the normalised quaternion.
            var q = (0..<4).map { Double(p.rotations[4 * i + $0]) }
            let n = sqrt(q.reduce(0) { $0 + $1 * $1 }); q = q.map { $0 / n }
            let (w, qx, qy, qz) = (q[0], q[1], q[2], q[3])
            let rot = [[1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - w * qz), 2 * (qx * qz + w * qy)],
                       [2 * (qx * qy + w * qz), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - w * qx)],
                       [2 * (qx * qz - w * qy), 2 * (qy * qz + w * qx), 1 - 2 * (qx * qx + qy * qy)]]
            let s = (0..<3).map { exp(Double(p.scales[3 * i + $0])) }
            var sigma = [[Double]](repeating: [0, 0, 0], count: 3)
            for a in 0..<3 { for b in 0..<3 { for c in 0..<3 { sigma[a][b] += rot[a][c] * s[c] * s[c] * rot[b][c] } } }
            // T = J·W, then Σ' = T Σ Tᵀ + 0.3 I.
            let j = [[fx / t[2], 0, -fx * t[0] / (t[2] * t[2])], [0, fy / t[2], -fy * t[1] / (t[2] * t[2])]]
            var tw = [[Double]](repeating: [0, 0, 0], count: 2)
            for a in 0..<2 { for b in 0..<3 { for c in 0..<3 { tw[a][b] += j[a][c] * m[4 * c + b] } } }
            var cov = [[0.3, 0.0], [0.0, 0.3]]
            for a in 0..<2 { for b in 0..<2 { for c in 0..<3 { for d in 0..<3 { cov[a][b] += tw[a][c] * sigma[c][d] * tw[b][d] } } } }
            let det = cov[0][0] * cov[1][1] - cov[0][1] * cov[0][1]
            var color: [Double]
            let coeff = (0..<p.colorEncoding.width).map { Double(p.colors[p.colorEncoding.width * i + $0]) }
            if p.colorEncoding == .rgb {
                color = coeff
            } else {
                var d = (0..<3).map { x[$0] - Double(eye[$0]) }
                let dn = sqrt(d.reduce(0) { $0 + $1 * $1 }); d = d.map { $0 / dn }
                color = (0..<3).map { ch in
                    max(0, 0.282_094_79 * coeff[ch] + 0.488_602_51 * (-d[1] * coeff[3 + ch] + d[2] * coeff[6 + ch] - d[0] * coeff[9 + ch]) + 0.5)
                }
            }
            splats.append(Splat(z: t[2], u: fx * t[0] / t[2] + cx, v: fy * t[1] / t[2] + cy,
                                a: cov[1][1] / det, b: -cov[0][1] / det, c: cov[0][0] / det,
                                o: 1 / (1 + exp(-Double(p.opacities[i]))), color: color, r: Double(radii[i])))
        }
        splats.sort { $0.z < $1.z }
        var image = [Float](repeating: 0, count: k.width * k.height * 3)
        for py in 0..<k.height {
            for px in 0..<k.width {
                var transmittance = 1.0
                var c = [0.0, 0.0, 0.0]
                for s in splats {
                    let dx = Double(px) + 0.5 - s.u, dy = Double(py) + 0.5 - s.v
                    guard abs(dx) <= s.r, abs(dy) <= s.r else { continue }
                    let alpha = min(0.99, s.o * exp(-0.5 * (s.a * dx * dx + s.c * dy * dy) - s.b * dx * dy))
                    if alpha < 1.0 / 255 { continue }
                    let next = transmittance * (1 - alpha)
                    if next < 1e-4 { break }
                    for ch in 0..<3 { c[ch] += s.color[ch] * alpha * transmittance }
                    transmittance = next
                }
                for ch in 0..<3 { image[3 * (py * k.width + px) + ch] = Float(c[ch] + transmittance * Double(background[ch])) }
            }
        }
        return image
    }
}
