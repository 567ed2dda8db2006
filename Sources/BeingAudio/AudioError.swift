/// Errors of speech-feature extraction. Each message says what went wrong and what to do.
public struct AudioError: Error, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case wrongSampleRate(got: Int, expected: Int)
        case hamaModelMissing(path: String)
        case hamaLoadFailed(path: String)
        case hamaRunFailed(status: Int64, samples: Int, steps: Int64, expectedSteps: Int)
        case hamaVersion(got: Int32, expected: Int32, path: String)
        case badFeatureFile(path: String, reason: String)
        case truncatedFeatureFile(path: String, expectedBytes: Int, actualBytes: Int)
        case invalidArgument(String)
    }

    private let kind: Kind

    static func wrongSampleRate(_ got: Int, expected: Int) -> AudioError {
        AudioError(kind: .wrongSampleRate(got: got, expected: expected))
    }
    static func hamaModelMissing(_ path: String) -> AudioError { AudioError(kind: .hamaModelMissing(path: path)) }
    static func hamaLoadFailed(_ path: String) -> AudioError { AudioError(kind: .hamaLoadFailed(path: path)) }
    static func hamaRunFailed(status: Int64, samples: Int, steps: Int64, expectedSteps: Int) -> AudioError {
        AudioError(kind: .hamaRunFailed(status: status, samples: samples, steps: steps, expectedSteps: expectedSteps))
    }
    static func hamaVersion(_ got: Int32, expected: Int32, path: String) -> AudioError {
        AudioError(kind: .hamaVersion(got: got, expected: expected, path: path))
    }
    static func badFeatureFile(_ path: String, _ reason: String) -> AudioError {
        AudioError(kind: .badFeatureFile(path: path, reason: reason))
    }
    static func truncatedFeatureFile(_ path: String, expectedBytes: Int, actualBytes: Int) -> AudioError {
        AudioError(kind: .truncatedFeatureFile(path: path, expectedBytes: expectedBytes, actualBytes: actualBytes))
    }
    static func invalidArgument(_ message: String) -> AudioError { AudioError(kind: .invalidArgument(message)) }

    public var description: String {
        switch kind {
        case let .wrongSampleRate(got, expected):
            return "speech features need \(expected) Hz mono audio, got \(got) Hz: read the audio with `AudioSamples.extract(from:)`, which resamples"
        case let .hamaModelMissing(path):
            return "\(path): hama's phoneme model is not installed; run `make setup` (or set BEING_HOME to the folder that has it)"
        case let .hamaLoadFailed(path):
            return "\(path): hama could not load this model (corrupt or from another hama version); run `make setup` to reinstall it"
        case let .hamaRunFailed(status, samples, steps, expectedSteps):
            return "hama_asr_run failed on \(samples) samples (status \(status), \(steps) of \(expectedSteps) steps); run `being doctor`, and reinstall hama with `make setup` if it persists"
        case let .hamaVersion(got, expected, path):
            return "\(path): hama C ABI version \(got), expected \(expected); run `make setup` to install the matching libhama"
        case let .badFeatureFile(path, reason):
            return "\(path): not a speech-feature file (\(reason)); delete it and run `being prepare` again"
        case let .truncatedFeatureFile(path, expected, actual):
            return "\(path): speech-feature file is truncated (\(actual) of \(expected) bytes); delete it and run `being prepare` again"
        case let .invalidArgument(message):
            return message
        }
    }
}
