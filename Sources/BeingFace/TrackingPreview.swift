import BeingMedia
import BeingRuntime
import Foundation

/// Draws a tracking record over its video: the mesh (points, lips, eyes, outline) and the head's axes.
public enum TrackingPreview {
    /// Writes an mp4 of `video` with `record` drawn on each frame (the video's own sound is left out).
    public static func write(_ record: TrackingRecord, video: String, to output: String, progress: ProgressSink = .ignore) throws {
        let reader = try VideoFrameReader(path: video)
        defer { reader.close() }
        // H.264 wants even sizes: drop a last odd row/column.
        let width = reader.width & ~1, height = reader.height & ~1
        let encoder = try VideoEncoder(outputPath: output, width: width, height: height, fps: Int(record.fps.rounded()))
        var t = 0
        while t < record.frames.count, let frame = try reader.next() {
            var image = frame
            draw(record, frame: t, on: &image)
            if image.width != width || image.height != height { image = crop(image, width: width, height: height) }
            try encoder.append(image)
            t += 1
        }
        try encoder.finish()
        progress(.artifact(path: output))
    }

    /// Draws frame `t` of `record` onto `image`.
    public static func draw(_ record: TrackingRecord, frame t: Int, on image: inout RGBImage) {
        let mesh = record.meshes[t]
        let colour: (UInt8, UInt8, UInt8) = record.frames[t].interpolated ? (255, 160, 0) : (0, 255, 120)
        for (a, b) in FaceLandmarks.previewEdges {
            line(&image, SIMD2(mesh[a].x, mesh[a].y), SIMD2(mesh[b].x, mesh[b].y), colour)
        }
        for p in mesh { dot(&image, SIMD2(p.x, p.y), (220, 220, 220)) }
        let pose = record.frames[t].pose, camera = record.camera
        let origin = camera.project(.zero, pose: pose)
        let axes: [(SIMD3<Double>, (UInt8, UInt8, UInt8))] = [
            (SIMD3(0.05, 0, 0), (255, 40, 40)), (SIMD3(0, 0.05, 0), (40, 255, 40)), (SIMD3(0, 0, 0.05), (60, 120, 255)),
        ]
        for (axis, c) in axes { line(&image, origin, camera.project(axis, pose: pose), c, thickness: 2) }
    }

    static func dot(_ image: inout RGBImage, _ p: SIMD2<Double>, _ c: (UInt8, UInt8, UInt8)) {
        guard p.x.isFinite, p.y.isFinite else { return }
        let x = Int(p.x), y = Int(p.y)
        if x >= 0, y >= 0, x < image.width, y < image.height { image[x, y] = c }
    }

    /// A line by sampling every half pixel along it; `thickness` widens it into a square brush.
    static func line(_ image: inout RGBImage, _ a: SIMD2<Double>, _ b: SIMD2<Double>, _ c: (UInt8, UInt8, UInt8),
                     thickness: Int = 1) {
        guard a.x.isFinite, a.y.isFinite, b.x.isFinite, b.y.isFinite else { return }
        let steps = min(4096, Int(length(b - a) * 2) + 1)
        for s in 0...steps {
            let p = a + (b - a) * (Double(s) / Double(steps))
            for dy in 0..<thickness { for dx in 0..<thickness { dot(&image, p + SIMD2(Double(dx), Double(dy)), c) } }
        }
    }

    static func crop(_ image: RGBImage, width: Int, height: Int) -> RGBImage {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height * 3)
        for y in 0..<height { pixels += image.pixels[(y * image.width * 3)..<((y * image.width + width) * 3)] }
        return RGBImage(width: width, height: height, pixels: pixels)
    }
}
