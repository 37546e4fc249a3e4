import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "For CI: exit 1 when a skill is stale or an exported skill file is out of date with the store.",
            discussion: "Names each stale skill and each outdated file; exits 0 when there is nothing to name."
        )

        @OptionGroup var repository: ReadRepositoryOptions

        @Option(
            name: .customLong("fail-on"), parsing: .singleValue,
            help: "What fails the check: stale, outdated, unconfirmed, comma-separated (default: 'stale,outdated').")
        var failOn: [String] = []

        @Option(help: "The Agent Skills folder to check (default: the repository's export folder).")
        var out: String?

        func validate() throws {
            try validated { try SkillCheck(failOn: failOn, exportDirectory: out) }
        }

        func run() throws {
            let mined = try repository.source().mined()
            let result = try SkillCheck(failOn: failOn, exportDirectory: out).run(on: mined)
            printOut(result.text)
            if !result.passed { throw ExitCode(1) }
        }
    }
}
