import BeingMedia
import BeingRuntime
import Foundation

/// Writes `being eval --report DIR`: report.md, compare.mp4, aperture.png, worst.png, real.mp4 and
/// rendered.mp4 (the split's real and rendered frames, frame-aligned, same size, with its audio).
public enum ReportWriter {
    public static func write(_ report: EvaluationReport, real: SplitFrames, rendered: [RGBImage], renderedName: String,
                             to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let audio = AudioTrack.samples(real.audio)
        try encode(real.frames, audio: audio, to: folder + "/real.mp4")
        try encode(rendered, audio: audio, to: folder + "/rendered.mp4")
        try encode(zip(real.frames, rendered).map { sideBySide([$0, $1, difference($0, $1)]) }, audio: audio, to: folder + "/compare.mp4")
        try PNG.write(aperturePlot(report, highlight: renderedName), to: folder + "/aperture.png")
        if let scores = report.candidates.first(where: { $0.name == renderedName }) {
            let worst = scores.frames.indices.sorted { scores.frames[$0].psnrFace < scores.frames[$1].psnrFace }.prefix(5)
            let rows = worst.map { sideBySide([real.frames[$0], rendered[$0], difference(real.frames[$0], rendered[$0])]).downsampled(by: 2) }
            try PNG.write(stacked(rows), to: folder + "/worst.png")
        }
        try AtomicFile.write(Data(markdown(report, split: real).utf8), to: URL(fileURLWithPath: folder + "/report.md"))
    }

    static func encode(_ frames: [RGBImage], audio: AudioTrack, to path: String) throws {
        let encoder = try VideoEncoder(outputPath: path, width: frames[0].width, height: frames[0].height, fps: 25, audio: audio)
        for frame in frames { try encoder.append(frame) }
        try encoder.finish()
    }

    /// |a − b| × 4, so small errors show.
    static func difference(_ a: RGBImage, _ b: RGBImage) -> RGBImage {
        RGBImage(width: a.width, height: a.height, pixels: zip(a.pixels, b.pixels).map { UInt8(min(255, 4 * abs(Int($0) - Int($1)))) })
    }

    static func sideBySide(_ images: [RGBImage]) -> RGBImage {
        var out = RGBImage(width: images.reduce(0) { $0 + $1.width }, height: images.map(\.height).max() ?? 0)
        var x = 0
        for image in images { out.paste(image, x: x, y: 0); x += image.width }
        return out
    }

    static func stacked(_ images: [RGBImage]) -> RGBImage {
        var out = RGBImage(width: images.map(\.width).max() ?? 0, height: images.reduce(0) { $0 + $1.height })
        var y = 0
        for image in images { out.paste(image, x: 0, y: y); y += image.height }
        return out
    }

    /// The real aperture (white) and each candidate's, over time.
    static func aperturePlot(_ report: EvaluationReport, highlight: String) -> RGBImage {
        let width = 1024, height = 256
        var plot = RGBImage(width: width, height: height, fill: (24, 24, 28))
        let series = [report.realAperture] + report.candidates.map(\.aperture)
        let all = series.flatMap { $0 }
        guard let low = all.min(), let high = all.max(), high > low else { return plot }
        let colours: [RGBImage.Colour] = [(240, 240, 240), (240, 90, 90), (90, 160, 250), (250, 200, 90)]
        for (k, values) in series.enumerated() where values.count > 1 {
            let colour = k == 0 ? colours[0] : (report.candidates[k - 1].name == highlight ? colours[1] : colours[min(k, 3)])
            func point(_ t: Int) -> SIMD2<Double> {
                SIMD2(Double(t) / Double(values.count - 1) * Double(width - 1), Double(height - 8) - (values[t] - low) / (high - low) * Double(height - 16))
            }
            for t in 1..<values.count { plot.line(from: point(t - 1), to: point(t), colour, thickness: k == 0 ? 2 : 1) }
        }
        return plot
    }

    public static func markdown(_ report: EvaluationReport, split: SplitFrames) -> String {
        func number(_ value: Double?, _ format: String) -> String {
            guard let value else { return "n/a" }
            return value.isInfinite ? "∞" : String(format: format, value)
        }
        var lines = [
            "# Evaluation: \(split.name) split, frames \(split.range.lowerBound)–\(split.range.upperBound - 1) (\(report.frames) frames)",
            "",
            "Self-driven: the split's own speech and poses in, compared with its real frames. Face metrics use the real frame's",
            "face box. LMD: 20 mouth points (12 outer, 8 inner), each set centred, pixels at 512². Lag: frames by which the",
            "candidate's mouth follows the real one (positive: late). Real blinks: \(report.realBlinks).",
            "",
            "| candidate | PSNR | PSNR face | SSIM | SSIM face | LMD lips px | LMD mesh px | aperture r | lag | blinks |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for c in report.candidates {
            lines.append("| \(c.name) | \(number(c.psnr, "%.2f")) | \(number(c.psnrFace, "%.2f")) | \(number(c.ssim, "%.4f")) | "
                         + "\(number(c.ssimFace, "%.4f")) | \(number(c.lipDistance, "%.2f")) | \(number(c.meshDistance, "%.2f")) | "
                         + "\(number(c.apertureCorrelation, "%.3f")) | \(c.lag.map(String.init) ?? "n/a") | \(c.blinks) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
