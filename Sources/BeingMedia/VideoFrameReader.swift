import BeingRuntime
import Foundation

/// A square or rectangular region of the source picture, in source pixels.
public struct CropBox: Sendable, Equatable, Codable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
}

/// How to turn a video's pictures into frames.
public struct VideoDecodeOptions: Sendable, Equatable {
    /// Cut this region out first (source pixels).
    public var crop: CropBox?
    /// Then resize to `size`×`size` (area averaging when shrinking).
    public var size: Int?
    /// Resample to this frame rate by dropping or repeating frames (ffmpeg's `fps` filter).
    public var fps: Double?

    public init(crop: CropBox? = nil, size: Int? = nil, fps: Double? = nil) {
        self.crop = crop; self.size = size; self.fps = fps
    }

    /// The ffmpeg filter chain: frame-rate first, so crop and scale run on kept frames only.
    var filterChain: String? {
        var filters: [String] = []
        if let fps { filters.append("fps=\(fps)") }
        if let crop { filters.append("crop=\(crop.width):\(crop.height):\(crop.x):\(crop.y)") }
        if let size { filters.append("scale=\(size):\(size):flags=area") }
        return filters.isEmpty ? nil : filters.joined(separator: ",")
    }
}

/// Decodes a video to RGB8 frames, one at a time, through an ffmpeg pipe.
///
/// Memory stays bounded by one frame in Being plus ffmpeg's own buffers, whatever the length.
///
///     let reader = try VideoFrameReader(path: "talk.mp4", options: .init(size: 512, fps: 25))
///     while let frame = try reader.next() { … }
public final class VideoFrameReader {
    public let path: String
    public let info: MediaInfo
    /// Size of every frame this reader returns.
    public let width: Int
    public let height: Int
    /// Frames returned so far.
    public private(set) var frameIndex = 0
    private let child: ChildProcess
    private var finished = false

    public init(path: String, options: VideoDecodeOptions = .init(), tools: FFmpegTools? = nil) throws {
        let tools = try tools ?? FFmpegTools.locate()
        let info = try MediaInfo.probe(path, tools: tools)
        guard let video = info.video else { throw MediaError.noVideoStream(path) }
        if let crop = options.crop {
            let inside = crop.x >= 0 && crop.y >= 0 && crop.width > 0 && crop.height > 0
                && crop.x + crop.width <= video.width && crop.y + crop.height <= video.height
            guard inside else {
                throw MediaError.invalidArgument(path, "crop box \(crop) does not fit the \(video.width)x\(video.height) picture")
            }
        }
        if let size = options.size, size <= 0 { throw MediaError.invalidArgument(path, "frame size must be positive") }
        self.path = path
        self.info = info
        width = options.size ?? options.crop?.width ?? video.width
        height = options.size ?? options.crop?.height ?? video.height
        var arguments = FFmpegTools.quietPrefix + ["-i", path, "-map", "0:v:0"]
        if let chain = options.filterChain { arguments += ["-vf", chain] }
        arguments += ["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"]
        child = try ChildProcess(executable: tools.ffmpeg, arguments: arguments)
        child.closeInput()
    }

    deinit {
        if !finished { child.terminate() }
    }

    /// The next frame, or `nil` at the end. Throws when ffmpeg fails, with its stderr tail.
    public func next() throws -> RGBImage? {
        if finished { return nil }
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let count = try pixels.withUnsafeMutableBytes { try child.readFully(into: $0) }
        if count == pixels.count {
            frameIndex += 1
            return RGBImage(width: width, height: height, pixels: pixels)
        }
        finished = true
        let status = child.wait()
        if status != 0 {
            throw MediaError.ffmpegFailed(path, tool: "ffmpeg", stderrTail: child.stderrLines())
        }
        if frameIndex == 0 { throw MediaError.notMedia(path, reason: "no frame could be decoded") }
        return nil
    }

    /// Stops decoding early and releases ffmpeg.
    public func close() {
        if !finished {
            finished = true
            child.terminate()
        }
    }
}
