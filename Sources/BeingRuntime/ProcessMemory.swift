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
}
