import BeingMedia
import BeingRuntime
import Foundation

/// The 468-point face mesh of one frame.
public struct MeshResult: Sendable {
    /// x, y in image pixels; z depth in pixels at the same scale as x (smaller = nearer the camera),
    /// relative to the face centre.
    public var points: [SIMD3<Double>]  // [468, 3]
    /// σ(presence logit): the model's belief that its crop holds a face.
    public var presence: Double
    public var roi: FaceROI
}

/// MediaPipe's face landmark model (`face_landmark.tflite`, converted to ONNX).
///
/// Input `[1, 3, 192, 192]` RGB in [0, 1], cut from the frame by a rotated square ROI so that the face
/// is upright. Outputs `[1, 1404, 1, 1]` (468 × (x, y, z) in input pixels) and `[1, 1, 1, 1]` (presence logit).
public final class FaceMesh {
    public static let inputSize = 192
    public static let pointCount = 468
    private let session: OnnxSession
    private var input = [Float](repeating: 0, count: 3 * 192 * 192)  // [3, 192, 192]

    public init(environment: OnnxEnvironment, home: BeingHome, threads: Int = 2, spinning: Bool = false) throws {
        session = try environment.session(model: home.file(RuntimeFile.faceMesh.relativePath), threads: threads, spinning: spinning)
    }

    /// Runs the mesh on `roi` of `image`.
    public func run(_ image: RGBImage, roi: FaceROI) throws -> MeshResult {
        let size = Self.inputSize
        ImageCrop.sample(image, roi: roi, size: size, range: 0...1, into: &input)
        let outputs = try session.run(input: Tensor(shape: [1, 3, size, size], values: input))
        guard outputs.count == 2, outputs[0].values.count == Self.pointCount * 3, outputs[1].values.count == 1 else {
            throw FaceError.badModelOutput("face mesh", "shapes \(outputs.map(\.shape))")
        }
        let raw = outputs[0].values
        let points = (0..<Self.pointCount).map { i in
            ImageCrop.toImage(x: raw[3 * i], y: raw[3 * i + 1], z: raw[3 * i + 2], roi: roi, size: size)
        }
        let logit = Double(Swift.min(Swift.max(outputs[1].values[0], -80), 80))
        return MeshResult(points: points, presence: 1 / (1 + exp(-logit)), roi: roi)
    }

    /// The ROI for the next frame from this frame's mesh (MediaPipe's `face_landmarks_to_roi`): the
    /// bounding box of all points, squared, × 1.5, turned so that the outer eye corners 33→263 are level.
    public static func nextROI(from points: [SIMD3<Double>]) -> FaceROI {
        let flat = points.map { SIMD2($0.x, $0.y) }
        return FaceROI.around(flat, start: flat[FaceLandmarks.rightEyeOuter], end: flat[FaceLandmarks.leftEyeOuter], scale: 1.5)
    }
}

/// The iris model's answer for one eye, in image pixels.
public struct EyeResult: Sendable, Codable, Equatable {
    /// 71 points: eyelid contour (0–8 lower lid from corner to corner, 9–15 upper lid), then halo and brow.
    public var contour: [SIMD3<Double>]  // [71, 3]
    /// 5 points: iris centre, then four points on its rim.
    public var iris: [SIMD3<Double>]  // [5, 3]
}

/// MediaPipe's iris landmark model (`iris_landmark.tflite`, converted with a free batch dimension).
///
/// Input `[N, 3, 64, 64]` RGB in [0, 1], a square of 2.3 × the eye-corner distance around each eye,
/// turned level; the subject's left eye is fed mirrored so both look like a right eye. Outputs
/// `[N, 213]` (71 × 3) and `[N, 15]` (5 × 3) in input pixels. Both eyes run as one batch of two.
public final class IrisModel {
    public static let inputSize = 64
    private let session: OnnxSession
    private var input = [Float](repeating: 0, count: 2 * 3 * 64 * 64)  // [2, 3, 64, 64]
    /// Whether the model accepts a batch of 2; older conversions have a fixed batch of 1.
    private var batched = true

    public init(environment: OnnxEnvironment, home: BeingHome, threads: Int = 2, spinning: Bool = false) throws {
        session = try environment.session(model: home.file(RuntimeFile.irisModel.relativePath), threads: threads, spinning: spinning)
    }

    /// The eye ROI (MediaPipe's `iris_landmark_landmarks_to_roi`): corners' box centre, side 2.3 × the longer side.
    public static func roi(corner a: SIMD3<Double>, corner b: SIMD3<Double>) -> FaceROI {
        FaceROI.around([SIMD2(a.x, a.y), SIMD2(b.x, b.y)], start: SIMD2(a.x, a.y), end: SIMD2(b.x, b.y), scale: 2.3)
    }

    /// Both eyes of a mesh: (image-left eye = subject's right, image-right eye = subject's left).
    public func run(_ image: RGBImage, mesh points: [SIMD3<Double>]) throws -> (right: EyeResult, left: EyeResult) {
        let size = Self.inputSize, plane = 3 * size * size
        let rois = [Self.roi(corner: points[FaceLandmarks.rightEyeOuter], corner: points[FaceLandmarks.rightEyeInner]),
                    Self.roi(corner: points[FaceLandmarks.leftEyeInner], corner: points[FaceLandmarks.leftEyeOuter])]
        let flips = [false, true]
        for e in 0..<2 { ImageCrop.sample(image, roi: rois[e], size: size, range: 0...1, flip: flips[e], into: &input, offset: e * plane) }
        var contours: [Float] = [], irises: [Float] = []
        if batched {
            do {
                let out = try session.run(input: Tensor(shape: [2, 3, size, size], values: input))
                if out.count == 2, out[0].values.count == 2 * 213, out[1].values.count == 2 * 15 {
                    contours = out[0].values; irises = out[1].values
                } else { batched = false }
            } catch { batched = false }
        }
        if !batched {
            for e in 0..<2 {
                let out = try session.run(input: Tensor(shape: [1, 3, size, size], values: Array(input[e * plane..<(e + 1) * plane])))
                guard out.count == 2, out[0].values.count == 213, out[1].values.count == 15 else {
                    throw FaceError.badModelOutput("iris model", "shapes \(out.map(\.shape))")
                }
                contours += out[0].values; irises += out[1].values
            }
        }
        func eye(_ e: Int) -> EyeResult {
            func map(_ raw: [Float], _ count: Int) -> [SIMD3<Double>] {
                (0..<count).map { i in
                    let k = (e * count + i) * 3
                    return ImageCrop.toImage(x: raw[k], y: raw[k + 1], z: raw[k + 2], roi: rois[e], size: size, flip: flips[e])
                }
            }
            return EyeResult(contour: map(contours, 71), iris: map(irises, 5))
        }
        return (eye(0), eye(1))
    }
}
