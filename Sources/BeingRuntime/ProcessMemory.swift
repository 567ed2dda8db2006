#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum ProcessMemory {
    /// Peak resident set size of this process, in megabytes (10^6 bytes).
    public static func peakResidentMegabytes() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        #if os(macOS)
        return Double(usage.ru_maxrss) / 1e6  // bytes on macOS
        #else
        return Double(usage.ru_maxrss) * 1024 / 1e6  // kilobytes on Linux
        #endif
    }

    /// Keeps freed memory in the process instead of handing it back to the kernel at every free.
    ///
    /// The splatting passes allocate and free tens of megabytes per call (images, per-intersection
    /// buffers). With glibc's defaults, blocks over a dynamic threshold are mmapped and unmapped, and
    /// the heap's top is trimmed once more than twice that threshold is free, so every call faulted
    /// its pages in again, zeroed by the kernel: at 30K splats that was 3 of 5 ms of `gather`, and
    /// about a tenth of a forward and backward pass. Fixed thresholds (32 MB, the most glibc allows
    /// for mmap; 1 GB for trimming) let freed blocks be reused; the cost is that the resident size
    /// stays at its peak, per malloc arena, so the arenas are capped at two (glibc's default is
    /// eight per core, and `being serve` starts threads per session: a 10-minute soak plateaued at
    /// ~250 MiB with the default, ~145 MiB with two). Call once, at start-up, before other threads
    /// allocate.
    public static func keepFreedHeap() {
        #if canImport(Glibc)
        // `mallopt` is in <malloc.h>, which the Glibc module does not export; its options are
        // M_TRIM_THRESHOLD = −1, M_MMAP_THRESHOLD = −3 and M_ARENA_MAX = −8 there.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 32 << 20)
        _ = mallopt(-1, 1 << 30)
        _ = mallopt(-8, 2)
        #endif
    }
}
