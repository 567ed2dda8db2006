import BeingAudio
import BeingGenerate
import BeingMedia
import Foundation
import NIOCore

/// One live stream: audio and control messages come in from the socket reader, and a pacing
/// loop on its own thread turns them into one frame every 40 ms of the session's clock (frame n
/// is due at start + n · 40 ms, its pts is n · 40 ms): speech features, expression and reference
/// picture there (phoneme extraction on the animator's own worker thread), then rendering and
/// JPEG on the `RenderStage` thread beside it, which queues everything in order in the `Outbox`
/// for the socket writer.
///
/// When rendering falls behind the clock, the late frames are not rendered (their speech audio
/// and events still go out), so speech never drifts from the clock. The inbox is bounded by
/// `maxBufferedSeconds` of received-but-unplayed audio.
final class StreamSession: @unchecked Sendable {
    enum Inbound {
        case audio([Float], at: ContinuousClock.Instant)
        case control(StreamProtocol.Control)
    }

    let avatar: ServedAvatar
    let options: ServerOptions
    let metrics: ServerMetrics
    let outbox: Outbox
    let stats: SessionStats
    private let stage: RenderStage<LiveAnimator.Frame>
    private var animator: LiveAnimator
    private let lock = NSLock()
    private var inbox: [Inbound] = []
    private var inboxSamples = 0
    private var playingSamples = 0
    private var stopped = false
    private let finished = DispatchSemaphore(value: 0)
    /// Speech not yet through phoneme extraction beyond which pictures are dropped (1 s), so an
    /// overloaded machine gives extraction the CPU and the lookahead stays bounded.
    let maxUnprocessedSamples = StreamProtocol.sampleRate
    /// Silence after which an open segment is ended as if `end` had come.
    let silenceTimeout: Duration = .seconds(1)

    init(avatar: ServedAvatar, extractor: PhonemeExtractor, options: ServerOptions, metrics: ServerMetrics, seed: UInt64) throws {
        self.avatar = avatar; self.options = options; self.metrics = metrics
        animator = try avatar.animator(extractor: extractor, seed: seed)
        let outbox = Outbox(maxFrames: options.maxQueuedFrames, maxMessages: options.maxQueuedMessages)
        self.outbox = outbox
        let stats = SessionStats(), maxMessages = options.maxQueuedMessages
        self.stats = stats
        let renderer = avatar.renderer, quality = options.jpegQuality
        stage = RenderStage(outbox: outbox, picture: { frame in
            let image = try renderer.render(frame: frame.pose, code: frame.code, background: frame.background)
            return StreamProtocol.binary(.jpeg, frame: frame.index, bytes: try JPEG.encode(image, quality: quality))
        }) { seconds, push in
            metrics.rendered(seconds: seconds)
            stats.rendered(seconds: seconds)
            switch push {
            case .queued: break
            case .droppedOldestFrame: metrics.droppedForSlowClient(); stats.droppedSlow()
            case .overflow:
                outbox.finish(with: .text(StreamError("client_too_slow", "the client read less than it was sent for \(maxMessages) messages; closing").event))
            }
        }
    }

    /// Audio and latency the hello promises: speech plays `lookahead` after it arrives.
    var lookaheadMilliseconds: Int { (animator.latencySamples + StreamProtocol.samplesPerFrame) * 1000 / StreamProtocol.sampleRate }

    var hello: String {
        StreamProtocol.event("hello", [
            "protocol": StreamProtocol.version, "avatar": avatar.id, "width": avatar.avatar.frameWidth, "height": avatar.avatar.frameHeight,
            "fps": StreamProtocol.fps, "frame_header_bytes": StreamProtocol.headerBytes,
            "audio": ["encoding": "pcm_s16le", "sample_rate": StreamProtocol.sampleRate, "channels": 1,
                      "min_chunk_ms": 10, "max_chunk_ms": options.maxChunkBytes * 1000 / (2 * StreamProtocol.sampleRate)],
            "lookahead_ms": lookaheadMilliseconds, "max_buffered_audio_ms": Int(options.maxBufferedSeconds * 1000),
        ])
    }

    /// A binary message from the client: PCM s16le. Returns the error to report, if any.
    func receive(audio bytes: ByteBuffer) -> StreamError? {
        let count = bytes.readableBytes
        guard count <= options.maxChunkBytes else {
            return StreamError("chunk_too_large", "audio chunks may hold at most 1 s (\(options.maxChunkBytes) bytes); this one had \(count): send smaller chunks")
        }
        guard count % 2 == 0 else {
            return StreamError("odd_byte_count", "audio is 16-bit PCM, so a chunk needs an even number of bytes; got \(count): the chunk was dropped")
        }
        guard count > 0 else { return nil }
        let samples = StreamProtocol.samples(fromPCM: bytes)
        lock.lock(); defer { lock.unlock() }
        let limit = Int(options.maxBufferedSeconds * Double(StreamProtocol.sampleRate))
        guard inboxSamples + playingSamples + samples.count <= limit else {
            return StreamError("audio_backlog", "more than \(Int(options.maxBufferedSeconds)) s of audio is waiting to play; send audio no faster than real time")
        }
        inbox.append(.audio(samples, at: .now))
        inboxSamples += samples.count
        return nil
    }

