import BeingRuntime
import Foundation

/// hama's phoneme recogniser (`libhama` + `asr_waveform.hama`), called through its C ABI.
///
/// The C functions, as `hama/_engine.py` (hama 1.7.0) binds them:
///
///     void*   hama_asr_load(const uint8_t* bytes, size_t length)      // NULL on failure
///     void    hama_asr_free(void* handle)
///     int64_t hama_asr_num_frames(int64_t samples)                    // samples/320 + 1, at most 1500
///     int64_t hama_asr_run(void* handle, const float* wave, int64_t samples,
///                          float* logProbabilities /* [T, 191] */, int64_t* validFrames)  // < 0 on failure
///     int32_t hama_version(void)                                      // the C ABI version, 1
///
/// Input: 16 kHz mono Float32 in [−1, 1] (hama's Python front end clips to it, and so does
/// `PhonemeExtractor`); no other normalisation. Output: log-softmax over the 191 tokens of
/// `PhonemeVocabulary.hama` for every 20 ms step (a 160-sample STFT hop subsampled by 2). Step t
/// is centred on about sample 320·t: the step count N/320 + 1 implies centred frames, and moving
/// a few samples changes the steps around them most, centroid within half a step. The model looks at the whole input at once
/// (one changed sample moves every output step), and it stops at 1500 steps (30 s), so
/// `PhonemeExtractor` runs it over bounded windows.
///
/// hama runs on one core and is not documented as thread-safe, so the recogniser loads the model
/// `instances` times and lends each handle to one call at a time: that many calls run in parallel.
public final class HamaRecognizer: @unchecked Sendable {
    private typealias Load = @convention(c) (UnsafeRawPointer?, Int) -> UnsafeMutableRawPointer?
    private typealias Free = @convention(c) (UnsafeMutableRawPointer?) -> Void
    private typealias FrameCount = @convention(c) (Int64) -> Int64
    private typealias Run = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<Float>?, Int64,
                                            UnsafeMutablePointer<Float>?, UnsafeMutablePointer<Int64>?) -> Int64
    private typealias Version = @convention(c) () -> Int32

    /// The C ABI version this code is written against.
    public static let abiVersion: Int32 = 1
    public static let sampleRate = 16_000
    /// Output width: the vocabulary size.
    public static let tokenCount = 191
    /// The most steps one call returns; longer input is cut there by hama.
    public static let maximumSteps = 1500
    /// hama 1.7.0 reads outside its input when given fewer samples than this: its STFT pads the
    /// signal by reflection, 200 samples each side, which needs samples 1...200. With n ≤ 200 it
    /// reads up to sample 200, past the end; a finite value there is weighted by zero, but NaN or
    /// infinity bits in that memory change the output (measured: with n = 200 only sample 200
    /// matters; with n = 150, samples 150...200). Shorter input is zero-padded to this length,
    /// which keeps the step count (one step below 320 samples).
    public static let minimumSamples = 201

    private let library: NativeLibrary
    /// Every loaded model, and those not lent to a call right now.
    private var handles: [UnsafeMutableRawPointer] = []
    private var idle: [UnsafeMutableRawPointer] = []
    private let available = NSCondition()
    private let free: Free
    private let frameCount: FrameCount
    private let runFunction: Run

    /// How many calls can run at once.
    public var instances: Int { handles.count }

    /// The default number of instances: one per core, at most 4.
    public static var defaultInstances: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4)) }

    /// Loads `lib/libhama.so` (`.dylib` on macOS) and `models/asr_waveform.hama` from `home`.
    public convenience init(home: BeingHome = .fromEnvironment(), instances: Int = defaultInstances) throws {
        try self.init(libraryPath: home.file(RuntimeFile.hamaLibrary.relativePath).path,
                      modelPath: home.file(RuntimeFile.hamaModel.relativePath).path, instances: instances)
    }

    public init(libraryPath: String, modelPath: String, instances: Int = defaultInstances) throws {
        precondition(instances >= 1, "HamaRecognizer needs at least one instance")
        library = try NativeLibrary(name: "hama", candidates: [libraryPath],
                                    fix: "run `make setup` to install hama (or set BEING_HOME to the folder that has lib/ and models/)")
        let version = try library.function("hama_version", as: Version.self)()
        guard version == Self.abiVersion else { throw AudioError.hamaVersion(version, expected: Self.abiVersion, path: libraryPath) }
        let load = try library.function("hama_asr_load", as: Load.self)
        free = try library.function("hama_asr_free", as: Free.self)
        frameCount = try library.function("hama_asr_num_frames", as: FrameCount.self)
        runFunction = try library.function("hama_asr_run", as: Run.self)
        guard FileManager.default.fileExists(atPath: modelPath) else { throw AudioError.hamaModelMissing(modelPath) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: modelPath))
        for _ in 0..<instances {
            // hama copies what it needs from the bytes (checked: zeroing them after loading changes nothing).
            guard let handle = bytes.withUnsafeBytes({ load($0.baseAddress, $0.count) }) else {
                throw AudioError.hamaLoadFailed(modelPath)
            }
            handles.append(handle)
        }
        idle = handles
    }

    deinit {
        for handle in handles { free(handle) }
    }

    /// Whether `home` has both hama files (they may still fail to load).
    public static func isInstalled(home: BeingHome = .fromEnvironment()) -> Bool {
        [RuntimeFile.hamaLibrary, .hamaModel].allSatisfy { FileManager.default.fileExists(atPath: home.file($0.relativePath).path) }
    }

    /// The number of steps hama returns for `samples` samples: samples/320 + 1, capped at 1500.
    public func stepCount(samples: Int) -> Int {
        Int(frameCount(Int64(samples)))
    }

    /// Log-probabilities of `wave` (16 kHz, in [−1, 1]; at least one sample). Input shorter than
    /// `minimumSamples` is zero-padded to it.
    ///
    /// - Parameter wave: [n]
    /// - Returns: [stepCount(n), 191]
    public func logProbabilities(_ wave: UnsafeBufferPointer<Float>) throws -> [Float] {
        precondition(!wave.isEmpty, "HamaRecognizer: no samples")
        if wave.count < Self.minimumSamples {
            let padded = Array(wave) + [Float](repeating: 0, count: Self.minimumSamples - wave.count)  // [200]
            return try padded.withUnsafeBufferPointer { try logProbabilities($0) }
        }
        let handle = borrow()
        defer { giveBack(handle) }
        let steps = stepCount(samples: wave.count)
        var out = [Float](repeating: 0, count: steps * Self.tokenCount)  // [T, 191]
        var valid: Int64 = 0
        let status = out.withUnsafeMutableBufferPointer {
            runFunction(handle, wave.baseAddress, Int64(wave.count), $0.baseAddress, &valid)
        }
        guard status >= 0, Int(valid) == steps else { 
            throw AudioError.hamaRunFailed(status: status, samples: wave.count, steps: valid, expectedSteps: steps)
         }
        return out
    }

    private func borrow() -> UnsafeMutableRawPointer {
        available.lock()
        defer { available.unlock() }
        while idle.isEmpty { available.wait() }
        return idle.removeLast()
    }

    private func giveBack(_ handle: UnsafeMutableRawPointer) {
        available.lock()
        idle.append(handle)
        available.signal()
        available.unlock()
    }
}
