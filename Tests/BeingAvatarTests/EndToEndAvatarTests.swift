import BeingAvatar
import BeingDataset
import BeingFace
import BeingMedia
import BeingRuntime
import BeingSplat
import BeingTesting
import Foundation
import Testing

/// Slow: a real preparation and training. `make unit` skips these; CI runs them.
@Suite(.enabled(if: Fixtures.shouldRun("video/aoc_8s_512.mp4") && RuntimeModels.shouldRunAll, "needs the fixtures and `make setup`"))
struct EndToEndAvatarTests {
    @Test func trainedAvatarLoadsWithItsReferenceAndPreviews() throws {
        let path = try TrainedFixture.avatar.get()
        let avatar = try Avatar.load(path)
        #expect(avatar.count > avatar.faceCount && avatar.faceCount > 1000)
        #expect(avatar.expression.dimension == avatar.expression.mouthComponents + avatar.expression.upperComponents + ExpressionModel.eyeValues)
        let reference = try AvatarReference.load(avatar: path)
        #expect(reference.train.count == 150 && reference.test.count == 50)
        let previews = try FileManager.default.contentsOfDirectory(atPath: path + "/previews")
        #expect(previews.contains("iteration-000800.png"))
    }

    /// Killed after a checkpoint and resumed, training ends bit-identical to an uninterrupted run.
    @Test func killedAndResumedTrainingMatchesACleanRun() throws {
        let dataset = try TrainedFixture.dataset.get()
        let clean = TrainedFixture.folder.appendingPathComponent("clean").path
        let shortRun = ["--preset", "fast", "--iterations", "24", "--preview-every", "0"]
        let cleanRun = try BuiltProducts.runBeing(["train", dataset, "-o", clean] + shortRun)
        #expect(cleanRun.status == 0, "\(cleanRun.stderr)")
        let output = TrainedFixture.folder.appendingPathComponent("killed").path
        let arguments = ["train", dataset, "-o", output, "--checkpoint-seconds", "0"] + shortRun
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(BuiltProducts.being))
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let state = output + "/checkpoint/state.json"
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: state),
               let info = try? JSONSerialization.jsonObject(with: data) as? [String: Any], (info["iteration"] as? Int ?? 0) >= 8 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(!FileManager.default.fileExists(atPath: output + "/avatar.json"), "the kill came too late to test anything")
        let resumed = try BuiltProducts.runBeing(arguments + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let a = try Data(contentsOf: URL(fileURLWithPath: clean + "/avatar.safetensors"))
        let b = try Data(contentsOf: URL(fileURLWithPath: output + "/avatar.safetensors"))
        #expect(a == b)
    }

    /// The default preset's colours are spherical harmonics of degree 1 and training moves their
    /// view-dependent terms and its appearance shapes, within the code's blocks; the fast preset's are RGB, with no colour encoding in the manifest
    /// (as every avatar trained before SH), and load as such.
    @Test func defaultPresetColoursAreSphericalHarmonicsFastOnesRGB() throws {
        let (fast, fastManifest) = try AvatarStore.load(URL(fileURLWithPath: try TrainedFixture.avatar.get()))
        #expect(fast.gaussians.colorEncoding == .rgb && fastManifest.colorEncoding == nil && fast.gaussians.colors.count == fast.count * 3)

        let output = TrainedFixture.folder.appendingPathComponent("sh")
        let run = try BuiltProducts.runBeing(["train", try TrainedFixture.dataset.get(), "-o", output.path,
                                              "--preset", "default", "--iterations", "60", "--preview-every", "0"])
        #expect(run.status == 0, "\(run.stderr)")
        let (avatar, manifest) = try AvatarStore.load(output)
        #expect(avatar.gaussians.colorEncoding == .sphericalHarmonics1 && manifest.colorEncoding == .sphericalHarmonics1)
        let colors = avatar.gaussians.colors  // [N, 4, 3]
        #expect(colors.count == avatar.count * 12)
        let moved = (0..<avatar.faceCount).filter { i in (3..<12).contains { abs(colors[i * 12 + $0]) > 1e-3 } }.count
        #expect(moved > avatar.faceCount / 2, "training left the view-dependent terms of \(avatar.faceCount - moved) face Gaussians at zero")

        // It learns appearance shapes, and each Gaussian answers only its own block of the code:
        // the mouth block below the nose tip and in the mouth, the others above.
        let k = avatar.expression.dimension, mouth = avatar.expression.mouthRange
        let look = avatar.appearanceShapes.filter { abs($0) > 1e-5 }.count
        #expect(look > avatar.appearanceShapes.count / 8, "training left \(avatar.appearanceShapes.count - look) appearance values at zero")
        let noseY = avatar.canonicalMesh[FaceLandmarks.noseTip * 3 + 1]
        var crossing = 0
        for (shapes, rows) in [(avatar.blendShapes, 3), (avatar.appearanceShapes, AppearanceShapes.rows)] {
            for i in 0..<avatar.count {
                // Blocks are decided on the starting positions; training moves Gaussians by millimetres.
                let y = avatar.gaussians.means[i * 3 + 1]
                guard i >= avatar.faceCount || abs(y - noseY) > 0.005 else { continue }
                let lower = i >= avatar.faceCount || y < noseY
                for r in 0..<rows { for j in 0..<k where mouth.contains(j) != lower && shapes[(i * rows + r) * k + j] != 0 { crossing += 1 } }
            }
        }
        #expect(crossing == 0, "\(crossing) shape values cross the code's blocks")
    }

    @Test func trainingRefusesToOverwriteWithoutResume() throws {
        let run = try BuiltProducts.runBeing(["train", try TrainedFixture.dataset.get(), "-o", try TrainedFixture.avatar.get()])
        #expect(run.status != 0 && run.stderr.contains("--resume"))
    }

    @Test func damagedAvatarFileIsReported() throws {
        let path = TrainedFixture.folder.appendingPathComponent("damaged").path
        try FileManager.default.copyItem(atPath: try TrainedFixture.avatar.get(), toPath: path)
        let tensors = path + "/" + AvatarStore.tensorsName
        let data = try Data(contentsOf: URL(fileURLWithPath: tensors))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: tensors))
        do {
            _ = try Avatar.load(path)
            Issue.record("a truncated avatar must not load")
        } catch let error as AvatarError {
            #expect(error.description.contains(AvatarStore.tensorsName) && error.description.contains("train it again"))
        }
    }

    /// The fast preset learns no appearance shapes and writes none, and such an avatar draws its
    /// Gaussians' colours and opacities as they are, whatever the code.
    @Test func fastAvatarsHaveNoAppearanceShapes() throws {
        let fixture = try TrainedFixture.avatar.get()
        let tensors = try SafeTensors.read(URL(fileURLWithPath: fixture + "/" + AvatarStore.tensorsName))
        #expect(tensors.tensors["appearance_shapes"] == nil && tensors.tensors["blend_shapes"] != nil)
        let avatar = try Avatar.load(fixture)
        #expect(avatar.appearanceShapes.isEmpty)
        let code = ExpressionCode(values: (0..<avatar.expression.dimension).map { Float($0 % 5) - 2 })
        let posed = avatar.posed(code)
        #expect(posed.colors == avatar.gaussians.colors && posed.opacities == avatar.gaussians.opacities && posed.means != avatar.gaussians.means)
    }

    /// Avatars trained with the code's blocks store each reference frame's tracked upper face
    /// (what generate and serve draw over that frame); fast ones, without the blocks, store none.
    /// A reference missing a frame's upper face is refused, naming the frame.
    @Test func blockedAvatarsKeepEachReferenceFramesUpperFace() throws {
        #expect(try AvatarReference.load(avatar: try TrainedFixture.avatar.get()).upperCodes == nil)

        let dataset = try TrainedFixture.dataset.get()
        let output = TrainedFixture.folder.appendingPathComponent("upper").path
        let run = try BuiltProducts.runBeing(["train", dataset, "-o", output, "--preset", "default", "--iterations", "12", "--preview-every", "0"])
        #expect(run.status == 0, "\(run.stderr)")
        let avatar = try Avatar.load(output)
        let reference = try AvatarReference.load(avatar: output)
        let upper = try #require(reference.upperCodes)
        #expect(Set(upper.keys) == Set(reference.poses.keys) && upper.count == 200)
        let record = try TrackingRecord.load(from: try Dataset.open(dataset).layout.tracking)
        let mouth = avatar.expression.mouthRange.upperBound
        for frame in [0, 77, 149, 150, 199] {
            #expect(upper[frame] == Array(avatar.expression.code(record, frame: frame).values[mouth...]))
        }
        let blinks = upper.values.map { zip($0, reference.openUpper).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }
        #expect(blinks.max()! > 10 * blinks.min()!, "the stored upper faces vary from frame to frame")

        let file = URL(fileURLWithPath: output + "/reference/reference.json")
        var damaged = reference
        damaged.upperCodes![77] = nil
        try JSONEncoder().encode(damaged).write(to: file)
        do {
            _ = try AvatarReference.load(avatar: output)
            Issue.record("a reference without frame 77's upper face must not load")
        } catch let error as AvatarError {
            #expect(error.description.contains("reference.json") && error.description.contains("frame 77"))
        }
    }

    /// A checkpoint written before appearance shapes cannot be resumed, and says so.
    @Test func olderCheckpointIsRefusedWithAClearError() throws {
        let path = TrainedFixture.folder.appendingPathComponent("old-checkpoint").path
        try FileManager.default.copyItem(atPath: try TrainedFixture.avatar.get(), toPath: path)
        let state = URL(fileURLWithPath: path + "/checkpoint/state.json")
        var info = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: state)) as? [String: Any])
        #expect(info.removeValue(forKey: "appearanceStep") != nil)
        try JSONSerialization.data(withJSONObject: info).write(to: state)
        let run = try BuiltProducts.runBeing(["train", try TrainedFixture.dataset.get(), "-o", path, "--preset", "fast", "--resume"])
        #expect(run.status != 0 && run.stderr.contains("older version") && run.stderr.contains("without --resume"), "\(run.stderr)")
    }
}
