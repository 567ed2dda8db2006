import ArgumentParser

/// `being`: the root command. Each subcommand lives in `Commands/`, one file each.
public struct BeingCommand: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "being",
        abstract: "Turn a short video of a person talking into a 3D talking head, then make it say anything.",
        discussion: """
        Pipeline: prepare a dataset from a video, train an avatar on it, then generate videos or \
        serve a live stream from any speech. Run `being doctor` first to check the installation.
        """,
        version: "being \(version)",
        subcommands: [
            PrepareCommand.self, TrainCommand.self, GenerateCommand.self, ServeCommand.self,
            EvalCommand.self, InspectCommand.self, DoctorCommand.self, BenchCommand.self, ProbeCommand.self,
        ]
    )

    public init() {}
}

/// The exit status of a subcommand whose implementation has not landed yet.
public let notBuiltExitCode: Int32 = 2

/// Says on stderr that `command` is not built yet and which issue builds it; the caller throws
/// the returned exit code (2) so nothing reports a success it did not earn.
func notBuilt(_ command: String, issue: Int, what: String) -> ExitCode {
    printError("being \(command): not built yet (\(what); tracked in issue #\(issue)). Nothing was done.")
    return ExitCode(notBuiltExitCode)
}
