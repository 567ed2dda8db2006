/// Simple drawing for previews, contact sheets and plots: no anti-aliasing, clipped to the picture.
extension RGBImage {
    public typealias Colour = (UInt8, UInt8, UInt8)

    /// Mixes `colour` into pixel (x, y) with weight `alpha`; outside the picture nothing happens.
    public mutating func blend(x: Int, y: Int, _ colour: Colour, alpha: Double = 1) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = (y * width + x) * 3
        let a = max(0, min(1, alpha))
        pixels[i] = UInt8((1 - a) * Double(pixels[i]) + a * Double(colour.0))
        pixels[i + 1] = UInt8((1 - a) * Double(pixels[i + 1]) + a * Double(colour.1))
        pixels[i + 2] = UInt8((1 - a) * Double(pixels[i + 2]) + a * Double(colour.2))
    }

    /// A filled square of side 2·radius+1 centred on (x, y).
    public mutating func dot(x: Double, y: Double, radius: Int = 1, _ colour: Colour) {
        let cx = Int(x.rounded(.down)), cy = Int(y.rounded(.down))
        for dy in -radius...radius { for dx in -radius...radius { blend(x: cx + dx, y: cy + dy, colour) } }
    }

    /// A straight line, sampled every half pixel.
    public mutating func line(from a: SIMD2<Double>, to b: SIMD2<Double>, _ colour: Colour, thickness: Int = 1) {
        let d = b - a
        let steps = max(1, Int((max(abs(d.x), abs(d.y)) * 2).rounded(.up)))
        guard steps < 100_000 else { return }  // a wild point; skip rather than stall
        for k in 0...steps {
            let p = a + d * (Double(k) / Double(steps))
            dot(x: p.x, y: p.y, radius: thickness / 2, colour)
        }
    }

    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ colour: Colour, alpha: Double = 1) {
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) { blend(x: xx, y: yy, colour, alpha: alpha) }
        }
    }

    /// Copies `image` with its top-left corner at (x, y).
    public mutating func paste(_ image: RGBImage, x: Int, y: Int) {
        for yy in 0..<image.height where y + yy >= 0 && y + yy < height {
            for xx in 0..<image.width where x + xx >= 0 && x + xx < width {
                let source = (yy * image.width + xx) * 3, target = ((y + yy) * width + x + xx) * 3
                pixels[target] = image.pixels[source]
                pixels[target + 1] = image.pixels[source + 1]
                pixels[target + 2] = image.pixels[source + 2]
            }
        }
    }

    /// Shrinks by an integer factor, averaging each factor × factor block.
    public func downsampled(by factor: Int) -> RGBImage {
        guard factor > 1 else { return self }
        let w = width / factor, h = height / factor
        var out = RGBImage(width: w, height: h)
        for y in 0..<h {
            for x in 0..<w {
                for c in 0..<3 {
                    var sum = 0
                    for dy in 0..<factor { for dx in 0..<factor { sum += Int(pixels[((y * factor + dy) * width + x * factor + dx) * 3 + c]) } }
                    out.pixels[(y * w + x) * 3 + c] = UInt8(sum / (factor * factor))
                }
            }
        }
        return out
    }
}
