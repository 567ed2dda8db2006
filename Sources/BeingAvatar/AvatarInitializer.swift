import BeingDataset
import BeingFace
import BeingMath
import BeingMedia
import BeingSplat
import Foundation

/// Places the first Gaussians of an avatar on the person's face: samples on the neutral mesh's
/// surface (denser on lips and eyes), a skirt under the jaw that the face mask reaches, and a set
/// behind the lips for the mouth interior. Each starts with the blend shapes of the mesh at its
/// place, so the face already moves like the tracked mesh before any training.
public struct AvatarInitializer: Sendable {
    public var faceGaussians = 10_000
    public var mouthGaussians = 1_500
    public var lipWeight = 3.0
    public var eyeWeight = 2.5
    public var seed: UInt64 = 7
    /// How the Gaussians store colour (`TrainingPreset.colorEncoding` chooses).
    public var colorEncoding: ColorEncoding = .rgb

    public init() {}

    /// One sampled Gaussian: its neutral position and blend shapes [3, K].
    struct Sample {
        var position: SIMD3<Double>
        var blendShape: [Float]
    }

    /// - Parameters:
    ///   - neutral: canonical mesh + mean residual, [468] (head frame).
    ///   - colorFrame: a frame to take first colours from, seen with `pose` and `code`.
    public func initialGaussians(neutral: [SIMD3<Double>], expression: ExpressionModel, sample colorFrame: RGBImage,
                                 pose: HeadPose, code: ExpressionCode, focal: Double) -> (SplatParameters, blendShapes: [Float], faceCount: Int) {
        var random = SplitMix(state: seed)
        let vertexShapes = (0..<ExpressionModel.vertexCount).map { vertexBlendShape($0, expression) }
        var faces = surfaceSamples(neutral, vertexShapes, &random) + skirtSamples(neutral, vertexShapes, &random)
        let faceCount = faces.count
        faces += mouthSamples(neutral, vertexShapes, &random)
        let spacing = (surfaceArea(neutral) / Double(faceGaussians)).squareRoot()
        var parameters = SplatParameters(count: faces.count, colorEncoding: colorEncoding)
        let camera = PinholeCamera(focal: focal, width: colorFrame.width, height: colorFrame.height)
        let k = expression.dimension
        for (i, sample) in faces.enumerated() {
            for a in 0..<3 { parameters.means[i * 3 + a] = Float(sample.position[a]) }
            let flat = Float(log(0.3 * spacing)), wide = Float(log(0.8 * spacing))
            parameters.scales[i * 3] = wide; parameters.scales[i * 3 + 1] = wide; parameters.scales[i * 3 + 2] = flat
            parameters.opacities[i] = 1.5  // σ(1.5) ≈ 0.82
            var moved = sample.position
            for a in 0..<3 { for j in 0..<k { moved[a] += Double(sample.blendShape[a * k + j] * code.values[j]) } }
            let colour = i < faceCount ? pixel(colorFrame, at: camera.project(moved, pose: pose)) : SIMD3(0.35, 0.12, 0.12)
            Self.setColor(SIMD3<Float>(colour), of: i, in: &parameters)
        }
        return (parameters, faces.flatMap(\.blendShape), faceCount)
    }

    /// Gaussian i's colour, the same from every direction: RGB as is, or the constant term of its
    /// spherical harmonics (the others zero).
    static func setColor(_ colour: SIMD3<Float>, of i: Int, in parameters: inout SplatParameters) {
        let width = parameters.colorEncoding.width
        let stored = parameters.colorEncoding == .rgb ? colour : SphericalHarmonics.constantCoefficient(forColor: colour)
        for c in 0..<3 { parameters.colors[i * width + c] = stored[c] }
    }

    /// The mesh's blend shapes at vertex v, [3, K] (the eye-openness columns start at zero).
    func vertexBlendShape(_ v: Int, _ expression: ExpressionModel) -> [Float] {
        let k = expression.dimension, n = ExpressionModel.vertexCount
        var out = [Float](repeating: 0, count: 3 * k)
        for j in 0..<(expression.mouthComponents + expression.upperComponents) {
            for a in 0..<3 { out[a * k + j] = expression.basis[(j * n + v) * 3 + a] }
        }
        return out
    }

    /// The front-facing triangles of the neutral mesh, without those that bridge the mouth opening.
    static func triangles(_ neutral: [SIMD3<Double>]) -> [(Int, Int, Int)] {
        let flat = neutral.map { SIMD2($0.x, $0.y) }
        let mouth = MaskTopology.mediaPipe.innerLips.map { flat[$0] }
        return Delaunay.triangulate(flat).filter { t in
            let centre = (flat[t.0] + flat[t.1] + flat[t.2]) / 3
            return !Delaunay.contains(mouth, centre)
        }
    }

