/// What a long job reports while it runs. The CLI's progress bar, the server's job API and the
/// logs all consume these same events.
public enum ProgressEvent: Sendable, Equatable {
    /// A named stage began; `total` units of work are expected, when known.
    case stageStarted(stage: String, total: Int?)
    /// `completed` of the stage's units are done; `metrics` are named values such as loss or PSNR.
    case advanced(stage: String, completed: Int, total: Int?, metrics: [String: Double])
    /// A stage finished after `seconds`.
    case stageFinished(stage: String, seconds: Double)
    /// Something the user should know that does not stop the job.
    case warning(String)
    /// A file the job wrote (a checkpoint, a preview).
    case artifact(path: String)
}

/// Something that receives progress events; `nil`-tolerant callers pass `ProgressSink.ignore`.
public struct ProgressSink: Sendable {
    private let receive: @Sendable (ProgressEvent) -> Void

    public init(_ receive: @escaping @Sendable (ProgressEvent) -> Void) {
        self.receive = receive
    }

    public func callAsFunction(_ event: ProgressEvent) {
        receive(event)
    }

    public static let ignore = ProgressSink { _ in }
}
