import BeingRuntime
import Foundation

/// The whole-video half of tracking: checks, gap filling, camera and pose fit, smoothing, expressions.
struct TrackFitter {
    var options: TrackingOptions
    var width: Int
    var height: Int
    var fps: Double
    var name: String
    var warnings: [String]
    var progress: ProgressSink

    func fit(_ raw: [FrameObservation?]) throws -> TrackingRecord {
        let total = raw.count
        let lost = raw.indices.filter { raw[$0] == nil }
        guard lost.count < total else { throw FaceError.noFace(frames: total) }
        if Double(lost.count) > options.maxLostShare * Double(total) {
            throw FaceError.tooManyLostFrames(lost, total: total, limit: options.maxLostShare)
        }
        let observations = try fillGaps(raw)
        var warnings = self.warnings
        func warn(_ message: String) { warnings.append(message); progress(.warning(message)) }
        if !lost.isEmpty { warn("face lost in frames \(FrameRanges.describe(lost)); filled in from neighbouring frames") }

        let tracked = observations.filter { !$0.interpolated }
        let widths = tracked.map { o -> Double in
            let xs = FaceLandmarks.faceOval.map { o.points[$0].x }
            return xs.max()! - xs.min()!
        }.sorted()
        let medianWidth = widths[widths.count / 2]
        if medianWidth < options.minFaceSize { throw FaceError.faceTooSmall(pixels: medianWidth, minimum: options.minFaceSize) }

        let cut = observations.indices.filter { t in
            FaceLandmarks.faceOval.contains { i in
                let p = observations[t].points[i]
                return p.x < -2 || p.y < -2 || p.x > Double(width) + 2 || p.y > Double(height) + 2
            }
        }
        if Double(cut.count) > options.maxBadShare * Double(total) { throw FaceError.faceCutByBorder(cut) }
        if !cut.isEmpty { warn("the face touches the frame border in frames \(FrameRanges.describe(cut))") }

        progress(.stageStarted(stage: "pose", total: nil))
        let start = Date()
        let meshes = observations.map(\.points)
        let fit = CameraFit.fit(meshes: meshes, width: width, height: height)
        let extreme = fit.rawPoses.indices.filter { fit.rawPoses[$0].turnDegrees > options.maxTurnDegrees }
        if Double(extreme.count) > options.maxBadShare * Double(total) {
            throw FaceError.extremePose(extreme, degrees: options.maxTurnDegrees)
        }
        if !extreme.isEmpty { warn("the head turns far from the camera in frames \(FrameRanges.describe(extreme))") }
        let poses = PoseSmoothing.smooth(fit.rawPoses, sigmaFrames: options.smoothingSeconds * fps)

        var frames: [TrackingRecord.Frame] = []
        var residuals: [[SIMD3<Double>]] = []
        for (t, o) in observations.enumerated() {
            let (head, residual) = MeshResidual.compute(mesh: o.points, canonical: fit.canonicalMesh, pose: fit.rawPoses[t],
                                                        camera: fit.camera)
            let mouth = ExpressionSignals.mouth(head)
            let expression = ExpressionSignals(eyeOpennessRight: ExpressionSignals.eyeOpenness(o.right),
                                               eyeOpennessLeft: ExpressionSignals.eyeOpenness(o.left),
                                               mouthAperture: mouth.aperture, mouthWidth: mouth.width)
            frames.append(.init(index: t, box: o.box, presence: o.presence, interpolated: o.interpolated, pose: poses[t],
                                rawPose: fit.rawPoses[t], expression: expression))
            residuals.append(residual)
        }
        let quality = TrackQuality.measure(shape: fit.rigidShape, meshes: meshes, poses: poses, camera: fit.camera)
        let rawQuality = TrackQuality.measure(shape: fit.rigidShape, meshes: meshes, poses: fit.rawPoses, camera: fit.camera)
        progress(.stageFinished(stage: "pose", seconds: Date().timeIntervalSince(start)))

        var record = TrackingRecord(video: name, width: width, height: height, fps: fps, camera: fit.camera,
                                    canonicalMesh: fit.canonicalMesh, rigidIndices: FaceLandmarks.rigid,
                                    rigidShape: fit.rigidShape, frames: frames, quality: quality, rawQuality: rawQuality,
                                    warnings: warnings, focalProfile: fit.focalProfile)
        record.meshes = meshes
        record.residuals = residuals
        record.eyes = observations.map { $0.right.contour + $0.right.iris + $0.left.contour + $0.left.iris }
        try record.checkFinite()
        return record
    }

    /// Lost frames filled linearly between the tracked frames around them (held at the video's ends).
    func fillGaps(_ raw: [FrameObservation?]) throws -> [FrameObservation] {
        var out: [FrameObservation] = []
        var t = 0
        while t < raw.count {
            if let o = raw[t] { out.append(o); t += 1; continue }
            var end = t
            while end < raw.count, raw[end] == nil { end += 1 }
            if end - t > options.maxGapFrames { throw FaceError.longGap(first: t, last: end - 1, limit: options.maxGapFrames) }
            let before = t > 0 ? raw[t - 1] : nil, after = end < raw.count ? raw[end] : nil
            for k in t..<end {
                let a = before ?? after!, b = after ?? before!
                let w = before == nil || after == nil ? 0 : Double(k - t + 1) / Double(end - t + 1)
                func mix(_ p: [SIMD3<Double>], _ q: [SIMD3<Double>]) -> [SIMD3<Double>] { zip(p, q).map { $0 + w * ($1 - $0) } }
                var o = a
                o.points = mix(a.points, b.points)
                o.right = EyeResult(contour: mix(a.right.contour, b.right.contour), iris: mix(a.right.iris, b.right.iris))
                o.left = EyeResult(contour: mix(a.left.contour, b.left.contour), iris: mix(a.left.iris, b.left.iris))
                o.box = zip(a.box, b.box).map { $0 + w * ($1 - $0) }
                o.presence = 0
                o.interpolated = true
                out.append(o)
            }
            t = end
        }
        return out
    }
}

extension FrameObservation: Equatable {
    static func == (a: FrameObservation, b: FrameObservation) -> Bool { a.points == b.points && a.presence == b.presence }
}

extension TrackingRecord {
    /// Never hand out NaN: a non-finite number anywhere is a bug or a degenerate fit, reported as such.
    func checkFinite() throws {
        let scalars = [camera.focal, quality.reprojectionMedian, quality.jitter] + frames.flatMap { f in
            f.pose.parameters + [f.expression.eyeOpennessLeft, f.expression.eyeOpennessRight, f.expression.mouthAperture,
                                 f.expression.mouthWidth]
        }
        let points = canonicalMesh + meshes.joined() + residuals.joined()
        guard scalars.allSatisfy(\.isFinite), points.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) else {
            throw FaceError.invalidInput("\(video): tracking produced non-finite numbers; please report this with the video")
        }
    }
}
