import Foundation

/// Finds programs on `PATH`.
public enum ProgramLocator {
    /// The absolute path of `program`, from `$PATH`; `nil` when it is not there.
    public static func find(_ program: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if program.contains("/") {
            return FileManager.default.isExecutableFile(atPath: program) ? program : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Keeps the last lines a child process wrote to stderr, draining the pipe on its own thread so
/// the child never blocks on a full pipe.
final class StderrTail: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()
    private let limit = 16 * 1024
    private let finished = DispatchSemaphore(value: 0)

    init(reading handle: FileHandle) {
        let thread = Thread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.lock()
                buffer.append(chunk)
                if buffer.count > 2 * limit { buffer = buffer.suffix(limit) }
                lock.unlock()
            }
            finished.signal()
        }
        thread.start()
    }

    /// The last `count` non-empty lines, joined with " | ", once the child closed stderr.
    func lastLines(_ count: Int = 3) -> String {
        finished.wait()
        finished.signal()
        lock.lock()
        defer { lock.unlock() }
        let text = String(decoding: buffer, as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return lines.suffix(count).joined(separator: " | ")
    }
}

/// A child process with pipes for stdin, stdout and stderr.
///
/// stdout is read with `read(2)` into caller buffers, so frame streams never pile up in memory;
/// stderr is drained in the background and kept as a short tail for error messages.
public final class ChildProcess: @unchecked Sendable {
    public let executable: String
    public let arguments: [String]
    private let process = Process()
    private let stdinPipe = Pipe()
    private let stdoutPipe = Pipe()
    private let stderrTail: StderrTail

    public init(executable: String, arguments: [String]) throws {
        self.executable = executable
        self.arguments = arguments
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        let stderrPipe = Pipe()
        process.standardError = stderrPipe
        ignoreBrokenPipes()
        try process.run()
        stderrTail = StderrTail(reading: stderrPipe.fileHandleForReading)
    }

    public var processIdentifier: Int32 { process.processIdentifier }

    /// Fills `buffer` completely from stdout; returns how many bytes it got (fewer only at end of stream).
    public func readFully(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let fd = stdoutPipe.fileHandleForReading.fileDescriptor
        var filled = 0
        while filled < buffer.count {
            let n = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if n > 0 {
                filled += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                throw RuntimeError.io(executable, "reading its output failed: \(String(cString: strerror(errno)))")
            }
        }
        return filled
    }

    /// Reads stdout to its end.
    public func readToEnd() throws -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try readFully(into: $0) }
            data.append(contentsOf: chunk[0..<n])
            if n < chunk.count { return data }
        }
    }

    /// Writes all of `bytes` to stdin. Returns false when the child closed its end (it has exited).
    @discardableResult
    public func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let fd = stdinPipe.fileHandleForWriting.fileDescriptor
        var sent = 0
        while sent < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + sent, bytes.count - sent)
            if n > 0 {
                sent += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Closes stdin, so the child sees end of input.
    public func closeInput() {
        try? stdinPipe.fileHandleForWriting.close()
    }

    /// Waits for the child; returns its exit status.
    @discardableResult
    public func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Waits, and throws with the stderr tail when the child failed.
    public func waitForSuccess(name: String? = nil) throws {
        closeInput()
        let status = wait()
        if status != 0 || process.terminationReason != .exit {
            throw RuntimeError.subprocessFailed(name ?? executable, status: status, stderrTail: stderrTail.lastLines())
        }
    }

    /// The last lines the child wrote to stderr (waits until it closed stderr).
    public func stderrLines(_ count: Int = 3) -> String {
        stderrTail.lastLines(count)
    }

    /// Stops the child now. Its stdout is closed too, so a child blocked writing to a full pipe sees
    /// EPIPE instead of waiting forever; one that ignores SIGTERM for 2 s gets SIGKILL.
    public func terminate() {
        if process.isRunning { process.terminate() }
        closeInput()
        try? stdoutPipe.fileHandleForReading.close()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Runs a program to completion and returns its stdout; throws with the stderr tail on failure.
    public static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let child = try ChildProcess(executable: executable, arguments: arguments)
        child.closeInput()
        let output = try child.readToEnd()
        try child.waitForSuccess(name: (executable as NSString).lastPathComponent)
        return output
    }
}

/// A write to a pipe whose reader exited must fail with EPIPE, not kill `being`.
private func ignoreBrokenPipes() {
    signal(SIGPIPE, SIG_IGN)
}
