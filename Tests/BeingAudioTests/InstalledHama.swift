import BeingAudio
import BeingRuntime
import BeingTesting
import Foundation

/// hama for tests: from `$BEING_HOME` (or `~/.being`). Tests declare
/// `.enabled(if: InstalledHama.shouldRun)`: without hama they skip locally, under CI they run and
/// fail with the loader's message.
enum InstalledHama {
    static let home = BeingHome.fromEnvironment()

    static var shouldRun: Bool { Fixtures.isCI || HamaRecognizer.isInstalled(home: home) }

    /// One recogniser shared by all tests (loading the model takes a moment).
    static func recognizer() throws -> HamaRecognizer {
        try shared.get()
    }

    private static let shared = Result { try HamaRecognizer(home: home) }
}

/// Random audio in [−amplitude, amplitude): [count]. Not speech, but enough to exercise every path.
func randomAudio(_ count: Int, seed: UInt64, amplitude: Float = 0.5) -> [Float] {
    var random = SeededRandom(seed: seed)
    return (0..<count).map { _ in random.uniform(-amplitude, amplitude) }
}

/// Cuts `samples` into chunks of random sizes between `minimum` and `maximum` samples.
func randomChunks(_ samples: [Float], minimum: Int, maximum: Int, seed: UInt64) -> [[Float]] {
    var random = SeededRandom(seed: seed)
    var chunks: [[Float]] = []
    var start = 0
    while start < samples.count {
        let size = Int.random(in: minimum...maximum, using: &random)
        chunks.append(Array(samples[start..<min(samples.count, start + size)]))
        start += size
    }
    return chunks
}
