import BeingMedia
import BeingRuntime
import Foundation

/// Speech to drive an avatar: any audio file ffmpeg reads, or text spoken by espeak-ng; always
/// delivered as 16 kHz mono.
public enum SpeechInput {
    case audioFile(String)
    case text(String, voice: String, wordsPerMinute: Int)

    /// The speech as 16 kHz mono samples.
    public func samples() throws -> AudioSamples {
        switch self {
        case let .audioFile(path):
            return try AudioSamples.extract(from: path)
        case let .text(text, voice, rate):
            guard let espeak = ProgramLocator.find("espeak-ng") else { throw DrivingError.espeakMissing }
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("being-tts-\(UUID().uuidString).wav")
            defer { try? FileManager.default.removeItem(at: scratch) }
            do {
                _ = try ChildProcess.run(espeak, ["-v", voice, "-s", "\(rate)", "-w", scratch.path, "--", text])
            } catch {
                throw DrivingError.espeakFailed("\(error)")
            }
            return try AudioSamples.extract(from: scratch.path)
        }
    }
}

/// Errors of driving an avatar, each saying what to do.
public struct DrivingError: Error, CustomStringConvertible, Sendable {
    private let message: String

    public static let espeakMissing = DrivingError(message: "espeak-ng not found: install it (`sudo apt-get install espeak-ng`, or `make setup`) to use --text")
    public static func espeakFailed(_ reason: String) -> DrivingError { DrivingError(message: "espeak-ng could not speak the text: \(reason)") }

    public var description: String { message }
}
