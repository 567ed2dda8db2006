import BeingAudio
import BeingDataset
import BeingFace
import BeingMedia

/// The training split held in memory, cut to the avatar's crop: pictures as Float, the loss
/// masks, poses, tracked expression codes and how much the speech driver listens at each frame.
public struct TrainingFrames: Sendable {
    public struct Frame: Sendable {
        public var index: Int
        public var pose: HeadPose
        public var code: ExpressionCode
        public var image: [Float]    // [h, w, 3] in [0, 1]
        public var face: [Bool]      // [h, w] the face region (the loss counts these pixels)
        public var lips: [Bool]      // [h, w]
        public var interior: [Bool]  // [h, w] the mouth interior (teeth, tongue)
        /// The driver's speech weight at this frame (`SpeechActivity`): 0 where it rests the mouth.
        public var speaking: Float
    }

    public var frames: [Frame]
    public var crop: CropBox

    public init(dataset: Dataset, record: TrackingRecord, expression: ExpressionModel, indices: [Int], crop: CropBox) throws {
        self.crop = crop
        let speaking = SpeechActivity().weights(try dataset.audio(), frames: (indices.max() ?? -1) + 1)  // [T]
        frames = try indices.map { t in
            let picture = try dataset.frame(t), mask = try dataset.mask(t)
            let image = Self.cut(picture, crop).map { Float($0) / 255 }
            let bits = Self.cutGray(mask, crop)
            return Frame(index: t, pose: record.frames[t].pose, code: expression.code(record, frame: t), image: image,
                         face: bits.map { $0 & MaskBits.face.rawValue != 0 }, lips: bits.map { $0 & MaskBits.lips.rawValue != 0 },
                         interior: bits.map { $0 & MaskBits.mouthInterior.rawValue != 0 }, speaking: speaking[t])
        }
    }

    /// The crop of an RGB picture, [h, w, 3] bytes; outside the picture is black.
    public static func cut(_ image: RGBImage, _ crop: CropBox) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: crop.width * crop.height * 3)
        for y in 0..<crop.height where crop.y + y >= 0 && crop.y + y < image.height {
            for x in 0..<crop.width where crop.x + x >= 0 && crop.x + x < image.width {
                let src = ((crop.y + y) * image.width + crop.x + x) * 3, dst = (y * crop.width + x) * 3
                out[dst] = image.pixels[src]; out[dst + 1] = image.pixels[src + 1]; out[dst + 2] = image.pixels[src + 2]
            }
        }
        return out
    }

    static func cutGray(_ image: GrayImage, _ crop: CropBox) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: crop.width * crop.height)
        for y in 0..<crop.height where crop.y + y >= 0 && crop.y + y < image.height {
            for x in 0..<crop.width where crop.x + x >= 0 && crop.x + x < image.width {
                out[y * crop.width + x] = image.pixels[(crop.y + y) * image.width + crop.x + x]
            }
        }
        return out
    }

    /// The box around the face region of every frame of `record`, grown by `margin` pixels and
    /// rounded up to a multiple of 16, inside the frame.
    public static func cropBox(_ record: TrackingRecord, margin: Int = 12) -> CropBox {
        let masks = FaceMasks(topology: .mediaPipe)
        var x0 = record.width, y0 = record.height, x1 = 0, y1 = 0
        for mesh in record.meshes {
            let region = masks.faceRegion(points: mesh.map { SIMD2($0.x, $0.y) }, width: record.width, height: record.height)
            for y in 0..<record.height {
                for x in 0..<record.width where region[y * record.width + x] != 0 {
                    x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
                }
            }
        }
        guard x1 >= x0 else { return CropBox(x: 0, y: 0, width: record.width, height: record.height) }
        func span(_ lower: Int, _ upper: Int, _ size: Int) -> (Int, Int) {
            let length = min(size, ((upper - lower + 1 + 2 * margin) + 15) / 16 * 16)
            let start = max(0, min(size - length, (lower + upper + 1) / 2 - length / 2))
            return (start, length)
        }
        let (x, width) = span(x0, x1, record.width), (y, height) = span(y0, y1, record.height)
        return CropBox(x: x, y: y, width: width, height: height)
    }
}
