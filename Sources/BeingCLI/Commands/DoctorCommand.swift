import ArgumentParser
import BeingRuntime

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the installation: ffmpeg, libturbojpeg, ONNX Runtime, models, hama, CUDA, disk.",
        discussion: """
        One row per component: ok, missing, or optional-missing, each with its fix. Exits 0 only when \
        every required component is there. The runtime folder is $BEING_HOME (default ~/.being), \
        filled by `make setup`.
        """
    )

    @Flag(name: .long, help: "Print the report as JSON, for scripts.")
    var json = false

    func run() throws {
        let report = DoctorChecks(home: BeingHome.fromEnvironment()).run()
        print(json ? try jsonString(report) : report.formatted())
        if !report.ok { throw ExitCode(1) }
    }
}
