@testable import BeingCLI
import Testing

@Test func benchTrackHelpNamesItsOptions() {
    let help = BenchTrack.helpMessage()
    #expect(help.contains("--json"))
    #expect(help.contains("--max-frames"))
    #expect(help.contains("<video>"))
}
