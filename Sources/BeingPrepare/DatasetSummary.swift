import BeingAudio
import BeingDataset
import BeingFace
import Foundation

/// What `being inspect` reports about a dataset.
public struct DatasetSummary: Codable, Sendable {
    public var frames: Int
    public var seconds: Double
    public var trainFrames: Int
    public var testFrames: Int
    public var featureKind: String
    /// Share of video frames with speech: hama's blank under 50% (phonemes), or audio energy above
    /// a tenth of its 95th percentile (log-mel fallback).
    public var speechCoverage: Double
    public var blinks: Int
    public var blinksPerMinute: Double
    /// Inner-lip gap in millimetres (head frame): min, median, max.
    public var mouthApertureMM: [Double]
    public var focal: Double
    public var trackingWarnings: [String]

    public init(dataset: Dataset) throws {
        let manifest = dataset.manifest
        let record = try TrackingRecord.load(from: dataset.layout.tracking)
        frames = manifest.frameCount
        seconds = manifest.duration
        trainFrames = manifest.split.trainFrames
        testFrames = manifest.split.testFrames
        focal = manifest.focal
        trackingWarnings = record.warnings
        let openness = record.frames.map { ($0.expression.eyeOpennessLeft + $0.expression.eyeOpennessRight) / 2 }
        blinks = BlinkDetector().blinkStarts(openness).count
        blinksPerMinute = Double(blinks) / max(seconds, 1e-9) * 60
        let apertures = record.frames.map { $0.expression.mouthAperture * 1000 }.sorted()
        mouthApertureMM = apertures.isEmpty ? [] : [apertures.first!, apertures[apertures.count / 2], apertures.last!]
        let entry = manifest.features.first
        featureKind = entry?.kind ?? "none"
        if let entry {
            let features = try SpeechFeatures.load(from: dataset.layout.root.appendingPathComponent(entry.file).path)
            speechCoverage = Self.speechCoverage(features, frames: frames, fps: manifest.fps)
        } else {
            speechCoverage = 0
        }
    }

    static func speechCoverage(_ features: SpeechFeatures, frames: Int, fps: Int) -> Double {
        let perFrame = max(1, features.rate / fps)
        var speaking = 0
        let energies: [Double] = (0..<features.steps).map { t in
            let step = features.step(t)
            switch features.kind {
            case .phonemes: return 1 - exp(Double(step[step.startIndex + PhonemeVocabulary.hama.blankIndex]))
            case .logMel: return step.reduce(0.0) { $0 + exp(Double($1)) }
            }
        }
        let threshold: Double
        switch features.kind {
        case .phonemes: threshold = 0.5
        case .logMel:
            let sorted = energies.sorted()
            threshold = sorted.isEmpty ? 0 : 0.1 * sorted[Int(Double(sorted.count - 1) * 0.95)]
        }
        for frame in 0..<frames {
            let steps = (frame * perFrame)..<min(features.steps, (frame + 1) * perFrame)
            if steps.contains(where: { energies[$0] > threshold }) { speaking += 1 }
        }
        return frames > 0 ? Double(speaking) / Double(frames) : 0
    }

    public func formatted() -> String {
        let aperture = mouthApertureMM.count == 3
            ? String(format: "%.1f / %.1f / %.1f mm (min / median / max)", mouthApertureMM[0], mouthApertureMM[1], mouthApertureMM[2]) : "n/a"
        var lines = [
            String(format: "frames         %d (%.1f s at 25 fps)", frames, seconds),
            String(format: "split          train %d frames (%.1f s), test %d frames (%.1f s)", trainFrames, Double(trainFrames) / 25,
                   testFrames, Double(testFrames) / 25),
            String(format: "speech         %@ features, speech in %.0f%% of frames", featureKind, speechCoverage * 100),
            String(format: "blinks         %d (%.0f per minute)", blinks, blinksPerMinute),
            "mouth aperture \(aperture)",
            String(format: "focal          %.0f px at 512²", focal),
        ]
        lines += trackingWarnings.map { "warning        \($0)" }
        return lines.joined(separator: "\n")
    }
}
