import BeingFace
import BeingMath
import BeingMedia
import BeingSpeechMotion
import BeingSplat

/// A person's talking head: canonical Gaussians in the head frame, and their motion.
///
/// Gaussian i sits at μᵢ + Bᵢ·e for an expression code e ([K], `ExpressionModel`), with Bᵢ its
/// linear blend shapes ([3, K]); its colour's constant part and its opacity move with the code too
/// (`AppearanceShapes`, [4, K]); rotation and scale do not move. Rows
/// 0..<faceCount are the face; the rest are the mouth interior (teeth, tongue), behind the lips.
/// The head is seen through the tracked pose of a frame and the video's focal length.
///
/// Rotations and scales that move with the code were measured and left out: log-scale [3, K] and
/// quaternion [4, K] rows learnt beside the appearance shapes (the same rate, ×0.3 and ×1) gave
/// held-out face PSNR driven by speech / lip distance; with the tracked mouth, aoc seed 1, default
/// preset: 25.71 dB / 3.06 px; 27.09 dB (×0.3) and 25.57 / 3.04; 26.84 (×1), against 25.66 / 3.07;
/// 27.04 without them.
public struct Avatar: Sendable {
    public var gaussians: SplatParameters  // [N] canonical, head frame (metres)
    public var blendShapes: [Float]        // [N, 3, K] metres per unit code
    public var appearanceShapes: [Float]   // [N, 4, K] colour (RGB) and opacity logit per unit code; empty: none
    public var faceCount: Int
    public var expression: ExpressionModel
    public var speech: SpeechMotionModel
    /// The neutral mesh the paste-back region is drawn from: canonical + mean residual, [468, 3].
    public var canonicalMesh: [Float]
    public var focal: Double
    public var frameWidth: Int
    public var frameHeight: Int
    /// The region of the video frame the avatar renders: the union of the face over the dataset,
    /// with a margin (`TrainingFrames.cropBox`). Rendering only this box keeps training and
    /// generation cheap.
    public var crop: CropBox

    /// `appearanceShapes` nil or empty: the look does not move with the code (fast-preset avatars,
    /// and those trained before appearance shapes).
    public init(gaussians: SplatParameters, blendShapes: [Float], appearanceShapes: [Float]? = nil, faceCount: Int, expression: ExpressionModel,
                speech: SpeechMotionModel, canonicalMesh: [Float], focal: Double, frameWidth: Int, frameHeight: Int, crop: CropBox) {
        self.gaussians = gaussians; self.blendShapes = blendShapes; self.faceCount = faceCount
        self.appearanceShapes = appearanceShapes ?? []
        self.expression = expression; self.speech = speech; self.canonicalMesh = canonicalMesh
        self.focal = focal; self.frameWidth = frameWidth; self.frameHeight = frameHeight; self.crop = crop
    }

    /// The factor on the mouth block of a code when drawing it (`drawn`). Training on perturbed
    /// mouth codes (`MouthCodeNoise`) shrinks the motion drawn for a code towards the mean, by about
    /// 1 / (1 + σ²·mean w²) (w: the views' speech weights); drawing with this gain restores it.
    /// 1 for an avatar trained without the noise.
    public var mouthCodeGain: Float = 1

    public var count: Int { gaussians.count }
    public var mouthRows: Range<Int> { faceCount..<count }

    /// The Gaussians that draw `code` in generation and evaluation: its mouth block times
    /// `mouthCodeGain`, then `posed`. Training poses codes as they are.
    public func drawn(_ code: ExpressionCode) -> SplatParameters {
        guard mouthCodeGain != 1 else { return posed(code) }
        var scaled = code
        for k in expression.mouthRange { scaled.values[k] *= mouthCodeGain }
        return posed(scaled)
    }

    /// The Gaussians of expression `code`: means moved by the blend shapes, colours and opacities
    /// by the appearance shapes, rotations and scales as they are.
    public func posed(_ code: ExpressionCode) -> SplatParameters {
        var out = gaussians
        out.means = BlendShapes.apply(means: gaussians.means, blendShapes: blendShapes, code: code.values)
        if !appearanceShapes.isEmpty { AppearanceShapes.apply(&out, shapes: appearanceShapes, code: code.values) }
        return out
    }

    /// The camera of the crop for a head pose: world = head frame, p_cam = R·p + t.
    public func camera(_ pose: HeadPose) -> Camera {
        let r = pose.rotation.rows, t = pose.translation
        let m: [Float] = [
            Float(r[0].x), Float(r[0].y), Float(r[0].z), Float(t.x),
            Float(r[1].x), Float(r[1].y), Float(r[1].z), Float(t.y),
            Float(r[2].x), Float(r[2].y), Float(r[2].z), Float(t.z),
            0, 0, 0, 1,
        ]
        let pinhole = Pinhole(fx: Float(focal), fy: Float(focal), cx: Float(frameWidth) / 2 - Float(crop.x),
                              cy: Float(frameHeight) / 2 - Float(crop.y), width: crop.width, height: crop.height)
        return Camera(intrinsics: pinhole, worldToCamera: m, near: 0.05, far: 10)
    }

    /// The mesh of `code` under `pose`, projected to frame pixels, [468] (x, y).
    public func meshPoints(_ code: ExpressionCode, pose: HeadPose) -> [SIMD2<Double>] {
        let residual = expression.residual(code)
        let camera = PinholeCamera(focal: focal, width: frameWidth, height: frameHeight)
        return (0..<ExpressionModel.vertexCount).map { v in
            let p = SIMD3(Double(canonicalMesh[v * 3] + residual[v * 3]), Double(canonicalMesh[v * 3 + 1] + residual[v * 3 + 1]),
                          Double(canonicalMesh[v * 3 + 2] + residual[v * 3 + 2]))
            return camera.project(p, pose: pose)
        }
    }
}

/// Δμᵢ = Bᵢ·e and its vector–Jacobian product, written once for the renderer and the trainer.
public enum BlendShapes {
    /// μ + B·e. means [N, 3], blendShapes [N, 3, K], code [K] → [N, 3].
    public static func apply(means: [Float], blendShapes: [Float], code: [Float]) -> [Float] {
        let n = means.count / 3, k = code.count
        precondition(blendShapes.count == n * 3 * k, "BlendShapes: \(blendShapes.count) values for \(n) Gaussians x \(k) codes")
        var out = means
        blendShapes.withUnsafeBufferPointer { b in
            code.withUnsafeBufferPointer { e in
                out.withUnsafeMutableBufferPointer { o in
                    for row in 0..<(n * 3) {
                        var s: Float = 0
                        let base = row * k
                        for j in 0..<k { s += b[base + j] * e[j] }
                        o[row] += s
                    }
                }
            }
        }
        return out
    }

    /// dL/dB = dL/dμ′ ⊗ e, accumulated into `gradient` [N, 3, K] from meanGradient [N, 3].
    public static func accumulateGradient(_ gradient: inout [Float], meanGradient: [Float], code: [Float]) {
        let k = code.count
        precondition(gradient.count == meanGradient.count * k, "BlendShapes: gradient shape")
        gradient.withUnsafeMutableBufferPointer { g in
            for row in meanGradient.indices where meanGradient[row] != 0 {
                let d = meanGradient[row], base = row * k
                for j in 0..<k { g[base + j] += d * code[j] }
            }
        }
    }
}
