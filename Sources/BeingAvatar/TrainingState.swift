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

    static func blendSchedule(iterations: Int) -> LearningRateSchedule {
        .exponential(initial: 5e-6, final: 5e-7, steps: iterations)
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
