/// How long and how big a training run is. `being train --preset fast|default|best`.
public struct TrainingPreset: Sendable, Equatable, Codable {
    public var name: String
    /// Iterations of the three stages: face, mouth interior, joint fine-tune.
    public var faceIterations: Int
    public var mouthIterations: Int
    public var jointIterations: Int
    public var faceGaussians: Int
    public var mouthGaussians: Int

    public var totalIterations: Int { faceIterations + mouthIterations + jointIterations }

    public static let fast = TrainingPreset(name: "fast", faceIterations: 500, mouthIterations: 150, jointIterations: 150,
                                            faceGaussians: 6_000, mouthGaussians: 800)
    /// Held-out frames of the 8 s fixture stop improving early and then get worse as training
    /// frames are fitted more closely (face-box PSNR, tracked mouth: 900 iterations 26.50 dB, 1200
    /// 26.55, 1800 26.50, 2400 26.44, 3600 26.22, 7200 25.85), so the default stops at 1800.
    public static let standard = TrainingPreset(name: "default", faceIterations: 1_200, mouthIterations: 300, jointIterations: 300,
                                                faceGaussians: 10_000, mouthGaussians: 1_500)
    /// More Gaussians at the default's length. On the held-out frames: lip distance with the
    /// tracked mouth 0.76 px (default 0.85), face PSNR 26.38 dB (default 26.50). Longer runs trade
    /// held-out quality for training frames here too (these Gaussians: 1800 iterations 26.38 dB,
    /// 2400 26.30, 3600 26.04).
    public static let best = TrainingPreset(name: "best", faceIterations: 1_200, mouthIterations: 300, jointIterations: 300,
                                            faceGaussians: 16_000, mouthGaussians: 2_500)

    public static func named(_ name: String) -> TrainingPreset? {
        [fast, standard, best].first { $0.name == name }
    }

    /// The same split of stages, scaled to `iterations` in all.
    public func scaled(to iterations: Int) -> TrainingPreset {
        var out = self
        let total = Double(totalIterations)
        out.mouthIterations = Int((Double(iterations) * Double(mouthIterations) / total).rounded())
        out.jointIterations = Int((Double(iterations) * Double(jointIterations) / total).rounded())
        out.faceIterations = max(1, iterations - out.mouthIterations - out.jointIterations)
        return out
    }

    /// The stages in order, with their first global iteration.
    public var stages: [TrainingStage] {
        [TrainingStage(kind: .face, first: 0, iterations: faceIterations),
         TrainingStage(kind: .mouth, first: faceIterations, iterations: mouthIterations),
         TrainingStage(kind: .joint, first: faceIterations + mouthIterations, iterations: jointIterations)]
    }
}

/// One stage of training, in the spirit of InsTaG: the face first (mouth-interior pixels left out),
/// then the mouth interior alone (the face frozen), then everything together at a lower rate.
public struct TrainingStage: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case face, mouth, joint }
    public var kind: Kind
    public var first: Int
    public var iterations: Int
    public var range: Range<Int> { first..<(first + iterations) }
}
