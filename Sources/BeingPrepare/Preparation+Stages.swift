import BeingAudio
import BeingDataset
import BeingFace
import BeingMedia
import BeingRuntime
import Foundation

extension Preparation {
    /// Tracks the source at a low frame rate to place one square crop for the whole video.
    func locate(_ source: SourceVideo, tracker: FaceTracker) throws {
        let reader = try VideoFrameReader(path: source.path, options: VideoDecodeOptions(fps: options.locateFPS))
        defer { reader.close() }
        var tracking = TrackingOptions(maxFrames: Int(source.usedSeconds * options.locateFPS))
        tracking.threads = 2
        let record = try tracker.track(frames: { try reader.next() }, width: reader.width, height: reader.height, fps: options.locateFPS,
                                       expectedFrames: tracking.maxFrames, name: source.path, options: tracking, progress: progress)
        let boxes = record.frames.filter { !$0.interpolated }.map(\.box)
        guard let crop = SquareCrop.choose(boxes: boxes, width: reader.width, height: reader.height) else {
            throw DatasetError.invalidInput(source.path, "no face found")
        }
        if crop.width < options.size / 2 {
            progress(.warning("the face region is \(crop.width) px wide in the source; frames are upscaled to \(options.size) and will look soft"))
        }
        try AtomicFile.write(try JSONEncoder().encode(crop), to: cropURL)
    }

    /// Decodes the crop at 512² and 25 fps to JPEG frames, and the audio to 16 kHz mono of the
    /// same length as the frames.
    func writeFrames(_ source: SourceVideo) throws {
        let crop = try readCrop()
        let limit = source.frameLimit(fps: options.fps)
        let reader = try VideoFrameReader(path: source.path, options: VideoDecodeOptions(crop: crop, size: options.size, fps: Double(options.fps)))
        defer { reader.close() }
        progress(.stageStarted(stage: "frames", total: limit))
        var count = 0
        try writeFolder("frames") { folder in
            while count < limit, let frame = try reader.next() {
                let name = URL(fileURLWithPath: DatasetLayout.frameName(count)).lastPathComponent
                try JPEG.encode(frame, quality: 95).write(to: folder.appendingPathComponent(name))
                count += 1
                progress(.advanced(stage: "frames", completed: count, total: limit, metrics: [:]))
            }
        }
        var audio = try AudioSamples.extract(from: source.path)
        let samples = count * audio.sampleRate / options.fps
        audio.samples = Array(audio.samples.prefix(samples)) + [Float](repeating: 0, count: max(0, samples - audio.samples.count))
        try WAVFile.write(audio, to: layout.audio.path, format: .pcm16)
    }

    var frameCount: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: layout.root.appendingPathComponent("frames").path))?
            .filter { $0.hasSuffix(".jpg") }.count ?? 0
    }

    /// Full tracking on the normalised frames.
    func track(tracker: FaceTracker) throws {
        let count = frameCount
        var index = 0
        let record = try tracker.track(frames: {
            guard index < count else { return nil }
            defer { index += 1 }
            return try JPEG.read(self.layout.frame(index).path)
        }, width: options.size, height: options.size, fps: Double(options.fps), expectedFrames: count, name: sourcePath,
           options: TrackingOptions(), progress: progress)
        for warning in record.warnings { progress(.warning(warning)) }
        try writeFolder("tracking") { folder in try record.save(to: folder) }
    }

    func writeMasks() throws {
        let record = try TrackingRecord.load(from: layout.tracking)
        let masks = FaceMasks(topology: .mediaPipe)
        progress(.stageStarted(stage: "masks", total: record.frames.count))
        try writeFolder("masks") { folder in
            for t in record.frames.indices {
                let frame = try JPEG.read(layout.frame(t).path)
                let points = record.meshes[t].map { SIMD2($0.x, $0.y) }
                let name = URL(fileURLWithPath: DatasetLayout.maskName(t)).lastPathComponent
                try PNG.encode(masks.mask(points: points, frame: frame)).write(to: folder.appendingPathComponent(name))
                progress(.advanced(stage: "masks", completed: t + 1, total: record.frames.count, metrics: [:]))
            }
        }
    }

    func writeFeatures() throws {
        let extractor = try SpeechFeatureExtractor.preferred(home: home)
        if case .logMel = extractor {
            progress(.warning("hama is not installed; using log-mel speech features (run `make setup` for phoneme features)"))
        }
        let features = try extractor.features(of: try WAVFile.read(layout.audio.path).mono)
        try writeFolder("features") { folder in
            try features.save(to: folder.appendingPathComponent("\(features.kind.rawValue).spf").path)
        }
    }
}
