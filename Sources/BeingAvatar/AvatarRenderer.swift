import BeingDataset
import BeingFace
import BeingMedia
import BeingSplat
import BeingSplatCPU

/// Renders an avatar into a video frame: the head with a frame's pose and an expression code,
/// inside the crop box, pasted onto the frame through the face region drawn from the posed mesh
/// (the same region the training masks used), feathered so the seam does not show.
public struct AvatarRenderer: Sendable {
    public let avatar: Avatar
    /// Pixels over which the paste-back fades from the frame to the render.
    public var feather = 3
    let backend = CPUSplatBackend()
    let masks = FaceMasks(topology: .mediaPipe)

    public init(avatar: Avatar) { self.avatar = avatar }

    /// The head alone in the crop, over `background` ([h, w, 3] in [0, 1], or black).
    public func renderCrop(pose: HeadPose, code: ExpressionCode, background: [Float]? = nil) throws -> RenderOutput {
        try renderCrop(avatar.drawn(code), pose: pose, background: background)
    }

    /// Already posed Gaussians (`Avatar.drawn`) seen with `pose`, in the crop.
    public func renderCrop(_ splats: SplatParameters, pose: HeadPose, background: [Float]? = nil) throws -> RenderOutput {
        let options = RenderOptions(background: background.map { .image($0) } ?? .color(.zero))
        return try backend.forward(splats, camera: avatar.camera(pose), options: options).output
    }

    /// A frame's work apart from splatting (the posed Gaussians, the picture behind the crop and
    /// the paste-back weights), so a caller can prepare the next frame while this one renders.
    public struct PreparedFrame: Sendable {
        public let pose: HeadPose
        public let splats: SplatParameters
        public let background: RGBImage
        let behind: [Float]   // [h, w, 3] the crop of `background` in [0, 1]
        let weights: [Float]  // [h, w] paste-back weights
    }

    public func prepare(frame pose: HeadPose, code: ExpressionCode, background: RGBImage) -> PreparedFrame {
        PreparedFrame(pose: pose, splats: avatar.drawn(code), background: background,
                      behind: TrainingFrames.cut(background, avatar.crop).map { Float($0) / 255 },
                      weights: pasteWeights(code: code, pose: pose))
    }

    /// `background` (a frame of the avatar's video size) with the head of `code` under `pose` pasted in.
    public func render(frame pose: HeadPose, code: ExpressionCode, background: RGBImage) throws -> RGBImage {
        try render(prepare(frame: pose, code: code, background: background))
    }

    /// Splats a prepared frame and pastes the head into its background.
    public func render(_ frame: PreparedFrame) throws -> RGBImage {
        let crop = avatar.crop, background = frame.background
        let face = try renderCrop(frame.splats, pose: frame.pose, background: frame.behind).color
        var out = background
        for y in 0..<crop.height where crop.y + y < background.height {
            for x in 0..<crop.width where crop.x + x < background.width {
                let w = frame.weights[y * crop.width + x]
                guard w > 0 else { continue }
                let src = (y * crop.width + x) * 3, dst = ((crop.y + y) * background.width + crop.x + x) * 3
                for c in 0..<3 {
                    let value = w * face[src + c] * 255 + (1 - w) * Float(background.pixels[dst + c])
                    out.pixels[dst + c] = UInt8(max(0, min(255, value.rounded())))
                }
            }
        }
        return out
    }

    /// The paste-back weight in the crop, [h, w] in [0, 1]: the face region of the posed mesh,
    /// shrunk by `feather` pixels and blurred over 2·`feather` + 1, so it is 1 well inside the
    /// face and fades to 0 at the region's edge.
    public func pasteWeights(code: ExpressionCode, pose: HeadPose) -> [Float] {
        let crop = avatar.crop
        let shifted = avatar.meshPoints(code, pose: pose).map { SIMD2($0.x - Double(crop.x), $0.y - Double(crop.y)) }
        let region = masks.faceRegion(points: shifted, width: crop.width, height: crop.height)
        var weights = region.map { Float($0) }
        guard feather > 0 else { return weights }
        weights = Self.boxBlur(weights, width: crop.width, height: crop.height, radius: feather)
        weights = weights.map { $0 >= 0.999 ? 1 : 0 }  // erode: only pixels with the whole box inside
        return Self.boxBlur(weights, width: crop.width, height: crop.height, radius: feather)
    }

    /// Separable box blur with edge clamping, [h, w]: running sums, O(1) per pixel.
    static func boxBlur(_ image: [Float], width: Int, height: Int, radius: Int) -> [Float] {
        var tmp = [Float](repeating: 0, count: image.count), out = tmp
        let scale = 1 / Float(2 * radius + 1)
        image.withUnsafeBufferPointer { src in
            tmp.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let row = y * width
                    var sum: Float = 0
                    for d in -radius...radius { sum += src[row + min(width - 1, max(0, d))] }
                    for x in 0..<width {
                        dst[row + x] = sum * scale
                        sum += src[row + min(width - 1, x + radius + 1)] - src[row + max(0, x - radius)]
                    }
                }
            }
        }
        tmp.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for x in 0..<width {
                    var sum: Float = 0
                    for d in -radius...radius { sum += src[min(height - 1, max(0, d)) * width + x] }
                    for y in 0..<height {
                        dst[y * width + x] = sum * scale
                        sum += src[min(height - 1, y + radius + 1) * width + x] - src[max(0, y - radius) * width + x]
                    }
                }
            }
        }
        return out
    }
}
