import BeingRuntime
import BeingSplat
import BeingSplatTraining
import Foundation

/// A training run's state on disk, `AVATAR/checkpoint/`: `state.safetensors` (the avatar's tensors
/// plus the optimisers' moments) and `state.json` (the avatar manifest, the iteration, the
/// optimiser steps). Written atomically, JSON last.
enum TrainingCheckpoint {
    struct Info: Codable {
        var avatar: AvatarStore.Manifest
        var iteration: Int
        var adamStep: Int
        var blendStep: Int
        /// Absent in checkpoints written before avatars had appearance shapes.
        var appearanceStep: Int?
        var stageSeconds: [String: Double]
        var preset: TrainingPreset
        var seed: UInt64
    }

    static func folder(_ output: URL) -> URL { output.appendingPathComponent("checkpoint") }

    static func exists(_ output: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder(output).appendingPathComponent("state.json").path)
    }

    static func save(_ state: TrainingState, preset: TrainingPreset, seed: UInt64, dataset: String, to output: URL) throws {
        let dir = folder(output)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var tensors = AvatarStore.tensors(state.avatar)
        let n = state.avatar.count
        for group in ParameterGroup.allCases {
            let width = state.avatar.gaussians.width(of: group)
            tensors["adam.m.\(group.rawValue)"] = .init(shape: [n, width], values: state.adam.firstMoment[group])
            tensors["adam.v.\(group.rawValue)"] = .init(shape: [n, width], values: state.adam.secondMoment[group])
        }
        tensors["blend_adam.m"] = .init(shape: [state.blendAdam.firstMoment.count], values: state.blendAdam.firstMoment)
        tensors["blend_adam.v"] = .init(shape: [state.blendAdam.secondMoment.count], values: state.blendAdam.secondMoment)
        tensors["appearance_adam.m"] = .init(shape: [state.appearanceAdam.firstMoment.count], values: state.appearanceAdam.firstMoment)
        tensors["appearance_adam.v"] = .init(shape: [state.appearanceAdam.secondMoment.count], values: state.appearanceAdam.secondMoment)
        try SafeTensors(tensors: tensors).write(to: dir.appendingPathComponent("state.safetensors"))
        let info = Info(avatar: AvatarStore.manifest(state.avatar, preset: preset.name, iterations: state.iteration, dataset: dataset),
                        iteration: state.iteration, adamStep: state.adam.step, blendStep: state.blendAdam.step,
                        appearanceStep: state.appearanceAdam.step,
                        stageSeconds: state.stageSeconds, preset: preset, seed: seed)
        try AtomicFile.write(try JSONEncoder().encode(info), to: dir.appendingPathComponent("state.json"))
    }

    static func load(_ output: URL) throws -> (TrainingState, Info) {
        let dir = folder(output)
        let jsonFile = dir.appendingPathComponent("state.json"), tensorFile = dir.appendingPathComponent("state.safetensors")
        guard let data = try? Data(contentsOf: jsonFile), let info = try? JSONDecoder().decode(Info.self, from: data) else {
            throw AvatarError.checkpoint(jsonFile.path, "state.json is missing or does not parse")
        }
        guard let appearanceStep = info.appearanceStep else {
            throw AvatarError.checkpoint(jsonFile.path, "it was written by an older version, before appearance shapes")
        }
        do {
            let tensors = try SafeTensors.read(tensorFile)
            let avatar = try AvatarStore.avatar(from: tensors, manifest: info.avatar, file: tensorFile.path)
            let n = avatar.count
            var first = avatar.gaussians, second = avatar.gaussians
            for group in ParameterGroup.allCases {
                let shape = [n, avatar.gaussians.width(of: group)]
                first[group] = try tensors.tensor("adam.m.\(group.rawValue)", shape: shape, in: tensorFile.path)
                second[group] = try tensors.tensor("adam.v.\(group.rawValue)", shape: shape, in: tensorFile.path)
            }
            let total = info.preset.totalIterations, blendCount = avatar.blendShapes.count
            let appearanceCount = avatar.appearanceShapes.count
            let adam = AdamOptimizer(configuration: TrainingState.adamConfiguration(iterations: total), step: info.adamStep,
                                     firstMoment: first, secondMoment: second)
            let blendAdam = FlatAdam(schedule: TrainingState.blendSchedule(info.preset.expression, iterations: total), step: info.blendStep,
                                     firstMoment: try tensors.tensor("blend_adam.m", shape: [blendCount], in: tensorFile.path),
                                     secondMoment: try tensors.tensor("blend_adam.v", shape: [blendCount], in: tensorFile.path))
            let appearanceAdam = FlatAdam(
                schedule: TrainingState.appearanceSchedule(info.preset.expression, iterations: total), step: appearanceStep,
                firstMoment: try tensors.tensor("appearance_adam.m", shape: [appearanceCount], in: tensorFile.path),
                secondMoment: try tensors.tensor("appearance_adam.v", shape: [appearanceCount], in: tensorFile.path))
            return (TrainingState(avatar: avatar, adam: adam, blendAdam: blendAdam, appearanceAdam: appearanceAdam, iteration: info.iteration,
                                  stageSeconds: info.stageSeconds), info)
        } catch let error as AvatarError {
            throw error
        } catch {
            throw AvatarError.checkpoint(tensorFile.path, "\(error)")
        }
    }
}
