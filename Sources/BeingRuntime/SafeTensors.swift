import Foundation

/// The safetensors file format, for Float32 tensors: an 8-byte little-endian header length N, N bytes
/// of JSON `{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}`,
/// then the raw little-endian data, offsets relative to the end of the header.
public struct SafeTensors: Sendable, Equatable {
    public struct Tensor: Sendable, Equatable {
        public var shape: [Int]
        public var values: [Float]

        public init(shape: [Int], values: [Float]) {
            precondition(shape.reduce(1, *) == values.count, "SafeTensors: shape \(shape) does not hold \(values.count) values")
            self.shape = shape; self.values = values
        }
    }

    public var tensors: [String: Tensor]
    /// Free-form string pairs stored under `__metadata__`.
    public var metadata: [String: String]

    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors; self.metadata = metadata
    }

    /// The tensor `name`, checked to have `shape`; a clear error naming the file otherwise.
    public func tensor(_ name: String, shape: [Int], in file: String) throws -> [Float] {
        guard let tensor = tensors[name] else { throw SafeTensorsError(file, "has no tensor \"\(name)\"") }
        guard tensor.shape == shape else {
            throw SafeTensorsError(file, "tensor \"\(name)\" has shape \(tensor.shape), expected \(shape)")
        }
        return tensor.values
    }

    /// The file's bytes; tensors in name order, so equal contents give equal bytes.
    public func encoded() throws -> Data {
        var header: [String: Any] = [:]
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let tensor = tensors[name]!
            let bytes = tensor.values.count * 4
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }  // pad with spaces so the data is aligned
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for name in names {
            tensors[name]!.values.withUnsafeBufferPointer { buffer in
                for value in buffer { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            }
        }
        return data
    }

    /// Writes atomically: a reader never sees half a file.
    public func write(to url: URL) throws {
        try AtomicFile.write(try encoded(), to: url)
    }

    /// Parses and validates `data` (read from `file`, named in errors).
    public init(data: Data, file: String) throws {
        guard data.count >= 8 else { throw SafeTensorsError(file, "is shorter than a safetensors header") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else { throw SafeTensorsError(file, "header length \(headerLength) runs past the end") }
        let start = 8 + Int(headerLength)
        guard let header = try? JSONSerialization.jsonObject(with: data.subdata(in: 8..<start)) as? [String: Any] else {
            throw SafeTensorsError(file, "header is not a JSON object")
        }
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, entry) in header {
            if name == "__metadata__" {
                metadata = entry as? [String: String] ?? [:]
                continue
            }
            guard let entry = entry as? [String: Any], entry["dtype"] as? String == "F32",
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
            else { throw SafeTensorsError(file, "tensor \"\(name)\" is not a well-formed F32 entry") }
            let count = shape.reduce(1, *)
            let begin = start + offsets[0], end = start + offsets[1]
            guard offsets[0] >= 0, end - begin == count * 4, end <= data.count else {
                throw SafeTensorsError(file, "tensor \"\(name)\" data [\(offsets[0]), \(offsets[1])) does not fit shape \(shape) or the file")
            }
            var values = [Float](repeating: 0, count: count)
            values.withUnsafeMutableBytes { target in
                data.copyBytes(to: target.bindMemory(to: UInt8.self), from: begin..<end)
            }
            for i in values.indices { values[i] = Float(bitPattern: UInt32(littleEndian: values[i].bitPattern)) }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        self.init(tensors: tensors, metadata: metadata)
    }

    public static func read(_ url: URL) throws -> SafeTensors {
        guard let data = try? Data(contentsOf: url) else { throw SafeTensorsError(url.path, "cannot be read") }
        return try SafeTensors(data: data, file: url.path)
    }
}

/// A safetensors file that is missing, damaged or not what the reader expected.
public struct SafeTensorsError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let problem: String

    public init(_ file: String, _ problem: String) { self.file = file; self.problem = problem }

    public var description: String { "\(file): \(problem)" }
}
