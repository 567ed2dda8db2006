import BeingMedia
import BeingRuntime
import BeingSpeechMotion
import BeingSplat
import Foundation

/// An avatar on disk: `avatar.json` (what it is, the shapes, the settings) and `avatar.safetensors`
/// (every tensor). The JSON is written last, so a folder holds an avatar only once it is complete.
public enum AvatarStore {
    public static let manifestName = "avatar.json"
    public static let tensorsName = "avatar.safetensors"

    /// What `avatar.json` says.
    public struct Manifest: Codable, Sendable, Equatable {
        public static let currentFormat = "being-avatar/2"
        public var format: String
        public var gaussians: Int
        public var faceCount: Int
        public var codeDimension: Int
        public var mouthComponents: Int
        public var upperComponents: Int
        public var focal: Double
        public var frameWidth: Int
        public var frameHeight: Int
        public var crop: CropBox
        public var speech: SpeechMotionModel.Config
        public var preset: String
        public var iterations: Int
        public var dataset: String
        /// `Avatar.mouthCodeGain`; absent (1) in avatars trained without mouth-code noise.
        public var mouthCodeGain: Float?
        /// How the Gaussians' colours are stored (`gaussians.colors` [N, width]); absent: RGB, as in
        /// avatars trained before colours became spherical harmonics.
        public var colorEncoding: ColorEncoding?
    }

    /// Every tensor of `avatar`, by name.
    public static func tensors(_ avatar: Avatar) -> [String: SafeTensors.Tensor] {
        let n = avatar.count, k = avatar.expression.dimension, v = ExpressionModel.vertexCount
        let g = avatar.gaussians, e = avatar.expression
        var out: [String: SafeTensors.Tensor] = [
            "gaussians.means": .init(shape: [n, 3], values: g.means),
            "gaussians.scales": .init(shape: [n, 3], values: g.scales),
            "gaussians.rotations": .init(shape: [n, 4], values: g.rotations),
            "gaussians.opacities": .init(shape: [n], values: g.opacities),
            "gaussians.colors": .init(shape: [n, g.colorEncoding.width], values: g.colors),
            "blend_shapes": .init(shape: [n, 3, k], values: avatar.blendShapes),
            "expression.mean_residual": .init(shape: [v, 3], values: e.meanResidual),
            "expression.basis": .init(shape: [e.mouthComponents + e.upperComponents, v, 3], values: e.basis),
            "expression.eye_mean": .init(shape: [ExpressionModel.eyeValues], values: e.eyeMean),
            "expression.eye_scale": .init(shape: [ExpressionModel.eyeValues], values: e.eyeScale),
            "canonical_mesh": .init(shape: [v, 3], values: avatar.canonicalMesh),
        ]
        if !avatar.appearanceShapes.isEmpty {
            out["appearance_shapes"] = .init(shape: [n, AppearanceShapes.rows, k], values: avatar.appearanceShapes)
        }
        let shapes = avatar.speech.weightShapes
        for (name, values) in avatar.speech.weights { out["speech." + name] = SafeTensors.Tensor(shape: shapes[name]!, values: values) }
        return out
    }

    public static func manifest(_ avatar: Avatar, preset: String, iterations: Int, dataset: String) -> Manifest {
        Manifest(format: Manifest.currentFormat, gaussians: avatar.count, faceCount: avatar.faceCount, codeDimension: avatar.expression.dimension,
                 mouthComponents: avatar.expression.mouthComponents, upperComponents: avatar.expression.upperComponents,
                 focal: avatar.focal, frameWidth: avatar.frameWidth, frameHeight: avatar.frameHeight, crop: avatar.crop,
                 speech: avatar.speech.config, preset: preset, iterations: iterations, dataset: dataset,
                 mouthCodeGain: avatar.mouthCodeGain == 1 ? nil : avatar.mouthCodeGain,
                 colorEncoding: avatar.gaussians.colorEncoding == .rgb ? nil : avatar.gaussians.colorEncoding)
    }

