import BeingRuntime
import Foundation

/// The part of ONNX Runtime's C API that Being uses, declared here from the documented API.
///
/// `OrtGetApiBase()` returns an `OrtApiBase` (two function pointers: `GetApi(version)` and
/// `GetVersionString()`); `GetApi` returns the `OrtApi` table, a C struct of function pointers whose
/// order is fixed by `onnxruntime_c_api.h` ("DO NOT MODIFY ABOVE" for shipped versions). Rather
/// than a C module we read the slots we need by their documented position. Every `OrtStatus*`
/// return is `nil` on success; otherwise it carries ORT's message and must be released.
struct OrtAPI: @unchecked Sendable {
    typealias Status = OpaquePointer?
    typealias Handle = OpaquePointer

    /// Slot numbers in `struct OrtApi` (0-based), as documented for API version 1 onward.
    private enum Slot: Int {
        case getErrorMessage = 2
        case createEnv = 3
        case createSession = 7
        case run = 9
        case createSessionOptions = 10
        case setSessionGraphOptimizationLevel = 23
        case setIntraOpNumThreads = 24
        case setInterOpNumThreads = 25
        case sessionGetInputCount = 30
        case sessionGetOutputCount = 31
        case sessionGetInputName = 36
        case sessionGetOutputName = 37
        case createTensorWithDataAsOrtValue = 49
        case getTensorMutableData = 51
        case getDimensionsCount = 61
        case getDimensions = 62
        case getTensorTypeAndShape = 65
        case createCpuMemoryInfo = 69
        case allocatorFree = 76
        case getAllocatorWithDefaultOptions = 78
        case releaseEnv = 92
        case releaseStatus = 93
        case releaseMemoryInfo = 94
        case releaseSession = 95
        case releaseValue = 96
        case releaseTensorTypeAndShapeInfo = 99
        case releaseSessionOptions = 100
        case addSessionConfigEntry = 130  // API version 3 (ORT 1.3) onward
    }

    /// The API version requested from `GetApi`; ORT 1.16 and later serve it.
    static let apiVersion: UInt32 = 16