    func surfaceArea(_ neutral: [SIMD3<Double>]) -> Double {
        Self.triangles(neutral).reduce(0) { $0 + area(neutral[$1.0], neutral[$1.1], neutral[$1.2]) }
    }

    func surfaceSamples(_ neutral: [SIMD3<Double>], _ shapes: [[Float]], _ random: inout SplitMix) -> [Sample] {
        let triangles = Self.triangles(neutral)
        let lips = Set(FaceLandmarks.lipsOuterUpper + FaceLandmarks.lipsOuterLower + FaceLandmarks.lipsInnerUpper + FaceLandmarks.lipsInnerLower)
        let eyes = Set(FaceLandmarks.rightEye + FaceLandmarks.leftEye)
        let weights = triangles.map { t -> Double in
            let corners = [t.0, t.1, t.2]
            let boost = corners.contains(where: lips.contains) ? lipWeight : corners.contains(where: eyes.contains) ? eyeWeight : 1
            return area(neutral[t.0], neutral[t.1], neutral[t.2]) * boost
        }
        let cumulative = weights.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
        return (0..<faceGaussians).map { _ in
            let pick = random.uniform() * cumulative.last!
            let t = triangles[min(triangles.count - 1, cumulative.firstIndex { $0 >= pick } ?? 0)]
            var u = random.uniform(), v = random.uniform()
            if u + v > 1 { u = 1 - u; v = 1 - v }
            let w = [1 - u - v, u, v], corners = [t.0, t.1, t.2]
            let position = (0..<3).reduce(SIMD3<Double>.zero) { $0 + w[$1] * neutral[corners[$1]] }
            let shape = (0..<shapes[0].count).map { j in (0..<3).reduce(Float(0)) { $0 + Float(w[$1]) * shapes[corners[$1]][j] } }
            return Sample(position: position, blendShape: shape)
        }
    }

    /// Under the jaw: the band the face mask adds below the oval (see `FaceMasks.extendedOval`),
    /// moving with the jaw vertices it hangs from.
    func skirtSamples(_ neutral: [SIMD3<Double>], _ shapes: [[Float]], _ random: inout SplitMix) -> [Sample] {
        let oval = FaceLandmarks.faceOval
        let mouthY = FaceLandmarks.lipsInnerUpper.reduce(0) { $0 + neutral[$1].y } / Double(FaceLandmarks.lipsInnerUpper.count)
        let count = faceGaussians / 10
        var out: [Sample] = []
        var attempts = 0
        while out.count < count && attempts < count * 50 {
            attempts += 1
            let i = random.index(below: oval.count), j = (i + 1) % oval.count
            let (a, b) = (neutral[oval[i]], neutral[oval[j]])
            guard a.y < mouthY, b.y < mouthY else { continue }
            let s = random.uniform(), depth = random.uniform() * 1.1
            var p = a * (1 - s) + b * s
            p.y -= depth * 0.9 * (mouthY - p.y)
            p.z -= 0.01 * depth
            let shape = zip(shapes[oval[i]], shapes[oval[j]]).map { Float(1 - s) * $0 + Float(s) * $1 }
            out.append(Sample(position: p, blendShape: shape))
        }
        return out
    }

    /// Behind the lips (`MouthVolume`): the lower part follows the lower lip (the jaw), the upper
    /// part barely moves (the upper teeth).
    func mouthSamples(_ neutral: [SIMD3<Double>], _ shapes: [[Float]], _ random: inout SplitMix) -> [Sample] {
        let volume = MouthVolume(innerLips: MaskTopology.mediaPipe.innerLips.map { SIMD3<Float>(neutral[$0]) })
        let upper = shapes[13], lower = shapes[14]
        return (0..<mouthGaussians).map { _ in
            var u: Float = 0, v: Float = 0
            repeat { u = Float(random.uniform()) * 2 - 1; v = Float(random.uniform()) * 2 - 1 } while u * u + v * v > 1
            let p = volume.point(u: u, v: v, depth: Float(random.uniform()))
            let w = min(1, max(0, 0.5 - v / 2))  // 0 at the top, 1 at the bottom
            return Sample(position: SIMD3<Double>(p), blendShape: zip(upper, lower).map { (1 - w) * 0.2 * $0 + w * $1 })
        }
    }

    func area(_ a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>) -> Double {
        let u = b - a, v = c - a
        let cross = SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
        return 0.5 * (cross * cross).sum().squareRoot()
    }

    func pixel(_ image: RGBImage, at p: SIMD2<Double>) -> SIMD3<Double> {
        let x = Int(p.x), y = Int(p.y)
        guard x >= 0, y >= 0, x < image.width, y < image.height else { return SIMD3(0.5, 0.5, 0.5) }
        let c = image[x, y]
        let rgb = SIMD3<Double>(Double(c.0), Double(c.1), Double(c.2))
        return rgb / 255
    }
}