    /// Writes the avatar into `folder` (created if needed): tensors first, then the manifest.
    public static func save(_ avatar: Avatar, manifest: Manifest, to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try SafeTensors(tensors: tensors(avatar)).write(to: folder.appendingPathComponent(tensorsName))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(manifest), to: folder.appendingPathComponent(manifestName))
    }

    public static func loadManifest(_ folder: URL) throws -> Manifest {
        let file = folder.appendingPathComponent(manifestName)
        guard let data = try? Data(contentsOf: file) else { throw AvatarError.notAnAvatar(folder.path) }
        let manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: data) } catch {
            throw AvatarError.corrupt(file.path, "avatar.json does not parse: \(error)")
        }
        guard manifest.format == Manifest.currentFormat else {
            throw AvatarError.olderFormat(file.path, found: manifest.format, expected: Manifest.currentFormat)
        }
        return manifest
    }

    /// Reads and validates an avatar folder.
    public static func load(_ folder: URL) throws -> (Avatar, Manifest) {
        let manifest = try loadManifest(folder)
        let file = folder.appendingPathComponent(tensorsName)
        let tensors: SafeTensors
        do { tensors = try SafeTensors.read(file) } catch { throw AvatarError.corrupt(file.path, "\(error)") }
        return (try avatar(from: tensors, manifest: manifest, file: file.path), manifest)
    }

    /// The avatar in `tensors`, every shape checked against `manifest`.
    public static func avatar(from tensors: SafeTensors, manifest m: Manifest, file: String) throws -> Avatar {
        let n = m.gaussians, k = m.codeDimension, v = ExpressionModel.vertexCount
        do {
            guard k == m.mouthComponents + m.upperComponents + ExpressionModel.eyeValues, m.faceCount <= n else {
                throw SafeTensorsError(file, "the manifest's counts do not add up")
            }
            if let gain = m.mouthCodeGain, !(gain.isFinite && gain > 0) {
                throw SafeTensorsError(file, "the manifest's mouthCodeGain \(gain) is not a positive number")
            }
            let gaussians = SplatParameters(
                means: try tensors.tensor("gaussians.means", shape: [n, 3], in: file),
                scales: try tensors.tensor("gaussians.scales", shape: [n, 3], in: file),
                rotations: try tensors.tensor("gaussians.rotations", shape: [n, 4], in: file),
                opacities: try tensors.tensor("gaussians.opacities", shape: [n], in: file),
                colors: try tensors.tensor("gaussians.colors", shape: [n, (m.colorEncoding ?? .rgb).width], in: file),
                colorEncoding: m.colorEncoding ?? .rgb)
            try gaussians.validate()
            let expression = ExpressionModel(
                mouthComponents: m.mouthComponents, upperComponents: m.upperComponents,
                meanResidual: try tensors.tensor("expression.mean_residual", shape: [v, 3], in: file),
                basis: try tensors.tensor("expression.basis", shape: [m.mouthComponents + m.upperComponents, v, 3], in: file),
                eyeMean: try tensors.tensor("expression.eye_mean", shape: [ExpressionModel.eyeValues], in: file),
                eyeScale: try tensors.tensor("expression.eye_scale", shape: [ExpressionModel.eyeValues], in: file))
            var speechWeights: [String: [Float]] = [:]
            for (name, shape) in SpeechMotionModel.weightShapes(for: m.speech) {
                speechWeights[name] = try tensors.tensor("speech." + name, shape: shape, in: file)
            }
            let speech = try SpeechMotionModel(config: m.speech, weights: speechWeights)
            // Fast-preset avatars, and those trained before appearance shapes, have none.
            let appearance = tensors.tensors["appearance_shapes"] == nil ? nil
                : try tensors.tensor("appearance_shapes", shape: [n, AppearanceShapes.rows, k], in: file)
            var avatar = Avatar(gaussians: gaussians, blendShapes: try tensors.tensor("blend_shapes", shape: [n, 3, k], in: file),
                                appearanceShapes: appearance, faceCount: m.faceCount, expression: expression, speech: speech,
                                canonicalMesh: try tensors.tensor("canonical_mesh", shape: [v, 3], in: file),
                                focal: m.focal, frameWidth: m.frameWidth, frameHeight: m.frameHeight, crop: m.crop)
            avatar.mouthCodeGain = m.mouthCodeGain ?? 1
            return avatar
        } catch let error as AvatarError {
            throw error
        } catch {
            throw AvatarError.corrupt(file, "\(error)")
        }
    }
}

extension Avatar {
    /// The avatar in the folder at `path`.
    public static func load(_ path: String) throws -> Avatar {
        try AvatarStore.load(URL(fileURLWithPath: path)).0
    }
}
