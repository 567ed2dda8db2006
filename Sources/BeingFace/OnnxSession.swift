import BeingRuntime
import Foundation

/// A float tensor: its shape and its values in row-major order.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Float]

    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "Tensor: shape \(shape) for \(values.count) values")
        self.shape = shape
        self.values = values
    }
}

/// ONNX Runtime loaded from `BEING_HOME/lib`, with one `OrtEnv` for the process's sessions.
public final class OnnxEnvironment: @unchecked Sendable {
    let api: OrtAPI
    let library: NativeLibrary
    private let env: OpaquePointer
    let memoryInfo: OpaquePointer

    /// ONNX Runtime's version string, such as "1.32.0".
    public var version: String { api.version }

    public init(home: BeingHome) throws {
        let path = home.file(RuntimeFile.onnxRuntime.relativePath).path
        library = try NativeLibrary(name: "ONNX Runtime", candidates: [path],
                                    fix: "run `make setup` to install it into \(home.url.path)")
        api = try OrtAPI(library: library)
        var env: OpaquePointer?
        try api.check(api.createEnv(3 /* ORT_LOGGING_LEVEL_ERROR */, "being", &env), "creating the ONNX Runtime environment")
        var info: OpaquePointer?
        // OrtArenaAllocator = 1, OrtMemTypeDefault = 0
        if let status = api.createCpuMemoryInfo(1, 0, &info) {
            api.releaseEnv(env)
            try api.check(status, "describing CPU memory")
        }
        self.env = env!
        memoryInfo = info!
    }

    deinit {
        api.releaseMemoryInfo(memoryInfo)
        api.releaseEnv(env)
    }

    /// Opens a model; `threads` is the intra-op thread count (ORT's own pool, per session). With
    /// `spinning` off, idle pool threads sleep instead of busy-waiting for the next run, which leaves the
    /// cores to the decoder and the other models between runs.
    public func session(model: URL, threads: Int = 2, spinning: Bool = false) throws -> OnnxSession {
        guard FileManager.default.fileExists(atPath: model.path) else {
            throw FaceError.modelMissing(model.path)
        }
        return try OnnxSession(environment: self, env: env, model: model, threads: threads, spinning: spinning)
    }
}

/// One loaded model. Not thread-safe: use one session per thread.
public final class OnnxSession {
    public let model: URL
    public let inputNames: [String]
    public let outputNames: [String]
    private let environment: OnnxEnvironment
    private let session: OpaquePointer
    /// The names as C strings for `Run`, made once; freed in `deinit`.
    private let cInputNames: [UnsafePointer<CChar>?]
    private let cOutputNames: [UnsafePointer<CChar>?]
    private var api: OrtAPI { environment.api }

    fileprivate init(environment: OnnxEnvironment, env: OpaquePointer, model: URL, threads: Int, spinning: Bool) throws {
        let api = environment.api
        self.environment = environment
        self.model = model
        var options: OpaquePointer?
        try api.check(api.createSessionOptions(&options), "creating session options")
        defer { api.releaseSessionOptions(options) }
        try api.check(api.setIntraOpNumThreads(options!, Int32(threads)), "setting intra-op threads")
        try api.check(api.setInterOpNumThreads(options!, 1), "setting inter-op threads")
        try api.check(api.addSessionConfigEntry(options!, "session.intra_op.allow_spinning", spinning ? "1" : "0"),
                      "setting thread spinning")
        try api.check(api.setGraphOptimizationLevel(options!, 99 /* ORT_ENABLE_ALL */), "setting graph optimisation")
        var session: OpaquePointer?
        try api.check(api.createSession(env, model.path, options!, &session),
                      "loading \(model.path) (reinstall the models with `make setup`)")
        self.session = session!
        do {
            inputNames = try Self.names(api, session!, count: api.sessionGetInputCount, name: api.sessionGetInputName)
            outputNames = try Self.names(api, session!, count: api.sessionGetOutputCount, name: api.sessionGetOutputName)
        } catch {
            api.releaseSession(session)
            throw error
        }
        cInputNames = inputNames.map { UnsafePointer(strdup($0)) }
        cOutputNames = outputNames.map { UnsafePointer(strdup($0)) }
    }

    deinit {
        (cInputNames + cOutputNames).forEach { free(UnsafeMutablePointer(mutating: $0)) }
        api.releaseSession(session)
    }

    private static func names(
        _ api: OrtAPI, _ session: OpaquePointer,
        count: @convention(c) (OpaquePointer, UnsafeMutablePointer<Int>) -> OpaquePointer?,
        name: @convention(c) (OpaquePointer, Int, OpaquePointer, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> OpaquePointer?
    ) throws -> [String] {
        var allocator: OpaquePointer?
        try api.check(api.getAllocatorWithDefaultOptions(&allocator), "getting the default allocator")
        var n = 0
        try api.check(count(session, &n), "counting model inputs/outputs")
        return try (0..<n).map { index in
            var pointer: UnsafeMutablePointer<CChar>?
            try api.check(name(session, index, allocator!, &pointer), "reading a model input/output name")
            defer { _ = api.allocatorFree(allocator!, pointer) }
            return String(cString: pointer!)
        }
    }

    /// Runs the model on one float input and returns every output, in `outputNames` order.
    public func run(input: Tensor) throws -> [Tensor] {
        var values = input.values
        let shape = input.shape.map(Int64.init)
        let what = "running \(model.lastPathComponent) on input \(input.shape)"
        // ORT reads the input in place, so everything happens while the buffer is pinned.
        return try values.withUnsafeMutableBytes { bytes in
            var inputValue: OpaquePointer?
            try shape.withUnsafeBufferPointer { dims in
                try api.check(api.createTensorWithData(environment.memoryInfo, bytes.baseAddress!, bytes.count,
                                                       dims.baseAddress!, dims.count, 1 /* FLOAT */, &inputValue), what)
            }
            defer { api.releaseValue(inputValue) }
            var outputs = [OpaquePointer?](repeating: nil, count: outputNames.count)
            defer { outputs.forEach { api.releaseValue($0) } }
            let inputs: [OpaquePointer?] = [inputValue]
            try api.check(api.run(session, nil, cInputNames, inputs, 1, cOutputNames, cOutputNames.count, &outputs), what)
            return try outputs.map { try tensor(from: $0!) }
        }
    }

    private func tensor(from value: OpaquePointer) throws -> Tensor {
        var info: OpaquePointer?
        try api.check(api.getTensorTypeAndShape(value, &info), "reading an output shape")
        defer { api.releaseTensorTypeAndShapeInfo(info) }
        var rank = 0
        try api.check(api.getDimensionsCount(info!, &rank), "reading an output rank")
        var dims = [Int64](repeating: 0, count: rank)
        try api.check(api.getDimensions(info!, &dims, rank), "reading output dimensions")
        let shape = dims.map { Int($0) }
        var data: UnsafeMutableRawPointer?
        try api.check(api.getTensorMutableData(value, &data), "reading output data")
        let count = shape.reduce(1, *)
        let buffer = UnsafeBufferPointer(start: data!.assumingMemoryBound(to: Float.self), count: count)
        return Tensor(shape: shape, values: Array(buffer))
    }
}
