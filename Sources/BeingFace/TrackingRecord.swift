import BeingRuntime
import Foundation

/// Everything face tracking learnt about one video.
///
/// Stored as a folder: `tracking.json` (this struct without the big arrays) plus little-endian float32
/// arrays `mesh.f32` [T, 468, 3] (image pixels, z like x), `residual.f32` [T, 468, 3] (head frame, metres)
/// and `eyes.f32` [T, 2, 76, 3] (right then left eye: 71 contour + 5 iris points, image pixels).
public struct TrackingRecord: Sendable, Codable {
    public struct Frame: Sendable, Codable, Equatable {
        public var index: Int
        /// The detector's box when this frame was (re)detected, else the mesh's bounding box.
        public var box: [Double]  // [4]: x0, y0, x1, y1
        public var presence: Double
        /// Filled in from neighbouring frames because the face was lost here.
        public var interpolated: Bool
        /// Smoothed pose (what the avatar uses) and the per-frame fit before smoothing.
        public var pose: HeadPose
        public var rawPose: HeadPose
        public var expression: ExpressionSignals
    }

    public static let formatVersion = 1
    public var version = TrackingRecord.formatVersion
    public var video: String
    public var width: Int
    public var height: Int
    public var fps: Double
    public var camera: PinholeCamera
    /// The canonical mesh in the head frame, metres.
    public var canonicalMesh: [SIMD3<Double>]  // [468, 3]
    public var rigidIndices: [Int]
    public var rigidShape: [SIMD3<Double>]  // [rigid.count, 3]
    public var frames: [Frame]
    public var quality: TrackQuality
    public var rawQuality: TrackQuality
    public var warnings: [String]
    /// (focal length, RMS reprojection error) for each focal length tried, pixels.
    public var focalProfile: [SIMD2<Double>]

    public var meshes: [[SIMD3<Double>]] = []  // [T, 468, 3]
    public var residuals: [[SIMD3<Double>]] = []  // [T, 468, 3]
    public var eyes: [[SIMD3<Double>]] = []  // [T, 152, 3]

    private enum CodingKeys: String, CodingKey {
        case version, video, width, height, fps, camera, canonicalMesh, rigidIndices, rigidShape, frames, quality,
             rawQuality, warnings, focalProfile
    }

    /// Writes the record into `folder` (created if needed); each file appears whole or not at all.
    public func save(to folder: URL) throws {
        try AtomicFile.write(Self.pack(meshes), to: folder.appendingPathComponent("mesh.f32"))
        try AtomicFile.write(Self.pack(residuals), to: folder.appendingPathComponent("residual.f32"))
        try AtomicFile.write(Self.pack(eyes), to: folder.appendingPathComponent("eyes.f32"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: folder.appendingPathComponent("tracking.json"))
    }

    public static func load(from folder: URL) throws -> TrackingRecord {
        let data = try Data(contentsOf: folder.appendingPathComponent("tracking.json"))
        var record = try JSONDecoder().decode(TrackingRecord.self, from: data)
        guard record.version == formatVersion else {
            throw FaceError.invalidInput("\(folder.path): tracking format \(record.version), expected \(formatVersion); track the video again")
        }
        let t = record.frames.count
        record.meshes = try unpack(folder.appendingPathComponent("mesh.f32"), frames: t, points: 468)
        record.residuals = try unpack(folder.appendingPathComponent("residual.f32"), frames: t, points: 468)
        record.eyes = try unpack(folder.appendingPathComponent("eyes.f32"), frames: t, points: 152)
        return record
    }

    static func pack(_ arrays: [[SIMD3<Double>]]) -> Data {
        var floats: [Float] = []
        floats.reserveCapacity(arrays.reduce(0) { $0 + $1.count * 3 })
        for array in arrays { for p in array { floats += [Float(p.x), Float(p.y), Float(p.z)] } }
        return floats.withUnsafeBytes { Data($0) }  // little-endian on every platform Being runs on
    }

    static func unpack(_ url: URL, frames: Int, points: Int) throws -> [[SIMD3<Double>]] {
        let data = try Data(contentsOf: url)
        guard data.count == frames * points * 3 * 4 else {
            throw FaceError.invalidInput("\(url.path) holds \(data.count) bytes, expected \(frames * points * 12); track the video again")
        }
        let floats = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return (0..<frames).map { t in
            (0..<points).map { i in
                let k = (t * points + i) * 3
                return SIMD3(Double(floats[k]), Double(floats[k + 1]), Double(floats[k + 2]))
            }
        }
    }
}
