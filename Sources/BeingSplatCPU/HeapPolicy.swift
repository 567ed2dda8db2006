#if canImport(Glibc)
import Glibc
#endif

/// Keeps glibc from handing the passes' buffers back to the kernel between calls.
///
/// A forward pass at 30K splats allocates about 20 MB (the gathered splats alone are 64 bytes per
/// splat-tile pair, 8.5 MB) and a training step frees it all again. glibc serves blocks above its
/// mmap threshold with fresh mappings, and gives the top of the heap back once more than its trim
/// threshold (twice the mmap threshold, which it raises as large blocks are freed) lies free. So,
/// depending on what else the process holds, every pass can meet all its buffers as new pages:
/// thousands of page faults, each zeroing 4 KB in the kernel. With both thresholds fixed (32 MiB,
/// the mmap threshold's ceiling, which its dynamic threshold would reach anyway, and 256 MiB),
/// freed buffers stay in the heap and the next pass reuses their pages.
enum HeapPolicy {
    /// Sets the thresholds once per process; true where they took effect. `mallopt` is looked up
    /// at run time: the Glibc module does not export <malloc.h>.
    static let applied: Bool = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mmapThreshold: Int32 = -3, trimThreshold: Int32 = -1  // M_MMAP_THRESHOLD, M_TRIM_THRESHOLD
        return mallopt(mmapThreshold, 32 << 20) == 1 && mallopt(trimThreshold, 256 << 20) == 1
        #else
        return false
        #endif
    }()
}
