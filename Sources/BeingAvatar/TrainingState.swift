import BeingDataset
import BeingFace
import BeingSplat
import BeingSplatTraining

/// Everything a training run changes, so that a checkpoint of it resumes exactly: the avatar, both
/// optimisers and the next iteration. The view and background of iteration s are functions of
/// (seed, s), so no random state needs saving.
struct TrainingState {
    var avatar: Avatar
    var adam: AdamOptimizer
    var blendAdam: FlatAdam
    var iteration: Int
    var stageSeconds: [String: Double]

    /// Per-group learning rates over `iterations` (the head is about 0.2 m across).
    static func adamConfiguration(iterations: Int) -> AdamConfiguration {
        let extent: Float = 0.2
        return AdamConfiguration(schedules: [
            .means: .exponential(initial: 1.6e-4 * extent, final: 1.6e-6 * extent, steps: iterations),
            .scales: .constant(5e-3), .rotations: .constant(1e-3), .opacities: .constant(5e-2), .colors: .constant(5e-3),
        ])
    }

    /// The blend shapes' rate (metres per unit code per step). Held-out frames, aoc fixture, default
    /// preset (face PSNR driven by speech / lip distance; with the tracked mouth), starting at 5e-6
    /// → 1e-5: seed 1 25.91 dB / 3.09 px → 26.10 / 2.86; 27.16 → 26.99 dB. Seed 2 25.92 / 2.87 →
    /// 26.07 / 2.98; 27.26 → 27.01. Seed 3 25.95 / 2.89 → 26.21 / 2.79; 27.07 → 26.88. blue seed 1
    /// 25.46 / 1.74 → 25.65 / 1.56; 26.20 → 25.99. Fast preset, aoc seed 1: 24.81 / 3.18 → 25.05 /
    /// 3.23, the rendered aperture's sd 2.48 → 2.79 mm (real 3.25). Faster-learnt motion fits the
    /// speech-driven mouth better and the exact tracked codes a little worse.
    static func blendSchedule(iterations: Int) -> LearningRateSchedule {
        .exponential(initial: 1e-5, final: 1e-6, steps: iterations)
    }

    init(avatar: Avatar, iterations: Int) {
        self.avatar = avatar
        adam = AdamOptimizer(configuration: Self.adamConfiguration(iterations: iterations), like: avatar.gaussians)
        blendAdam = FlatAdam(schedule: Self.blendSchedule(iterations: iterations), count: avatar.blendShapes.count)
        iteration = 0
        stageSeconds = [:]
    }

    init(avatar: Avatar, adam: AdamOptimizer, blendAdam: FlatAdam, iteration: Int, stageSeconds: [String: Double]) {
        self.avatar = avatar; self.adam = adam; self.blendAdam = blendAdam; self.iteration = iteration; self.stageSeconds = stageSeconds
    }
}