    func receive(control: StreamProtocol.Control) {
        lock.lock(); inbox.append(.control(control)); lock.unlock()
    }

    /// Starts the pacing loop on its own thread.
    func start() {
        stage.start(name: "being-render-\(avatar.id)")
        let thread = Thread { [self] in
            defer { finished.signal() }
            do {
                try loop()
                stage.stop(drain: false)
            } catch {
                stage.stop(drain: true)  // what came before the failure still goes out, then the error
                let failure = error as? StreamError ?? StreamError("internal", "the stream stopped: \(error)")
                outbox.finish(with: .text(failure.event))
            }
        }
        thread.name = "being-session-\(avatar.id)"
        thread.start()
    }

    /// Stops the loop and waits for it.
    func stop() async {
        markStopped()
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { self.finished.wait(); done.resume() }
        }
    }

    private func markStopped() { lock.lock(); stopped = true; lock.unlock() }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    private func loop() throws {
        let clock = ContinuousClock(), start = clock.now, period = Duration.milliseconds(1000 / StreamProtocol.fps)
        var arrivals = ArrivalLog()
        var lastAudio = start
        var slot = 0
        while !isStopped {
            let due = start + period * slot
            if due > clock.now { Thread.sleep(forTimeInterval: Self.seconds(due - clock.now)) }
            // Take what arrived.
            lock.lock()
            let received = inbox
            inbox = []; inboxSamples = 0
            lock.unlock()
            for item in received {
                switch item {
                case let .audio(samples, at):
                    if !animator.isSpeaking { arrivals = ArrivalLog() }
                    do {
                        try animator.append(samples)
                        arrivals.add(samples.count, at: at)
                        lastAudio = at
                    } catch {
                        stage.submit(.message(.text(StreamError("speech_after_end", "\(error)").event)))
                    }
                case .control(.start):
                    break  // a segment opens with its first audio; `start` only marks intent
                case .control(.end):
                    animator.endSpeech()
                case .control(.interrupt):
                    if animator.interrupt() {
                        stage.submit(.message(.text(StreamProtocol.event("speech_end", ["frame": animator.frameIndex, "interrupted": true]))))
                    }
                }
            }
            if animator.isReceiving, clock.now - lastAudio > silenceTimeout { animator.endSpeech() }
            let frame = try animator.next()
            lock.lock(); playingSamples = animator.bufferedSamples; lock.unlock()
            if let error = stage.error { throw error }
            emit(frame, arrival: frame.speech.flatMap { arrivals.arrival(ofSample: ($0.frame + 1) * StreamProtocol.samplesPerFrame - 1) })
            if frame.index % StreamProtocol.fps == StreamProtocol.fps - 1 {
                stage.submit(.message(.text(stats.event(frame: frame.index, bufferedSamples: animator.bufferedSamples))))
            }
            slot += 1
        }
    }

    /// Submits a frame's speech_start, speech audio, (unless the render stage is full) its
    /// picture, then speech_end, so a client that stops at speech_end has every frame of the segment.
    private func emit(_ frame: LiveAnimator.Frame, arrival: ContinuousClock.Instant?) {
        if frame.events.contains(.started) {
            stage.submit(.message(.text(StreamProtocol.event("speech_start", ["frame": frame.index, "pts_ms": frame.index * 40]))))
        }
        if let speech = frame.speech {
            stage.submit(.message(.audio(StreamProtocol.binary(.audio, frame: frame.index, bytes: StreamProtocol.pcm(speech.samples)))))
        }
        if frame.underrun { stats.underrun() }
        if frame.mouthLate { stats.mouthLate() }
        // Pictures give way to speech: when phoneme extraction falls behind, they are dropped
        // until it catches up, so the lookahead stays bounded on an overloaded machine.
        if stage.hasRoom && animator.unprocessedSamples <= maxUnprocessedSamples {
            stage.submit(.picture(frame, arrival: arrival))
        } else {
            metrics.droppedBecauseLate()
            stats.droppedLate()
        }
        for case let .ended(interrupted) in frame.events {
            stage.submit(.message(.text(StreamProtocol.event("speech_end", ["frame": frame.index, "interrupted": interrupted]))))
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

/// When each chunk of the current segment arrived, to find when a frame's speech was complete.
struct ArrivalLog {
    private var chunks: [(end: Int, at: ContinuousClock.Instant)] = []
    private var total = 0

    mutating func add(_ samples: Int, at: ContinuousClock.Instant) {
        total += samples
        chunks.append((total, at))
    }

    /// The arrival of the chunk holding segment sample `index` (the last chunk past the end);
    /// chunks wholly before it are forgotten, since frames ask in order.
    mutating func arrival(ofSample index: Int) -> ContinuousClock.Instant? {
        while chunks.count > 1, chunks[0].end <= index { chunks.removeFirst() }
        return chunks.first?.at
    }
}
