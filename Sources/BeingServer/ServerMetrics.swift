import Foundation

/// The server's counters and histograms, written in the Prometheus text format at /metrics.
public final class ServerMetrics: @unchecked Sendable {
    /// A cumulative histogram with fixed upper bounds, in seconds.
    struct Histogram {
        let bounds: [Double]
        var counts: [Int]
        var sum = 0.0
        var count = 0

        init(bounds: [Double]) { self.bounds = bounds; counts = Array(repeating: 0, count: bounds.count) }

        mutating func observe(_ value: Double) {
            for (i, bound) in bounds.enumerated() where value <= bound { counts[i] += 1 }
            sum += value; count += 1
        }
    }

    private let lock = NSLock()
    private var sessions = 0
    private var sessionsTotal = 0
    private var sessionsRefused = 0
    private var framesRendered = 0
    private var droppedLate = 0
    private var droppedSlowClient = 0
    private var render = Histogram(bounds: [0.01, 0.02, 0.03, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 1])
    private var latency = Histogram(bounds: [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 10])
    private var jobs: [String: Int] = [:]

    public init() {}

    private func locked(_ body: () -> Void) { lock.lock(); body(); lock.unlock() }

    func sessionOpened() { locked { sessions += 1; sessionsTotal += 1 } }
    func sessionClosed() { locked { sessions -= 1 } }
    func sessionRefused() { locked { sessionsRefused += 1 } }
    var openSessions: Int { lock.lock(); defer { lock.unlock() }; return sessions }
    func rendered(seconds: Double) { locked { framesRendered += 1; render.observe(seconds) } }
    func droppedBecauseLate() { locked { droppedLate += 1 } }
    func droppedForSlowClient() { locked { droppedSlowClient += 1 } }
    func latency(seconds: Double) { locked { latency.observe(seconds) } }
    func job(_ state: String) { locked { jobs[state, default: 0] += 1 } }

    /// The Prometheus exposition text.
    public func prometheus() -> String {
        lock.lock(); defer { lock.unlock() }
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ lines: [String]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n" + lines.map { $0 + "\n" }.joined()
        }
        func histogram(_ name: String, _ help: String, _ h: Histogram) {
            var lines = zip(h.bounds, h.counts).map { "\(name)_bucket{le=\"\($0)\"} \($1)" }
            lines += ["\(name)_bucket{le=\"+Inf\"} \(h.count)", "\(name)_sum \(h.sum)", "\(name)_count \(h.count)"]
            metric(name, "histogram", help, lines)
        }
        metric("being_sessions", "gauge", "Streaming sessions open now.", ["being_sessions \(sessions)"])
        metric("being_sessions_total", "counter", "Streaming sessions opened.", ["being_sessions_total \(sessionsTotal)"])
        metric("being_sessions_refused_total", "counter", "Sessions refused at --max-sessions.", ["being_sessions_refused_total \(sessionsRefused)"])
        metric("being_frames_rendered_total", "counter", "Frames rendered for streaming sessions.", ["being_frames_rendered_total \(framesRendered)"])
        metric("being_frames_dropped_total", "counter", "Frames not sent: rendering fell behind the clock, or the client read too slowly.",
               ["being_frames_dropped_total{reason=\"late\"} \(droppedLate)", "being_frames_dropped_total{reason=\"slow_client\"} \(droppedSlowClient)"])
        histogram("being_render_seconds", "Time to render and encode one streamed frame.", render)
        histogram("being_latency_seconds", "From the audio chunk completing a frame's speech arriving to that frame being sent.", latency)
        metric("being_jobs_total", "counter", "Generate jobs by final state.",
               jobs.keys.sorted().map { "being_jobs_total{state=\"\($0)\"} \(jobs[$0]!)" })
        return out
    }
}
