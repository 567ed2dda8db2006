import BeingDriving
import BeingGenerate
import BeingRuntime
import Foundation

/// Generate jobs: uploaded audio in, an mp4 out, one job at a time on a background queue, with
/// progress from the same `ProgressEvent`s the CLI's progress bar reads. At most `limit` jobs
/// wait or run; the newest `keep` finished jobs stay listed, older ones and their files go.
public final class JobStore: @unchecked Sendable {
    public enum State: String, Sendable { case queued, running, done, failed }

    public struct Job: Sendable {
        public let id: String
        public let avatar: String
        public var state: State = .queued
        public var progress = 0
        public var error: String?
        var input: URL
        var output: URL

        /// The JSON clients see.
        func json() -> [String: Any] {
            var object: [String: Any] = ["id": id, "avatar": avatar, "status": state.rawValue, "progress": progress]
            if state == .done { object["result_url"] = "/v1/jobs/\(id)/result" }
            if let error { object["error"] = error }
            return object
        }
    }

    private let lock = NSLock()
    private var jobs: [String: Job] = [:]
    private var finishedOrder: [String] = []
    private let queue = DispatchQueue(label: "being.jobs")
    private let folder: URL
    private let metrics: ServerMetrics
    let limit: Int
    let keep = 32

    init(limit: Int, metrics: ServerMetrics) {
        self.limit = limit
        self.metrics = metrics
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("being-serve-jobs-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    public func job(_ id: String) -> Job? { lock.lock(); defer { lock.unlock() }; return jobs[id] }

    /// Starts a job on `audio` (any format ffmpeg reads) for the avatar at `path`.
    func submit(audio: Data, avatar: ServedAvatar) throws -> Job {
        lock.lock()
        let active = jobs.values.filter { $0.state == .queued || $0.state == .running }.count
        lock.unlock()
        guard active < limit else { throw APIError.tooManyJobs(limit) }
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let job = Job(id: String(id), avatar: avatar.id, input: folder.appendingPathComponent("\(id).audio"), output: folder.appendingPathComponent("\(id).mp4"))
        try AtomicFile.write(audio, to: job.input)
        lock.lock(); jobs[job.id] = job; lock.unlock()
        queue.async { self.run(job, avatarPath: avatar.path) }
        return job
    }

    private func run(_ job: Job, avatarPath: String) {
        update(job.id) { $0.state = .running }
        var generation = Generation(avatar: avatarPath)
        generation.progress = ProgressSink { [weak self] event in
            if case let .advanced(_, completed, total?, _) = event, total > 0 {
                self?.update(job.id) { $0.progress = min(99, completed * 100 / total) }
            }
        }
        do {
            _ = try generation.run(speech: .audioFile(job.input.path), output: job.output.path)
            update(job.id) { $0.state = .done; $0.progress = 100 }
            metrics.job("done")
        } catch {
            update(job.id) { $0.state = .failed; $0.error = "\(error)" }
            metrics.job("failed")
        }
        try? FileManager.default.removeItem(at: job.input)
        retire(job.id)
    }

    private func update(_ id: String, _ change: (inout Job) -> Void) {
        lock.lock(); defer { lock.unlock() }
        if var job = jobs[id] { change(&job); jobs[id] = job }
    }

    /// Keeps the newest `keep` finished jobs.
    private func retire(_ id: String) {
        lock.lock(); defer { lock.unlock() }
        finishedOrder.append(id)
        while finishedOrder.count > keep {
            let old = finishedOrder.removeFirst()
            if let job = jobs.removeValue(forKey: old) { try? FileManager.default.removeItem(at: job.output) }
        }
    }
}
