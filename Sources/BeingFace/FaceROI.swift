import BeingMedia
import Foundation

/// A rotated rectangle in image pixels: the part of a frame a model looks at.
///
/// Image coordinates have x right, y down, pixel `i` covering [i, i+1) (centres at +0.5).
/// A point (u, v) in [0, 1]² of the crop maps to the image as
///
///     p = centre + Rot(rotation) · ((u − ½)·width, (v − ½)·height),   Rot(θ) = [[cos θ, −sin θ], [sin θ, cos θ]]
///
/// (MediaPipe's `ImageToTensor` with a rotated `NormalizedRect`; with y down, positive rotation turns clockwise).
public struct FaceROI: Sendable, Equatable, Codable {
    public var center: SIMD2<Double>
    public var width: Double
    public var height: Double
    /// Radians.
    public var rotation: Double

    public init(center: SIMD2<Double>, width: Double, height: Double, rotation: Double = 0) {
        self.center = center; self.width = width; self.height = height; self.rotation = rotation
    }

    /// The crop point (u, v) ∈ [0,1]² in image pixels.
    @inlinable
    public func imagePoint(u: Double, v: Double) -> SIMD2<Double> {
        let x = (u - 0.5) * width, y = (v - 0.5) * height
        let c = cos(rotation), s = sin(rotation)
        return center + SIMD2(x * c - y * s, x * s + y * c)
    }

    /// MediaPipe's ROI rule: a square of side `scale`·max(box width, box height) around the box centre,
    /// turned so that the line from `start` to `end` (two eye points) is horizontal:
    /// rotation = −atan2(start.y − end.y, end.x − start.x), wrapped to [−π, π).
    public static func square(box: (min: SIMD2<Double>, max: SIMD2<Double>), start: SIMD2<Double>, end: SIMD2<Double>,
                              scale: Double) -> FaceROI {
        let size = box.max - box.min
        let side = Swift.max(size.x, size.y) * scale
        let angle = -atan2(start.y - end.y, end.x - start.x)
        let wrapped = angle - 2 * Double.pi * floor((angle + Double.pi) / (2 * Double.pi))
        return FaceROI(center: (box.min + box.max) / 2, width: side, height: side, rotation: wrapped)
    }

    /// The ROI around points `indices` of `points` (image pixels), turned by the points `start`→`end`.
    public static func around(_ points: [SIMD2<Double>], start: SIMD2<Double>, end: SIMD2<Double>, scale: Double) -> FaceROI {
        var lo = SIMD2(Double.infinity, Double.infinity), hi = -lo
        for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
        return square(box: (lo, hi), start: start, end: end, scale: scale)
    }
}

/// Cuts model inputs out of frames.
public enum ImageCrop {
    /// Samples `roi` of `image` bilinearly into a planar `[3, size, size]` float tensor (NCHW without N),
    /// values mapped from 0…255 to `range`. Outside the image counts as black, as in MediaPipe.
    /// `flip` mirrors the crop left-right (MediaPipe feeds the right eye to the iris model mirrored).
    public static func sample(_ image: RGBImage, roi: FaceROI, size: Int, range: ClosedRange<Float>,
                              flip: Bool = false, into output: inout [Float], offset: Int = 0) {
        precondition(output.count >= offset + 3 * size * size, "ImageCrop.sample: output too small")
        let scale = (range.upperBound - range.lowerBound) / 255, bias = range.lowerBound
        let c = cos(roi.rotation), s = sin(roi.rotation)
        // Image position of crop pixel (i, j): origin + i·stepU + j·stepV (pixel centres, so −0.5 for sampling).
        let du = roi.width / Double(size), dv = roi.height / Double(size)
        let stepU = SIMD2(c * du, s * du) * (flip ? -1 : 1)
        let stepV = SIMD2(-s * dv, c * dv)
        let first = roi.imagePoint(u: flip ? 1 - 0.5 / Double(size) : 0.5 / Double(size), v: 0.5 / Double(size))
        let width = image.width, height = image.height, plane = size * size
        image.pixels.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                for j in 0..<size {
                    var p = first + Double(j) * stepV
                    for i in 0..<size {
                        let x = p.x - 0.5, y = p.y - 0.5
                        let x0 = Int(x.rounded(.down)), y0 = Int(y.rounded(.down))
                        let fx = Float(x - Double(x0)), fy = Float(y - Double(y0))
                        var rgb = SIMD4<Float>(repeating: 0)
                        @inline(__always) func tap(_ xx: Int, _ yy: Int, _ w: Float) {
                            guard xx >= 0, xx < width, yy >= 0, yy < height else { return }
                            let k = (yy * width + xx) * 3
                            rgb += w * SIMD4(Float(src[k]), Float(src[k + 1]), Float(src[k + 2]), 0)
                        }
                        tap(x0, y0, (1 - fx) * (1 - fy)); tap(x0 + 1, y0, fx * (1 - fy))
                        tap(x0, y0 + 1, (1 - fx) * fy); tap(x0 + 1, y0 + 1, fx * fy)
                        let o = offset + j * size + i
                        dst[o] = rgb.x * scale + bias
                        dst[o + plane] = rgb.y * scale + bias
                        dst[o + 2 * plane] = rgb.z * scale + bias
                        p += stepU
                    }
                }
            }
        }
    }

    /// A crop-space landmark (x, y, z in model input pixels of a `size`-square input) mapped to image pixels.
    /// z is scaled like x (MediaPipe's convention), so it comes back in image pixels too.
    @inlinable
    public static func toImage(x: Float, y: Float, z: Float, roi: FaceROI, size: Int, flip: Bool = false) -> SIMD3<Double> {
        var u = Double(x) / Double(size)
        if flip { u = 1 - u }
        let p = roi.imagePoint(u: u, v: Double(y) / Double(size))
        return SIMD3(p.x, p.y, Double(z) / Double(size) * roi.width)
    }
}
