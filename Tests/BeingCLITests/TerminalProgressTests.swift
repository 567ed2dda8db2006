@testable import BeingCLI
import Testing

@Suite struct TerminalProgressTests {
    @Test func lineShowsCountBarEtaAndMetrics() {
        let line = TerminalProgress.line(stage: "track", completed: 50, total: 200, metrics: ["fps": 31.25, "loss": 0.0123], elapsed: 10)
        #expect(line.contains("track  50/200"))
        #expect(line.contains("█████░░░░░░░░░░░░░░░"))
        #expect(line.contains("ETA 30 s"))
        #expect(line.contains("fps 31.2") && line.contains("loss 0.0123"))
    }

    @Test func unknownTotalShowsOnlyTheCount() {
        let line = TerminalProgress.line(stage: "decode", completed: 7, total: nil, metrics: [:], elapsed: 1)
        #expect(line == "  decode  7")
    }
}
