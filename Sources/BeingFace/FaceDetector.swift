import BeingMedia
import BeingRuntime
import Foundation

/// One face found by the detector, in image pixels.
public struct FaceDetection: Sendable, Equatable, Codable {
    /// Axis-aligned box: min and max corners.
    public var min: SIMD2<Double>
    public var max: SIMD2<Double>
    /// The 6 keypoints, in the model's order: eye (image left), eye (image right), nose tip, mouth,
    /// tragion (image left), tragion (image right).
    public var keypoints: [SIMD2<Double>]  // [6, 2]
    public var score: Double

    public var width: Double { max.x - min.x }
    public var height: Double { max.y - min.y }
    public var area: Double { Swift.max(0, width) * Swift.max(0, height) }
    public var center: SIMD2<Double> { (min + max) / 2 }

    /// Intersection over union with another box.
    public func overlap(_ other: FaceDetection) -> Double {
        let lo = pointwiseMax(min, other.min), hi = pointwiseMin(max, other.max)
        let inter = Swift.max(0, hi.x - lo.x) * Swift.max(0, hi.y - lo.y)
        let union = area + other.area - inter
        return union > 0 ? inter / union : 0
    }

    /// The face-mesh ROI: MediaPipe's `face_detection_to_roi` (square, 1.5 × the longer side, turned by the eyes).
    public var meshROI: FaceROI {
        FaceROI.square(box: (min, max), start: keypoints[0], end: keypoints[1], scale: 1.5)
    }
}

/// BlazeFace short-range (MediaPipe `face_detection_short_range.tflite`, converted to ONNX).
///
/// Input `[1, 3, 128, 128]` RGB in [−1, 1], the whole frame letterboxed to a square. Outputs
/// `regressors [1, 896, 16]` (per anchor: centre dx, dy, w, h, then 6 keypoints dx, dy, in input
/// pixels) and `classificators [1, 896, 1]` (logits). Decoding follows MediaPipe's
/// `TensorsToDetectionsCalculator`: centre = anchor + d/128, size = (w, h)/128, score = σ(clamp(logit, ±80)),
/// then weighted non-maximum suppression (IoU > 0.3 merges, score ≥ 0.5 kept).
public final class FaceDetector {
    public static let inputSize = 128
    public static let minScore = 0.5
    public static let suppressionThreshold = 0.3
    private let session: OnnxSession
    private var input = [Float](repeating: 0, count: 3 * 128 * 128)  // [3, 128, 128]

    /// The 896 anchor centres in [0,1]² (SSD anchors: strides 8, 16, 16, 16; offset ½; two anchors per
    /// cell on the 16×16 layer, six on the 8×8 layers).
    public static let anchors: [SIMD2<Float>] = {
        var anchors: [SIMD2<Float>] = []
        for (grid, repeats) in [(16, 2), (8, 6)] {
            for y in 0..<grid {
                for x in 0..<grid {
                    let centre = SIMD2(Float(x) + 0.5, Float(y) + 0.5) / Float(grid)
                    anchors += Array(repeating: centre, count: repeats)
                }
            }
        }
        return anchors
    }()

    public init(environment: OnnxEnvironment, home: BeingHome, threads: Int = 2, spinning: Bool = false) throws {
        session = try environment.session(model: home.file(RuntimeFile.faceDetector.relativePath), threads: threads, spinning: spinning)
    }

    /// All faces in `image`, best score first.
    public func detect(_ image: RGBImage) throws -> [FaceDetection] {
        let side = Double(Swift.max(image.width, image.height))
        let roi = FaceROI(center: SIMD2(Double(image.width), Double(image.height)) / 2, width: side, height: side)
        ImageCrop.sample(image, roi: roi, size: Self.inputSize, range: -1...1, into: &input)
        let outputs = try session.run(input: Tensor(shape: [1, 3, 128, 128], values: input))
        guard outputs.count == 2, outputs[0].values.count == 896 * 16, outputs[1].values.count == 896 else {
            throw FaceError.badModelOutput("face detector", "shapes \(outputs.map(\.shape))")
        }
        let raw = Self.decode(regressors: outputs[0].values, logits: outputs[1].values)
        return Self.weightedNonMaximumSuppression(raw).map { detection in
            // Letterbox removal: normalised square coordinates back to image pixels.
            func map(_ p: SIMD2<Double>) -> SIMD2<Double> { roi.imagePoint(u: p.x, v: p.y) }
            return FaceDetection(min: map(detection.min), max: map(detection.max),
                                 keypoints: detection.keypoints.map(map), score: detection.score)
        }
    }

    /// Candidate detections (score ≥ 0.5) in normalised input coordinates.
    static func decode(regressors: [Float], logits: [Float]) -> [FaceDetection] {  // [896, 16], [896]
        var found: [FaceDetection] = []
        let size = Float(inputSize)
        for a in 0..<anchors.count {
            let logit = Swift.min(Swift.max(logits[a], -80), 80)
            let score = 1 / (1 + exp(-Double(logit)))
            guard score >= minScore else { continue }
            let r = a * 16, anchor = anchors[a]
            let centre = SIMD2(regressors[r], regressors[r + 1]) / size + anchor
            let half = SIMD2(regressors[r + 2], regressors[r + 3]) / size / 2
            guard half.x > 0, half.y > 0 else { continue }
            let keypoints = (0..<6).map { k in
                SIMD2<Double>(SIMD2(regressors[r + 4 + 2 * k], regressors[r + 5 + 2 * k]) / size + anchor)
            }
            found.append(FaceDetection(min: SIMD2<Double>(centre - half), max: SIMD2<Double>(centre + half),
                                       keypoints: keypoints, score: score))
        }
        return found
    }

    /// MediaPipe's weighted NMS: take the best remaining detection, average every remaining one that
    /// overlaps it by IoU > 0.3 (box and keypoints, weighted by score; the best one's score kept), drop them.
    public static func weightedNonMaximumSuppression(_ detections: [FaceDetection]) -> [FaceDetection] {
        var remaining = detections.sorted { $0.score > $1.score }
        var kept: [FaceDetection] = []
        while let best = remaining.first {
            var cluster: [FaceDetection] = [], rest: [FaceDetection] = []
            for candidate in remaining {
                if candidate.overlap(best) > suppressionThreshold { cluster.append(candidate) } else { rest.append(candidate) }
            }
            var merged = best
            if !cluster.isEmpty {  // `best` is always in its own cluster
                let total = cluster.reduce(0) { $0 + $1.score }
                merged.min = cluster.reduce(.zero) { $0 + $1.min * $1.score } / total
                merged.max = cluster.reduce(.zero) { $0 + $1.max * $1.score } / total
                merged.keypoints = (0..<best.keypoints.count).map { k in
                    cluster.reduce(.zero) { $0 + $1.keypoints[k] * $1.score } / total
                }
            }
            kept.append(merged)
            if rest.count == remaining.count { break }
            remaining = rest
        }
        return kept
    }
}
