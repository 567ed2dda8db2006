import BeingMedia

/// Chooses the one square cut, constant over the whole video, that `being prepare` resizes to
/// 512²: centred on the face's median position, `margin` times its median size so head and
/// shoulders fit, grown to hold every frame's face box, then kept inside the picture.
public enum SquareCrop {
    /// Face size × this = the side of the crop.
    public static let margin = 2.6

    /// - Parameters:
    ///   - boxes: face boxes seen over the video, [x0, y0, x1, y1] in source pixels.
    ///   - width, height: the source picture.
    /// - Returns: nil when there are no boxes.
    public static func choose(boxes: [[Double]], width: Int, height: Int) -> CropBox? {
        guard !boxes.isEmpty else { return nil }
        let centresX = boxes.map { ($0[0] + $0[2]) / 2 }, centresY = boxes.map { ($0[1] + $0[3]) / 2 }
        let sizes = boxes.map { max($0[2] - $0[0], $0[3] - $0[1]) }
        let cx = median(centresX), cy = median(centresY)
        var side = margin * median(sizes)
        // Every face box, with a little room, stays inside the square.
        for box in boxes {
            let reach = max(abs(box[0] - cx), abs(box[2] - cx), abs(box[1] - cy), abs(box[3] - cy))
            side = max(side, 2 * reach * 1.1)
        }
        let limit = Double(min(width, height))
        let size = Int(min(side, limit).rounded(.down))
        // Slide the square back inside the picture rather than shrink it.
        let x = Int((cx - Double(size) / 2).rounded()).clamped(to: 0...(width - size))
        let y = Int((cy - Double(size) / 2).rounded()).clamped(to: 0...(height - size))
        return CropBox(x: x, y: y, width: size, height: size)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
