import BeingRuntime
import Foundation

/// Opens the native libraries `being` loads at run time and asks each for its version.
enum NativeProbes {
    static func onnxRuntimeRow(home: BeingHome) -> DoctorRow {
        let name = "onnxruntime library"
        do {
            let library = try NativeLibrary(name: "ONNX Runtime", candidates: [home.file(RuntimeFile.onnxRuntime.relativePath).path],
                                            fix: DoctorChecks.setupFix)
            // OrtGetApiBase() returns { GetApi, GetVersionString }: two C function pointers.
            let getApiBase = try library.function("OrtGetApiBase", as: (@convention(c) () -> UnsafeRawPointer?).self)
            guard let base = getApiBase() else { throw RuntimeError.symbolNotFound("OrtGetApiBase", in: library.path) }
            let getVersion = base.load(fromByteOffset: MemoryLayout<UnsafeRawPointer>.size,
                                       as: (@convention(c) () -> UnsafePointer<CChar>?).self)
            let version = getVersion().map { String(cString: $0) } ?? "unknown"
            return DoctorRow(component: name, status: .ok, detail: "version \(version), loads")
        } catch {
            return DoctorRow(component: name, status: .missing, detail: "does not load", fix: DoctorChecks.setupFix)
        }
    }

    static func hamaRow(home: BeingHome) -> DoctorRow {
        let name = "hama library"
        do {
            let library = try NativeLibrary(name: "hama", candidates: [home.file(RuntimeFile.hamaLibrary.relativePath).path],
                                            fix: DoctorChecks.setupFix)
            let abi = try library.function("hama_version", as: (@convention(c) () -> Int32).self)()
            _ = try library.function("hama_asr_run", as: UnsafeRawPointer.self)
            return DoctorRow(component: name, status: .ok, detail: "C ABI \(abi), loads")
        } catch {
            return DoctorRow(component: name, status: .missing, detail: "does not load", fix: DoctorChecks.setupFix)
        }
    }

    /// The CUDA driver, NVRTC and the first GPU: optional, for the GPU backend.
    static func cudaRows() -> [DoctorRow] {
        let gpuFix = "optional: install the NVIDIA driver (and the CUDA NVRTC library) to use the GPU backend"
        var rows: [DoctorRow] = []
        do {
            let cuda = try NativeLibrary(name: "CUDA driver", candidates: ["libcuda.so.1", "libcuda.so"], fix: gpuFix)
            let cuInit = try cuda.function("cuInit", as: (@convention(c) (UInt32) -> Int32).self)
            let driverVersion = try cuda.function("cuDriverGetVersion", as: (@convention(c) (UnsafeMutablePointer<Int32>) -> Int32).self)
            let deviceGet = try cuda.function("cuDeviceGet", as: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)
            let deviceName = try cuda.function("cuDeviceGetName",
                                               as: (@convention(c) (UnsafeMutablePointer<CChar>, Int32, Int32) -> Int32).self)
            var version: Int32 = 0
            _ = driverVersion(&version)
            rows.append(DoctorRow(component: "cuda driver", status: .ok, detail: "CUDA \(version / 1000).\(version % 1000 / 10) at \(cuda.path)"))
            var device: Int32 = 0
            var nameBuffer = [CChar](repeating: 0, count: 256)
            if cuInit(0) == 0, deviceGet(&device, 0) == 0, deviceName(&nameBuffer, 256, device) == 0 {
                let gpu = nameBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                rows.append(DoctorRow(component: "gpu", status: .ok, detail: gpu))
            } else {
                rows.append(DoctorRow(component: "gpu", status: .optionalMissing, detail: "the driver found no usable GPU", fix: gpuFix))
            }
        } catch {
            rows.append(DoctorRow(component: "cuda driver", status: .optionalMissing, detail: "libcuda.so.1 not found", fix: gpuFix))
            rows.append(DoctorRow(component: "gpu", status: .optionalMissing, detail: "no CUDA driver", fix: gpuFix))
        }
        rows.append(nvrtcRow(fix: gpuFix))
        return rows
    }

    static let nvrtcCandidates = [
        "libnvrtc.so", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2",
        "/usr/local/cuda/lib64/libnvrtc.so", "/usr/local/cuda/lib64/libnvrtc.so.13", "/usr/local/cuda/lib64/libnvrtc.so.12",
    ]

    static func nvrtcRow(fix: String) -> DoctorRow {
        do {
            let nvrtc = try NativeLibrary(name: "NVRTC", candidates: nvrtcCandidates, fix: fix)
            let version = try nvrtc.function("nvrtcVersion",
                                             as: (@convention(c) (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) -> Int32).self)
            var major: Int32 = 0, minor: Int32 = 0
            _ = version(&major, &minor)
            return DoctorRow(component: "nvrtc", status: .ok, detail: "NVRTC \(major).\(minor) at \(nvrtc.path)")
        } catch {
            return DoctorRow(component: "nvrtc", status: .optionalMissing, detail: "libnvrtc not found", fix: fix)
        }
    }
}
