import BeingRuntime
import Foundation

/// The TurboJPEG library (libjpeg-turbo's simple API), opened with `dlopen`.
/// The declarations are Being's own, from the TurboJPEG 2.x documentation.
final class TurboJPEGLibrary: Sendable {
    typealias Handle = UnsafeMutableRawPointer
    let initCompress: @convention(c) () -> Handle?
    let initDecompress: @convention(c) () -> Handle?
    let destroy: @convention(c) (Handle?) -> Int32
    // tjCompress2(handle, src, width, pitch, height, pixelFormat, &jpegBuf, &jpegSize, subsamp, quality, flags)
    let compress2: @convention(c) (Handle?, UnsafePointer<UInt8>?, Int32, Int32, Int32, Int32,
                                   UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, UnsafeMutablePointer<UInt>?,
                                   Int32, Int32, Int32) -> Int32
    // tjDecompressHeader3(handle, jpegBuf, jpegSize, &width, &height, &subsamp, &colorspace)
    let decompressHeader3: @convention(c) (Handle?, UnsafePointer<UInt8>?, UInt, UnsafeMutablePointer<Int32>?,
                                           UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?) -> Int32
    // tjDecompress2(handle, jpegBuf, jpegSize, dst, width, pitch, height, pixelFormat, flags)
    let decompress2: @convention(c) (Handle?, UnsafePointer<UInt8>?, UInt, UnsafeMutablePointer<UInt8>?,
                                     Int32, Int32, Int32, Int32, Int32) -> Int32
    let free: @convention(c) (UnsafeMutablePointer<UInt8>?) -> Void
    let errorString: @convention(c) (Handle?) -> UnsafeMutablePointer<CChar>?
    let library: NativeLibrary

    static let pixelFormatRGB: Int32 = 0  // TJPF_RGB
    static let subsampling420: Int32 = 2  // TJSAMP_420
    static let subsampling444: Int32 = 0  // TJSAMP_444
    static let flagAccurateDCT: Int32 = 4096

    static let candidates: [String] = {
        var names: [String] = []
        if let explicit = ProcessInfo.processInfo.environment["BEING_TURBOJPEG"] { names.append(explicit) }
        #if os(macOS)
        names += ["libturbojpeg.dylib", "/opt/homebrew/opt/jpeg-turbo/lib/libturbojpeg.dylib", "/usr/local/opt/jpeg-turbo/lib/libturbojpeg.dylib"]
        #else
        names += ["libturbojpeg.so.0", "libturbojpeg.so"]
        #endif
        return names
    }()

    init() throws {
        library = try NativeLibrary(
            name: "libturbojpeg", candidates: Self.candidates,
            fix: "install it with `make setup`, or `sudo apt-get install libturbojpeg0` (macOS: `brew install jpeg-turbo`)"
        )
        initCompress = try library.function("tjInitCompress", as: type(of: initCompress))
        initDecompress = try library.function("tjInitDecompress", as: type(of: initDecompress))
        destroy = try library.function("tjDestroy", as: type(of: destroy))
        compress2 = try library.function("tjCompress2", as: type(of: compress2))
        decompressHeader3 = try library.function("tjDecompressHeader3", as: type(of: decompressHeader3))
        decompress2 = try library.function("tjDecompress2", as: type(of: decompress2))
        free = try library.function("tjFree", as: type(of: free))
        errorString = try library.function("tjGetErrorStr2", as: type(of: errorString))
    }

    private static let loaded: Result<TurboJPEGLibrary, Error> = Result { try TurboJPEGLibrary() }

    static func shared() throws -> TurboJPEGLibrary {
        do {
            return try loaded.get()
        } catch {
            throw MediaError.libraryMissing("\(error)")
        }
    }

    func message(_ handle: Handle?) -> String {
        errorString(handle).map { String(cString: $0) } ?? "unknown TurboJPEG error"
    }
}

/// JPEG encoding and decoding of RGB8 pictures through libturbojpeg.
public enum JPEG {
    /// Encodes with 4:2:0 chroma (4:4:4 when `fullChroma`), `quality` 1–100.
    public static func encode(_ image: RGBImage, quality: Int = 95, fullChroma: Bool = false) throws -> Data {
        let tj = try TurboJPEGLibrary.shared()
        let handle = tj.initCompress()
        defer { _ = tj.destroy(handle) }
        var buffer: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            tj.compress2(handle, pixels.baseAddress, Int32(image.width), 0, Int32(image.height), TurboJPEGLibrary.pixelFormatRGB,
                         &buffer, &size, fullChroma ? TurboJPEGLibrary.subsampling444 : TurboJPEGLibrary.subsampling420,
                         Int32(max(1, min(100, quality))), TurboJPEGLibrary.flagAccurateDCT)
        }
        defer { tj.free(buffer) }
        guard status == 0, let buffer else { throw MediaError.badImage("jpeg", "encoding failed: \(tj.message(handle))") }
        return Data(bytes: buffer, count: Int(size))
    }

    /// Decodes a JPEG to RGB8. `source` names the data in errors.
    public static func decode(_ data: Data, source: String = "jpeg") throws -> RGBImage {
        let tj = try TurboJPEGLibrary.shared()
        let handle = tj.initDecompress()
        defer { _ = tj.destroy(handle) }
        return try data.withUnsafeBytes { raw -> RGBImage in
            let bytes = raw.bindMemory(to: UInt8.self).baseAddress
            var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
            guard tj.decompressHeader3(handle, bytes, UInt(raw.count), &width, &height, &subsampling, &colorspace) == 0 else {
                throw MediaError.badImage(source, "not a readable JPEG: \(tj.message(handle))")
            }
            var pixels = [UInt8](repeating: 0, count: Int(width) * Int(height) * 3)
            let status = pixels.withUnsafeMutableBufferPointer {
                tj.decompress2(handle, bytes, UInt(raw.count), $0.baseAddress, width, 0, height, TurboJPEGLibrary.pixelFormatRGB,
                               TurboJPEGLibrary.flagAccurateDCT)
            }
            guard status == 0 else { throw MediaError.badImage(source, "JPEG decoding failed: \(tj.message(handle))") }
            return RGBImage(width: Int(width), height: Int(height), pixels: pixels)
        }
    }

    /// Reads and decodes a JPEG file.
    public static func read(_ path: String) throws -> RGBImage {
        try checkInputFile(path)
        return try decode(try Data(contentsOf: URL(fileURLWithPath: path)), source: path)
    }

    /// Encodes and writes atomically.
    public static func write(_ image: RGBImage, to path: String, quality: Int = 95) throws {
        try AtomicFile.write(try encode(image, quality: quality), to: URL(fileURLWithPath: path))
    }

    /// Where libturbojpeg was loaded from, or the error that says why it cannot be.
    public static func libraryLocation() throws -> String {
        try TurboJPEGLibrary.shared().library.path
    }
}
