import ArgumentParser
@testable import BeingCLI
import BeingTesting
import Testing

/// The help text is part of the product: each subcommand documents the flags its issue specifies.
@Suite struct HelpTests {
    @Test(arguments: [
        ("prepare", ["--output", "--test-seconds", "--max-seconds", "--preview"]),
        ("train", ["--output", "--iterations", "--resume", "--preset"]),
        ("generate", ["--audio", "--text", "--output", "--reference", "--size", "--voice"]),
        ("serve", ["--port", "--host", "--max-sessions", "--token"]),
        ("eval", ["--dataset", "--split", "--json", "--report"]),
        ("inspect", ["--sheet"]),
        ("doctor", ["--json"]),
        ("probe", ["--json"]),
        ("bench", ["decode", "splat", "track"]),
    ])
    func subcommandHelpListsItsFlags(command: String, flags: [String]) throws {
        let help = BeingCommand.helpMessage(for: try #require(Self.type(named: command)))
        for flag in flags {
            #expect(help.contains(flag), "`being \(command) --help` should mention \(flag)")
        }
    }

    @Test func rootHelpListsEverySubcommand() {
        let help = BeingCommand.helpMessage()
        for name in ["prepare", "train", "generate", "serve", "eval", "inspect", "doctor", "bench", "probe"] {
            #expect(help.contains(name))
        }
    }

    static func type(named name: String) -> ParsableCommand.Type? {
        BeingCommand.configuration.subcommands.first { $0.configuration.commandName == name }
    }
}


