import CZlib
import Foundation

extension PNG {
    /// Decodes an 8-bit, non-interlaced grey (colour type 0) or RGB (type 2) PNG, any filter.
    /// Returns the pixels, the size and the channel count (1 or 3).
    public static func decode(_ data: Data, source: String = "png") throws -> (pixels: [UInt8], width: Int, height: Int, channels: Int) {
        let bytes = [UInt8](data)
        guard bytes.count > 33, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw MediaError.badImage(source, "not a PNG file")
        }
        func u32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        var width = 0, height = 0, channels = 0
        var deflated: [UInt8] = []
        var offset = 8
        while offset + 12 <= bytes.count {
            let length = u32(offset)
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let body = offset + 8
            guard body + length + 4 <= bytes.count else { throw MediaError.badImage(source, "truncated PNG chunk \(type)") }
            switch type {
            case "IHDR":
                width = u32(body); height = u32(body + 4)
                let depth = bytes[body + 8], colour = bytes[body + 9], interlace = bytes[body + 12]
                guard depth == 8, colour == 0 || colour == 2, interlace == 0 else {
                    throw MediaError.badImage(source, "only 8-bit grey or RGB non-interlaced PNGs are read")
                }
                channels = colour == 0 ? 1 : 3
            case "IDAT":
                deflated.append(contentsOf: bytes[body..<body + length])
            default:
                break
            }
            offset = body + length + 4
        }
        guard width > 0, height > 0, channels > 0 else { throw MediaError.badImage(source, "PNG without a header") }
        let rowBytes = width * channels
        var filtered = [UInt8](repeating: 0, count: (rowBytes + 1) * height)
        var size = uLong(filtered.count)
        let status = uncompress(&filtered, &size, deflated, uLong(deflated.count))
        guard status == Z_OK, Int(size) == filtered.count else { throw MediaError.badImage(source, "PNG image data is damaged") }
        return (try unfilter(filtered, rowBytes: rowBytes, height: height, bytesPerPixel: channels, source: source), width, height, channels)
    }

    /// Reads a grey PNG (an RGB one is reduced to its first channel).
    public static func readGray(_ path: String) throws -> GrayImage {
        try checkInputFile(path)
        let decoded = try decode(try Data(contentsOf: URL(fileURLWithPath: path)), source: path)
        if decoded.channels == 1 { return GrayImage(width: decoded.width, height: decoded.height, pixels: decoded.pixels) }
        return GrayImage(width: decoded.width, height: decoded.height,
                         pixels: stride(from: 0, to: decoded.pixels.count, by: 3).map { decoded.pixels[$0] })
    }

    /// Undoes the five PNG row filters (None, Sub, Up, Average, Paeth).
    static func unfilter(_ data: [UInt8], rowBytes: Int, height: Int, bytesPerPixel bpp: Int, source: String) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: rowBytes * height)
        for y in 0..<height {
            let filter = data[y * (rowBytes + 1)]
            let input = y * (rowBytes + 1) + 1
            let row = y * rowBytes
            for i in 0..<rowBytes {
                let raw = data[input + i]
                let left = i >= bpp ? Int(out[row + i - bpp]) : 0
                let up = y > 0 ? Int(out[row - rowBytes + i]) : 0
                let upLeft = (y > 0 && i >= bpp) ? Int(out[row - rowBytes + i - bpp]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = left
                case 2: predictor = up
                case 3: predictor = (left + up) / 2
                case 4:
                    let p = left + up - upLeft
                    let pa = abs(p - left), pb = abs(p - up), pc = abs(p - upLeft)
                    predictor = (pa <= pb && pa <= pc) ? left : (pb <= pc ? up : upLeft)
                default: throw MediaError.badImage(source, "unknown PNG filter \(filter)")
                }
                out[row + i] = raw &+ UInt8(truncatingIfNeeded: predictor)
            }
        }
        return out
    }
}
