import BeingAudio
import BeingDataset
import BeingFace
import BeingMedia
import Foundation

/// A picture of a dataset for a person to check: eight frames with their masks and landmarks
/// drawn, over three plots sharing one time axis: mouth aperture, eye openness (right, left), and
/// the audio's energy. Test-split frames are framed in orange.
public enum ContactSheet {
    static let tile = 256
    static let columns = 4
    static let plotHeight = 90

    static let maskColours: [(MaskBits, RGBImage.Colour)] = [
        (.face, (0, 200, 0)), (.lips, (230, 40, 40)), (.mouthInterior, (40, 80, 240)), (.teeth, (250, 240, 60)), (.eyes, (220, 0, 220)),
    ]

    public static func render(_ dataset: Dataset) throws -> RGBImage {
        let manifest = dataset.manifest
        let record = try TrackingRecord.load(from: dataset.layout.tracking)
        let count = manifest.frameCount
        let picks = (0..<8).map { min(count - 1, $0 * count / 8 + count / 16) }
        let rows = (picks.count + columns - 1) / columns
        let width = columns * tile
        var sheet = RGBImage(width: width, height: rows * tile + 3 * (plotHeight + 10) + 10, fill: (24, 24, 28))
        let factor = manifest.size / tile
        for (k, t) in picks.enumerated() {
            var frame = try dataset.frame(t)
            let mask = try dataset.mask(t)
            for i in 0..<mask.pixels.count {
                let bits = MaskBits(rawValue: mask.pixels[i])
                for (bit, colour) in maskColours.reversed() where bits.contains(bit) {
                    frame.blend(x: i % mask.width, y: i / mask.width, colour, alpha: 0.35)
                    break
                }
            }
            for p in record.meshes[t] { frame.dot(x: p.x, y: p.y, radius: 0, (255, 255, 255)) }
            var small = frame.downsampled(by: factor)
            if manifest.split.test.contains(t) {
                let w = small.width, h = small.height, orange: RGBImage.Colour = (255, 150, 0)
                small.fill(x: 0, y: 0, width: w, height: 3, orange); small.fill(x: 0, y: h - 3, width: w, height: 3, orange)
                small.fill(x: 0, y: 0, width: 3, height: h, orange); small.fill(x: w - 3, y: 0, width: 3, height: h, orange)
            }
            sheet.paste(small, x: (k % columns) * tile, y: (k / columns) * tile)
        }
        var y = rows * tile + 10
        let aperture = record.frames.map(\.expression.mouthAperture)
        plot([aperture], colours: [(240, 90, 90)], on: &sheet, top: y, split: manifest.split, count: count)
        y += plotHeight + 10
        plot([record.frames.map(\.expression.eyeOpennessRight), record.frames.map(\.expression.eyeOpennessLeft)],
             colours: [(90, 200, 250), (250, 200, 90)], on: &sheet, top: y, split: manifest.split, count: count)
        y += plotHeight + 10
        plot([audioEnergy(try dataset.audio(), frames: count)], colours: [(180, 180, 180)], on: &sheet, top: y, split: manifest.split, count: count)
        return sheet
    }

    /// RMS of the audio over each video frame.
    static func audioEnergy(_ audio: AudioSamples, frames: Int) -> [Double] {
        let per = audio.sampleRate / 25
        return (0..<frames).map { t in
            let slice = audio.samples[min(audio.samples.count, t * per)..<min(audio.samples.count, (t + 1) * per)]
            return slice.isEmpty ? 0 : (slice.reduce(0.0) { $0 + Double($1 * $1) } / Double(slice.count)).squareRoot()
        }
    }

    /// Series drawn as lines across the sheet's width, each scaled to the band; the test split shaded.
    static func plot(_ series: [[Double]], colours: [RGBImage.Colour], on sheet: inout RGBImage, top: Int, split: TrainTestSplit, count: Int) {
        let width = sheet.width
        sheet.fill(x: 0, y: top, width: width, height: plotHeight, (40, 40, 46))
        let testStart = Int(Double(split.trainFrames) / Double(max(count, 1)) * Double(width))
        sheet.fill(x: testStart, y: top, width: width - testStart, height: plotHeight, (255, 150, 0), alpha: 0.12)
        let all = series.flatMap { $0 }.filter(\.isFinite)
        guard let low = all.min(), let high = all.max(), high > low else { return }
        for (values, colour) in zip(series, colours) where values.count > 1 {
            func point(_ t: Int) -> SIMD2<Double> {
                SIMD2(Double(t) / Double(values.count - 1) * Double(width - 1),
                      Double(top + plotHeight - 4) - (values[t] - low) / (high - low) * Double(plotHeight - 8))
            }
            for t in 1..<values.count { sheet.line(from: point(t - 1), to: point(t), colour) }
        }
    }
}
