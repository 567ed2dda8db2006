import Foundation
import NIOCore

/// The streaming protocol's messages (docs/protocol.md): JSON text both ways, and binary frames
/// from the server with a fixed 16-byte little-endian header.
public enum StreamProtocol {
    public static let version = 1
    public static let fps = 25
    public static let sampleRate = 16_000
    public static let samplesPerFrame = sampleRate / fps
    public static let headerBytes = 16

    /// The kind of a binary server message, its first header byte.
    public enum Payload: UInt8, Sendable {
        case jpeg = 1
        /// The 640 samples (s16le) a frame's speech plays, echoed so a client can play them in step.
        case audio = 2
    }

    /// A binary message's header: type u8, flags u8 (0), reserved u16, frame index u32,
    /// presentation time u32 (ms on the audio clock, index · 40), payload length u32.
    public struct Header: Sendable, Equatable {
        public var payload: Payload
        public var frame: UInt32
        public var ptsMilliseconds: UInt32
        public var length: UInt32

        public init(payload: Payload, frame: Int, length: Int) {
            self.payload = payload
            self.frame = UInt32(truncatingIfNeeded: frame)
            ptsMilliseconds = UInt32(truncatingIfNeeded: frame * 1000 / StreamProtocol.fps)
            self.length = UInt32(length)
        }

        /// Reads the header at the front of `buffer`; nil when it is not one.
        public init?(_ bytes: some Collection<UInt8>) {
            let b = Array(bytes.prefix(StreamProtocol.headerBytes))
            guard b.count == StreamProtocol.headerBytes, let payload = Payload(rawValue: b[0]) else { return nil }
            func u32(_ i: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[i + $1]) << (8 * $1) } }
            self.payload = payload
            frame = u32(4); ptsMilliseconds = u32(8); length = u32(12)
        }

        func write(to buffer: inout ByteBuffer) {
            buffer.writeInteger(payload.rawValue)
            buffer.writeInteger(UInt8(0))
            buffer.writeInteger(UInt16(0), endianness: .little)
            for value in [frame, ptsMilliseconds, length] { buffer.writeInteger(value, endianness: .little) }
        }
    }

    /// A binary server message: header then payload.
    static func binary(_ payload: Payload, frame: Int, bytes: some Collection<UInt8>) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(headerBytes + bytes.count)
        Header(payload: payload, frame: frame, length: bytes.count).write(to: &buffer)
        buffer.writeBytes(bytes)
        return buffer
    }

    /// The echoed speech of a frame as s16le.
    static func pcm(_ samples: [Float]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: samples.count * 2)
        for (i, x) in samples.enumerated() {
            let v = UInt16(bitPattern: Int16(max(-32768, min(32767, (x * 32768).rounded()))))
            out[2 * i] = UInt8(v & 0xff); out[2 * i + 1] = UInt8(v >> 8)
        }
        return out
    }

    /// s16le bytes as samples in [-1, 1]; the count must be even.
    static func samples(fromPCM bytes: ByteBuffer) -> [Float] {
        var out = [Float](repeating: 0, count: bytes.readableBytes / 2)
        bytes.withUnsafeReadableBytes { raw in
            for i in 0..<out.count {
                let v = Int16(bitPattern: UInt16(raw[2 * i]) | UInt16(raw[2 * i + 1]) << 8)
                out[i] = Float(v) / 32768
            }
        }
        return out
    }

    /// A control message from the client.
    public enum Control: String, Sendable {
        case start, end, interrupt
    }

    /// Parses a client text message; the error says what was wrong.
    static func control(_ text: String) -> Result<Control, StreamError> {
        guard text.utf8.count <= 4096,
              let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            return .failure(StreamError("bad_message", "text messages must be JSON objects such as {\"type\":\"start\"}"))
        }
        guard let type = object["type"] as? String, let control = Control(rawValue: type) else {
            return .failure(StreamError("unknown_type", "`type` must be one of start, end, interrupt"))
        }
        return .success(control)
    }

    /// A JSON event text.
    static func event(_ type: String, _ fields: [String: Any] = [:]) -> String {
        var object = fields
        object["type"] = type
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// An error event's code and message, sent as {"type":"error","code":...,"message":...}.
public struct StreamError: Error, Sendable, Equatable {
    public let code: String
    public let message: String
    init(_ code: String, _ message: String) { self.code = code; self.message = message }

    var event: String { StreamProtocol.event("error", ["code": code, "message": message]) }
}
