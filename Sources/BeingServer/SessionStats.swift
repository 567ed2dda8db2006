import Foundation

/// One session's counts for its `stats` events, and the latencies the writer saw.
final class SessionStats: @unchecked Sendable {
    private let lock = NSLock()
    private var framesSent = 0
    private var lateDrops = 0
    private var slowDrops = 0
    private var underruns = 0
    private var lateMouths = 0
    private var renderSeconds: [Double] = []
    /// The most recent latencies (seconds), at most `keep`.
    private var latencies: [Double] = []
    private let keep = 2000
    private var lastEvent = ContinuousClock.now
    private var sentAtLastEvent = 0

    private func locked<T>(_ body: () -> T) -> T { lock.lock(); defer { lock.unlock() }; return body() }

    func rendered(seconds: Double) {
        locked {
            renderSeconds.append(seconds)
            if renderSeconds.count > keep { renderSeconds.removeFirst(renderSeconds.count - keep) }
        }
    }
    func droppedLate() { locked { lateDrops += 1 } }
    func droppedSlow() { locked { slowDrops += 1 } }
    func underrun() { locked { underruns += 1 } }
    func mouthLate() { locked { lateMouths += 1 } }
    func sent(latency: Double?) {
        locked {
            framesSent += 1
            if let latency {
                latencies.append(latency)
                if latencies.count > keep { latencies.removeFirst(latencies.count - keep) }
            }
        }
    }

    /// The `p` quantile (0…1) of `values`, nearest rank; nil for none.
    static func quantile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))]
    }

    /// The stats event: fps sent since the last one, counts, render and latency quantiles (ms).
    func event(frame: Int, bufferedSamples: Int) -> String {
        locked {
            let now = ContinuousClock.now
            let elapsed = StreamSession.seconds(now - lastEvent)
            let fps = elapsed > 0 ? Double(framesSent - sentAtLastEvent) / elapsed : 0
            lastEvent = now; sentAtLastEvent = framesSent
            func ms(_ x: Double?) -> Any { x.map { ($0 * 10_000).rounded() / 10 } ?? NSNull() }
            return StreamProtocol.event("stats", [
                "frame": frame, "fps": (fps * 10).rounded() / 10, "frames_sent": framesSent,
                "frames_dropped_late": lateDrops, "frames_dropped_slow_client": slowDrops, "underruns": underruns, "mouth_late": lateMouths,
                "render_ms_p50": ms(Self.quantile(renderSeconds, 0.5)), "render_ms_p95": ms(Self.quantile(renderSeconds, 0.95)),
                "latency_ms_p50": ms(Self.quantile(latencies, 0.5)), "latency_ms_p95": ms(Self.quantile(latencies, 0.95)),
                "buffered_audio_ms": bufferedSamples * 1000 / StreamProtocol.sampleRate,
            ])
        }
    }
}
