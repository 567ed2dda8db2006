import BeingRuntime
import Foundation

/// Draws `ProgressEvent`s on stderr: one redrawn line per stage on a terminal (stage, count,
/// metrics, ETA), plain lines otherwise, so logs and CI output stay readable.
final class TerminalProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let interactive: Bool
    private var stageStart = Date()
    private var lastDraw = Date.distantPast
    private var lineOpen = false

    init(interactive: Bool = isatty(STDERR_FILENO) != 0) {
        self.interactive = interactive
    }

    /// A sink that forwards to this renderer.
    var sink: ProgressSink {
        ProgressSink { [self] event in handle(event) }
    }

    func handle(_ event: ProgressEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case let .stageStarted(stage, total):
            stageStart = Date()
            closeLine()
            write("\(stage)…" + (total.map { " (\($0))" } ?? "") + "\n")
        case let .advanced(stage, completed, total, metrics):
            let now = Date()
            let isLast = total.map { completed >= $0 } ?? false
            guard interactive, now.timeIntervalSince(lastDraw) > 0.1 || isLast else { return }
            lastDraw = now
            write("\r\u{1B}[2K" + Self.line(stage: stage, completed: completed, total: total, metrics: metrics,
                                             elapsed: now.timeIntervalSince(stageStart)))
            lineOpen = true
        case let .stageFinished(stage, seconds):
            closeLine()
            write(String(format: "%@ done in %.1f s\n", stage, seconds))
        case let .warning(message):
            closeLine()
            write("warning: \(message)\n")
        case let .artifact(path):
            closeLine()
            write("wrote \(path)\n")
        }
    }

    /// `track  120/201 ▕██████░░░░▏ fps 31.2  ETA 3 s`
    static func line(stage: String, completed: Int, total: Int?, metrics: [String: Double], elapsed: Double) -> String {
        var text = "  \(stage)  \(completed)"
        if let total, total > 0 {
            let filled = min(20, completed * 20 / total)
            text += "/\(total) ▕" + String(repeating: "█", count: filled) + String(repeating: "░", count: 20 - filled) + "▏"
            if completed > 0 {
                let remaining = elapsed / Double(completed) * Double(total - completed)
                text += String(format: "  ETA %.0f s", remaining)
            }
        }
        for key in metrics.keys.sorted() {
            text += String(format: "  %@ %.3g", key, metrics[key]!)
        }
        return text
    }

    private func closeLine() {
        if lineOpen { write("\n") }
        lineOpen = false
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
