import BeingRuntime
import Foundation

/// RIFF/WAVE files: 16-bit PCM and 32-bit float, any channel count, read and written in Swift.
public enum WAVFile {
    public enum SampleFormat: Sendable {
        case pcm16
        case float32
    }

    /// Interleaved samples as read from a file.
    public struct Contents: Sendable, Equatable {
        public var sampleRate: Int
        public var channels: Int
        /// [frames, channels], interleaved, in [-1, 1]
        public var interleaved: [Float]

        /// The channels averaged into one.
        public var mono: AudioSamples {
            if channels == 1 { return AudioSamples(sampleRate: sampleRate, samples: interleaved) }
            let frames = interleaved.count / channels
            var mixed = [Float](repeating: 0, count: frames)
            for frame in 0..<frames {
                var sum: Float = 0
                for channel in 0..<channels { sum += interleaved[frame * channels + channel] }
                mixed[frame] = sum / Float(channels)
            }
            return AudioSamples(sampleRate: sampleRate, samples: mixed)
        }
    }

    /// Reads a WAV file. Formats other than 16-bit PCM and 32-bit float are a clear error.
    public static func read(_ path: String) throws -> Contents {
        guard FileManager.default.fileExists(atPath: path) else { throw MediaError.fileNotFound(path) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try parse(data, path: path)
    }

    static func parse(_ data: Data, path: String) throws -> Contents {
        if data.isEmpty { throw MediaError.emptyFile(path) }
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func tag(_ at: Int) -> String { String(decoding: bytes[at..<at + 4], as: UTF8.self) }
        guard bytes.count >= 12, tag(0) == "RIFF", tag(8) == "WAVE" else {
            throw MediaError.badWAV(path, "no RIFF/WAVE header")
        }
        var format: (code: Int, channels: Int, rate: Int, bits: Int)?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = tag(offset)
            let size = u32(offset + 4)
            let body = offset + 8
            if id == "fmt " {
                guard size >= 16, body + 16 <= bytes.count else { throw MediaError.badWAV(path, "short fmt chunk") }
                var code = u16(body)
                if code == 0xFFFE, size >= 26 { code = u16(body + 24) }  // WAVE_FORMAT_EXTENSIBLE: sub-format GUID
                format = (code, u16(body + 2), u32(body + 4), u16(body + 14))
            } else if id == "data" {
                guard let format else { throw MediaError.badWAV(path, "data before fmt") }
                let end = min(bytes.count, body + size)
                return try decode(bytes[body..<end], format: format, path: path)
            }
            offset = body + size + (size & 1)
        }
        throw MediaError.badWAV(path, "no data chunk")
    }

    private static func decode(_ body: ArraySlice<UInt8>, format: (code: Int, channels: Int, rate: Int, bits: Int), path: String) throws -> Contents {
        guard format.channels > 0, format.rate > 0 else { throw MediaError.badWAV(path, "zero channels or sample rate") }
        var samples: [Float]
        switch (format.code, format.bits) {
        case (1, 16):
            samples = stride(from: body.startIndex, to: body.endIndex - 1, by: 2).map {
                Float(Int16(bitPattern: UInt16(body[$0]) | UInt16(body[$0 + 1]) << 8)) / 32768
            }
        case (3, 32):
            samples = stride(from: body.startIndex, to: body.endIndex - 3, by: 4).map {
                Float(bitPattern: UInt32(body[$0]) | UInt32(body[$0 + 1]) << 8 | UInt32(body[$0 + 2]) << 16 | UInt32(body[$0 + 3]) << 24)
            }
        default:
            throw MediaError.badWAV(path, "format \(format.code) with \(format.bits) bits; only 16-bit PCM and 32-bit float are read (convert with ffmpeg)")
        }
        samples.removeLast(samples.count % format.channels)
        return Contents(sampleRate: format.rate, channels: format.channels, interleaved: samples)
    }

    /// Writes mono samples atomically.
    public static func write(_ audio: AudioSamples, to path: String, format: SampleFormat = .pcm16) throws {
        try write(interleaved: audio.samples, channels: 1, sampleRate: audio.sampleRate, to: path, format: format)
    }

    /// Writes interleaved samples atomically. PCM uses the scale reading uses (x · 32768), clipped to Int16.
    public static func write(interleaved: [Float], channels: Int, sampleRate: Int, to path: String, format: SampleFormat) throws {
        let bytesPerSample = format == .pcm16 ? 2 : 4
        let dataSize = interleaved.count * bytesPerSample
        var out = Data(capacity: 44 + dataSize)
        func append32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        func append16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { out.append(contentsOf: $0) } }
        out.append(contentsOf: Array("RIFF".utf8)); append32(36 + dataSize); out.append(contentsOf: Array("WAVE".utf8))
        out.append(contentsOf: Array("fmt ".utf8)); append32(16)
        append16(format == .pcm16 ? 1 : 3); append16(channels); append32(sampleRate)
        append32(sampleRate * channels * bytesPerSample); append16(channels * bytesPerSample); append16(bytesPerSample * 8)
        out.append(contentsOf: Array("data".utf8)); append32(dataSize)
        switch format {
        case .pcm16:
            for sample in interleaved {
                let value = Int16(max(-32768, min(32767, (sample * 32768).rounded())))
                append16(Int(UInt16(bitPattern: value)))
            }
        case .float32:
            for sample in interleaved { append32(Int(sample.bitPattern)) }
        }
        try AtomicFile.write(out, to: URL(fileURLWithPath: path))
    }
}
