import BeingRuntime
import Foundation

/// The speech-feature file (`.spf`): a small JSON header, then the values as raw Float32.
///
///     bytes 0..<8      "BEINGSPF"
///     bytes 8..<12     H, the header length, UInt32 little-endian
///     bytes 12..<12+H  UTF-8 JSON: {"format":1,"kind":"phonemes","rate":50,"dimensions":191,"steps":T}
///     then             T·D Float32 little-endian, row-major [T, D]
///
/// The header states T, so a short file is detected and named in the error.
extension SpeechFeatures {
    static let fileMagic = Array("BEINGSPF".utf8)
    static let fileFormat = 1

    private struct FileHeader: Codable {
        var format: Int
        var kind: Kind
        var rate: Int
        var dimensions: Int
        var steps: Int
    }

    /// The file's bytes.
    public func encoded() throws -> Data {
        let header = FileHeader(format: Self.fileFormat, kind: kind, rate: rate, dimensions: dimensions, steps: steps)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(header)
        var data = Data(capacity: 12 + json.count + values.count * 4)
        data.append(contentsOf: Self.fileMagic)
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        var littleEndian = values.map { $0.bitPattern.littleEndian }
        littleEndian.withUnsafeMutableBytes { data.append(contentsOf: $0) }
        return data
    }

    /// Writes the features atomically to `path`.
    public func save(to path: String) throws {
        try AtomicFile.write(try encoded(), to: URL(fileURLWithPath: path))
    }

    /// Reads a file written by `save(to:)`; a short, long or foreign file is an error naming `path`.
    public static func load(from path: String) throws -> SpeechFeatures {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AudioError.badFeatureFile(path, "no such file")
        }
        return try decode(try Data(contentsOf: URL(fileURLWithPath: path)), path: path)
    }

    static func decode(_ data: Data, path: String) throws -> SpeechFeatures {
        let bytes = [UInt8](data)
        guard bytes.count >= 12 else {
            if bytes.count >= 8 && Array(bytes[0..<8]) == fileMagic {
                throw AudioError.truncatedFeatureFile(path, expectedBytes: 12, actualBytes: bytes.count)
            }
            throw AudioError.badFeatureFile(path, "\(bytes.count) bytes, too short for a header")
        }
        guard Array(bytes[0..<8]) == fileMagic else { throw AudioError.badFeatureFile(path, "no BEINGSPF signature") }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard bytes.count >= 12 + headerLength else {
            throw AudioError.truncatedFeatureFile(path, expectedBytes: 12 + headerLength, actualBytes: bytes.count)
        }
        let header: FileHeader
        do {
            header = try JSONDecoder().decode(FileHeader.self, from: Data(bytes[12..<12 + headerLength]))
        } catch {
            throw AudioError.badFeatureFile(path, "unreadable header: \(error)")
        }
        guard header.format == fileFormat else {
            throw AudioError.badFeatureFile(path, "format \(header.format), this build reads format \(fileFormat)")
        }
        guard header.dimensions > 0, header.steps >= 0, header.rate > 0 else {
            throw AudioError.badFeatureFile(path, "header has \(header.steps) steps of \(header.dimensions) at \(header.rate)/s")
        }
        let start = 12 + headerLength
        let expected = start + header.steps * header.dimensions * 4
        guard bytes.count >= expected else {
            throw AudioError.truncatedFeatureFile(path, expectedBytes: expected, actualBytes: bytes.count)
        }
        guard bytes.count == expected else {
            throw AudioError.badFeatureFile(path, "\(bytes.count - expected) bytes after the last step")
        }
        let values = (0..<(header.steps * header.dimensions)).map { index -> Float in
            let at = start + index * 4
            let bits = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            return Float(bitPattern: bits)
        }
        return SpeechFeatures(kind: header.kind, rate: header.rate, dimensions: header.dimensions, values: values)
    }
}
