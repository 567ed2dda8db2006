import Dispatch
import Foundation

/// Undo actions run when the user presses Ctrl-C (SIGINT) or the process is asked to stop
/// (SIGTERM), so an interrupted job leaves no half-written file behind. The process then exits
/// with 128 + the signal number, as shells expect.
public enum InterruptCleanup {
    public struct Token: Hashable, Sendable {
        let id: UInt64
    }

    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var actions: [UInt64: @Sendable () -> Void] = [:]
        var next: UInt64 = 0
        var sources: [DispatchSourceSignal] = []
    }

    private static let registry = Registry()

    /// Registers `action` to run on interruption; returns a token to unregister it once the work is done.
    public static func register(_ action: @escaping @Sendable () -> Void) -> Token {
        let registry = self.registry
        registry.lock.lock()
        defer { registry.lock.unlock() }
        if registry.sources.isEmpty { install(registry) }
        registry.next += 1
        registry.actions[registry.next] = action
        return Token(id: registry.next)
    }

    public static func unregister(_ token: Token) {
        registry.lock.lock()
        registry.actions[token.id] = nil
        registry.lock.unlock()
    }

    private static func install(_ registry: Registry) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                registry.lock.lock()
                let actions = Array(registry.actions.values)
                registry.lock.unlock()
                for action in actions { action() }
                exit(128 + signalNumber)
            }
            source.resume()
            registry.sources.append(source)
        }
    }
}
