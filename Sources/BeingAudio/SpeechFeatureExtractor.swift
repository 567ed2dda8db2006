import BeingMedia
import BeingRuntime

/// The speech features the pipeline uses: hama's phonemes when hama is installed, else log-mel.
public enum SpeechFeatureExtractor: Sendable {
    case phonemes(PhonemeExtractor)
    case logMel(LogMelExtractor)

    /// Phonemes when `home` has hama's library and model, log-mel when it has neither file.
    /// Installed but unloadable hama is an error (a broken setup should be fixed, not hidden).
    public static func preferred(home: BeingHome = .fromEnvironment()) throws -> SpeechFeatureExtractor {
        guard HamaRecognizer.isInstalled(home: home) else { return .logMel(LogMelExtractor()) }
        return .phonemes(try PhonemeExtractor(home: home))
    }

    public var kind: SpeechFeatures.Kind {
        switch self {
        case .phonemes: return .phonemes
        case .logMel: return .logMel
        }
    }

    /// Steps per second (50 or 100).
    public var rate: Int {
        switch self {
        case .phonemes: return PhonemeExtractor.rate
        case .logMel: return LogMelExtractor.rate
        }
    }

    /// Values per step (191 or 80).
    public var dimensions: Int {
        switch self {
        case .phonemes: return PhonemeExtractor.dimensions
        case .logMel: return LogMelExtractor.bands
        }
    }

    /// Features of a whole utterance (16 kHz mono): [T, D]
    public func features(of audio: AudioSamples) throws -> SpeechFeatures {
        switch self {
        case let .phonemes(extractor): return try extractor.features(of: audio)
        case let .logMel(extractor): return try extractor.features(of: audio)
        }
    }

    public func makeStream() -> SpeechStream {
        switch self {
        case let .phonemes(extractor): return .phonemes(extractor.makeStream())
        case let .logMel(extractor): return .logMel(extractor.makeStream())
        }
    }
}

/// Features of audio given in chunks; the concatenation of everything `append` and `finish`
/// return equals the offline `features(of:)` of the concatenated samples.
public enum SpeechStream: Sendable {
    case phonemes(PhonemeStream)
    case logMel(LogMelStream)

    /// Adds 16 kHz samples; returns the steps that became complete: [k, D]
    public mutating func append(_ samples: [Float]) throws -> SpeechFeatures {
        switch self {
        case var .phonemes(stream):
            defer { self = .phonemes(stream) }
            return try stream.append(samples)
        case var .logMel(stream):
            defer { self = .logMel(stream) }
            return stream.append(samples)
        }
    }

    /// Returns the remaining steps and ends the stream: [k, D]
    public mutating func finish() throws -> SpeechFeatures {
        switch self {
        case var .phonemes(stream):
            defer { self = .phonemes(stream) }
            return try stream.finish()
        case var .logMel(stream):
            defer { self = .logMel(stream) }
            return stream.finish()
        }
    }
}
