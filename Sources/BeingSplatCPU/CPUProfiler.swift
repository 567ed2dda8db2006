import Foundation

/// Wall-clock milliseconds per phase of the CPU backend, summed over calls; for `being bench`.
/// Phases are timed on the calling thread around parallel sections, so they add up to the total.
/// Each phase also records the process's CPU time, all threads together: on a machine shared with
/// other work, wall time stretches with the load but CPU time stays close to the work done.
public final class CPUProfiler: @unchecked Sendable {
    private let lock = NSLock()
    private var totals: [String: Double] = [:]
    private var cpuTotals: [String: Double] = [:]
    private var order: [String] = []

    public init() {}

    /// CPU milliseconds used by all threads of this process so far.
    public static func processCPUMilliseconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
    }

    func measure<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds, cpuStart = Self.processCPUMilliseconds()
        let result = try body()
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6, cpu = Self.processCPUMilliseconds() - cpuStart
        lock.lock()
        if totals[phase] == nil { order.append(phase) }
        totals[phase, default: 0] += ms
        cpuTotals[phase, default: 0] += cpu
        lock.unlock()
        return result
    }

    /// (phase, total wall ms, total CPU ms) in first-seen order.
    public var phases: [(name: String, milliseconds: Double, cpuMilliseconds: Double)] {
        lock.lock(); defer { lock.unlock() }
        return order.map { ($0, totals[$0]!, cpuTotals[$0]!) }
    }

    public func reset() {
        lock.lock(); totals = [:]; cpuTotals = [:]; order = []; lock.unlock()
    }
}
