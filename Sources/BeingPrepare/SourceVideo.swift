import BeingDataset
import BeingMedia
import BeingRuntime
import Foundation

/// The input video, checked: it has a picture and speech, and a usable length.
struct SourceVideo {
    let path: String
    let info: MediaInfo
    let video: MediaInfo.Video
    let sha256: String
    /// Seconds that will be used (at most `maxSeconds`).
    let usedSeconds: Double

    init(path: String, options: PreparationOptions, progress: ProgressSink) throws {
        let info = try MediaInfo.probe(path)
        guard let video = info.video else {
            throw DatasetError.invalidInput(path, "has no video stream (audio only?); give a video of the person talking")
        }
        guard info.hasAudio else {
            throw DatasetError.invalidInput(path, "has no audio stream; the avatar learns from the person's speech, so the video needs its sound")
        }
        guard info.duration >= options.minSeconds else {
            throw DatasetError.invalidInput(path, String(format: "is %.1f s long; at least %.0f s of video is needed", info.duration, options.minSeconds))
        }
        if info.duration > options.maxSeconds {
            progress(.warning(String(format: "%@ is %.0f s long; using its first %.0f s (--max-seconds)", path, info.duration, options.maxSeconds)))
        }
        self.path = path
        self.info = info
        self.video = video
        self.usedSeconds = min(info.duration, options.maxSeconds)
        self.sha256 = try SHA256.hex(ofFile: URL(fileURLWithPath: path))
    }

    /// Frames at `fps` within the used seconds.
    func frameLimit(fps: Int) -> Int {
        Int((usedSeconds * Double(fps)).rounded(.down))
    }
}
