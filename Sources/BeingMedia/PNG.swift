import BeingRuntime
import CZlib
import Foundation

/// PNG writing for previews, masks and contact sheets (8-bit RGB or grey, zlib-compressed).
public enum PNG {
    /// Encodes an RGB picture.
    public static func encode(_ image: RGBImage) throws -> Data {
        try encode(pixels: image.pixels, width: image.width, height: image.height, channels: 3)
    }

    /// Encodes a grey picture.
    public static func encode(_ image: GrayImage) throws -> Data {
        try encode(pixels: image.pixels, width: image.width, height: image.height, channels: 1)
    }

    public static func write(_ image: RGBImage, to path: String) throws {
        try AtomicFile.write(try encode(image), to: URL(fileURLWithPath: path))
    }

    public static func write(_ image: GrayImage, to path: String) throws {
        try AtomicFile.write(try encode(image), to: URL(fileURLWithPath: path))
    }

    /// Rows are written with the "Up" filter (each byte minus the one above), which suits masks and
    /// smooth renders, then deflated as one zlib stream.
    static func encode(pixels: [UInt8], width: Int, height: Int, channels: Int) throws -> Data {
        let rowBytes = width * channels
        var filtered = [UInt8](repeating: 0, count: (rowBytes + 1) * height)
        for y in 0..<height {
            let out = y * (rowBytes + 1)
            filtered[out] = y == 0 ? 0 : 2
            for i in 0..<rowBytes {
                let above = y == 0 ? 0 : pixels[(y - 1) * rowBytes + i]
                filtered[out + 1 + i] = pixels[y * rowBytes + i] &- above
            }
        }
        var compressedSize = compressBound(uLong(filtered.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedSize))
        let status = compress2(&compressed, &compressedSize, filtered, uLong(filtered.count), 6)
        guard status == Z_OK else { throw MediaError.badImage("png", "zlib compression failed (\(status))") }

        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header.append(contentsOf: [8, channels == 3 ? 2 : 0, 0, 0, 0])  // depth, colour type, compression, filter, interlace
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", Data(compressed[0..<Int(compressedSize)]))
        png.appendChunk("IEND", Data())
        return png
    }
}

private extension Data {
    mutating func appendBigEndian(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    mutating func appendChunk(_ type: String, _ body: Data) {
        appendBigEndian(UInt32(body.count))
        let typed = Data(type.utf8) + body
        append(typed)
        let crc = typed.withUnsafeBytes { crc32(0, $0.bindMemory(to: UInt8.self).baseAddress, uInt($0.count)) }
        appendBigEndian(UInt32(crc))
    }
}
