import Foundation

/// Wall-clock milliseconds per phase of the CPU backend, summed over calls; for `being bench`.
/// Phases are timed on the calling thread around parallel sections, so they add up to the total.
public final class CPUProfiler: @unchecked Sendable {
    private let lock = NSLock()
    private var totals: [String: Double] = [:]
    private var order: [String] = []

    public init() {}

    func measure<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        lock.lock()
        if totals[phase] == nil { order.append(phase) }
        totals[phase, default: 0] += ms
        lock.unlock()
        return result
    }

    /// (phase, total ms) in first-seen order.
    public var phases: [(name: String, milliseconds: Double)] {
        lock.lock(); defer { lock.unlock() }
        return order.map { ($0, totals[$0]!) }
    }

    public func reset() {
        lock.lock(); totals = [:]; order = []; lock.unlock()
    }
}