    let version: String
    let getErrorMessage: @convention(c) (Handle?) -> UnsafePointer<CChar>?
    let createEnv: @convention(c) (Int32, UnsafePointer<CChar>, UnsafeMutablePointer<Handle?>) -> Status
    let createSession: @convention(c) (Handle, UnsafePointer<CChar>, Handle, UnsafeMutablePointer<Handle?>) -> Status
    let run: @convention(c) (Handle, Handle?, UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<Handle?>, Int,
                             UnsafePointer<UnsafePointer<CChar>?>, Int, UnsafeMutablePointer<Handle?>) -> Status
    let createSessionOptions: @convention(c) (UnsafeMutablePointer<Handle?>) -> Status
    let setGraphOptimizationLevel: @convention(c) (Handle, Int32) -> Status
    let setIntraOpNumThreads: @convention(c) (Handle, Int32) -> Status
    let setInterOpNumThreads: @convention(c) (Handle, Int32) -> Status
    let sessionGetInputCount: @convention(c) (Handle, UnsafeMutablePointer<Int>) -> Status
    let sessionGetOutputCount: @convention(c) (Handle, UnsafeMutablePointer<Int>) -> Status
    let sessionGetInputName: @convention(c) (Handle, Int, Handle, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Status
    let sessionGetOutputName: @convention(c) (Handle, Int, Handle, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Status
    let createTensorWithData: @convention(c) (Handle, UnsafeMutableRawPointer, Int, UnsafePointer<Int64>, Int, Int32,
                                              UnsafeMutablePointer<Handle?>) -> Status
    let getTensorMutableData: @convention(c) (Handle, UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> Status
    let getDimensionsCount: @convention(c) (Handle, UnsafeMutablePointer<Int>) -> Status
    let getDimensions: @convention(c) (Handle, UnsafeMutablePointer<Int64>, Int) -> Status
    let getTensorTypeAndShape: @convention(c) (Handle, UnsafeMutablePointer<Handle?>) -> Status
    let createCpuMemoryInfo: @convention(c) (Int32, Int32, UnsafeMutablePointer<Handle?>) -> Status
    let allocatorFree: @convention(c) (Handle, UnsafeMutableRawPointer?) -> Status
    let getAllocatorWithDefaultOptions: @convention(c) (UnsafeMutablePointer<Handle?>) -> Status
    let releaseEnv: @convention(c) (Handle?) -> Void
    let releaseStatus: @convention(c) (Handle?) -> Void
    let releaseMemoryInfo: @convention(c) (Handle?) -> Void
    let releaseSession: @convention(c) (Handle?) -> Void
    let releaseValue: @convention(c) (Handle?) -> Void
    let releaseTensorTypeAndShapeInfo: @convention(c) (Handle?) -> Void
    let releaseSessionOptions: @convention(c) (Handle?) -> Void
    let addSessionConfigEntry: @convention(c) (Handle, UnsafePointer<CChar>, UnsafePointer<CChar>) -> Status

    /// Loads the API table from an opened `libonnxruntime`.
    init(library: NativeLibrary) throws {
        typealias GetApiBase = @convention(c) () -> UnsafePointer<UnsafeRawPointer?>?
        typealias GetApi = @convention(c) (UInt32) -> UnsafePointer<UnsafeRawPointer?>?
        typealias GetVersion = @convention(c) () -> UnsafePointer<CChar>?
        let base = try library.function("OrtGetApiBase", as: GetApiBase.self)
        guard let apiBase = base(), let getApiAddress = apiBase[0], let versionAddress = apiBase[1] else {
            throw FaceError.runtime("OrtGetApiBase returned nothing; reinstall ONNX Runtime with `make setup`")
        }
        let versionString = unsafeBitCast(versionAddress, to: GetVersion.self)().map { String(cString: $0) } ?? "?"
        guard let table = unsafeBitCast(getApiAddress, to: GetApi.self)(Self.apiVersion) else {
            throw FaceError.runtime("ONNX Runtime \(versionString) does not serve C API version \(Self.apiVersion); "
                                    + "install ONNX Runtime 1.16 or newer with `make setup`")
        }
        func slot<T>(_ s: Slot, _ type: T.Type) throws -> T {
            guard let address = table[s.rawValue] else {
                throw FaceError.runtime("ONNX Runtime \(versionString) lacks API slot \(s); run `make setup`")
            }
            return unsafeBitCast(address, to: type)
        }
        version = versionString
        getErrorMessage = try slot(.getErrorMessage, type(of: getErrorMessage))
        createEnv = try slot(.createEnv, type(of: createEnv))
        createSession = try slot(.createSession, type(of: createSession))
        run = try slot(.run, type(of: run))
        createSessionOptions = try slot(.createSessionOptions, type(of: createSessionOptions))
        setGraphOptimizationLevel = try slot(.setSessionGraphOptimizationLevel, type(of: setGraphOptimizationLevel))
        setIntraOpNumThreads = try slot(.setIntraOpNumThreads, type(of: setIntraOpNumThreads))
        setInterOpNumThreads = try slot(.setInterOpNumThreads, type(of: setInterOpNumThreads))
        sessionGetInputCount = try slot(.sessionGetInputCount, type(of: sessionGetInputCount))
        sessionGetOutputCount = try slot(.sessionGetOutputCount, type(of: sessionGetOutputCount))
        sessionGetInputName = try slot(.sessionGetInputName, type(of: sessionGetInputName))
        sessionGetOutputName = try slot(.sessionGetOutputName, type(of: sessionGetOutputName))
        createTensorWithData = try slot(.createTensorWithDataAsOrtValue, type(of: createTensorWithData))
        getTensorMutableData = try slot(.getTensorMutableData, type(of: getTensorMutableData))
        getDimensionsCount = try slot(.getDimensionsCount, type(of: getDimensionsCount))
        getDimensions = try slot(.getDimensions, type(of: getDimensions))
        getTensorTypeAndShape = try slot(.getTensorTypeAndShape, type(of: getTensorTypeAndShape))
        createCpuMemoryInfo = try slot(.createCpuMemoryInfo, type(of: createCpuMemoryInfo))
        allocatorFree = try slot(.allocatorFree, type(of: allocatorFree))
        getAllocatorWithDefaultOptions = try slot(.getAllocatorWithDefaultOptions, type(of: getAllocatorWithDefaultOptions))
        releaseEnv = try slot(.releaseEnv, type(of: releaseEnv))
        releaseStatus = try slot(.releaseStatus, type(of: releaseStatus))
        releaseMemoryInfo = try slot(.releaseMemoryInfo, type(of: releaseMemoryInfo))
        releaseSession = try slot(.releaseSession, type(of: releaseSession))
        releaseValue = try slot(.releaseValue, type(of: releaseValue))
        releaseTensorTypeAndShapeInfo = try slot(.releaseTensorTypeAndShapeInfo, type(of: releaseTensorTypeAndShapeInfo))
        releaseSessionOptions = try slot(.releaseSessionOptions, type(of: releaseSessionOptions))
        addSessionConfigEntry = try slot(.addSessionConfigEntry, type(of: addSessionConfigEntry))
    }

    /// Throws ORT's own message when `status` is an error, releasing it.
    func check(_ status: Status, _ what: @autoclosure () -> String) throws {
        guard let status else { return }
        let message = getErrorMessage(status).map { String(cString: $0) } ?? "unknown error"
        releaseStatus(status)
        throw FaceError.runtime("\(what()): ONNX Runtime says: \(message)")
    }
}
