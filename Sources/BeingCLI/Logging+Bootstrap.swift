import Foundation
import Logging

/// Log lines go to stderr, at the level `$BEING_LOG_LEVEL` names (trace, debug, info, notice,
/// warning, error, critical; default warning), so stdout stays clean for `--json` outputs.
public enum BeingLogging {
    public static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = environment["BEING_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
