import ArgumentParser
import Foundation
import TasteCore

/// Every command names itself (`commandName`): left to ArgumentParser, each name is derived with
/// `String(describing:)` at every start, a runtime scan of the binary's conformances per command, 4 ms of each
/// `taste` process.
@main
struct TasteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taste",
        abstract: "Mine a repository's conventions from its merged history into versioned skills for coding agents.",
        discussion: """
            The store is a SQLite file at $TASTE_HOME/taste.sqlite, else $XDG_DATA_HOME/taste/taste.sqlite, \
            else ~/.local/share/taste/taste.sqlite. One store serves many repositories.
            """,
        version: "0.1.0",
        subcommands: [
            Mine.self, Skills.self, Show.self, Export.self, Miners.self, Declared.self, Install.self, Uninstall.self, Notify.self, Daemon.self,
            MCP.self, Diff.self, Log.self, Check.self, Lint.self, Fix.self, Pin.self, Mute.self, Edit.self, Report.self,
            Repo.self, Worker.self,
        ]
    )

    /// Errors end as one line on stderr and a non-zero exit, never a stack trace.
    static func main() {
        refuseStoreOption(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as TasteError {
            fail(error.errorDescription ?? "\(error)")
        } catch let error as PostgresError {
            fail(error.errorDescription ?? "\(error)")
        } catch let error as FleetLeaseLost {
            fail(error.errorDescription ?? "\(error)")
        } catch let error as GitError {
            fail("git: \(error.description)")
        } catch {
            // Linters exit 2 on a usage error, so that `taste lint`'s 1 always means findings (and `taste fix --dry-run`'s, fixes).
            if let command = CommandLine.arguments.dropFirst().first, command == "lint" || command == "fix",
                exitCode(for: error) == .validationFailure
            {
                fail(message(for: error), status: 2)
            }
            exit(withError: error)
        }
    }

    /// The commands that read or write a fleet's PostgreSQL store.
    static let fleetCommands = [
        "skills", "show", "export", "mcp", "lint", "fix", "diff", "log", "report", "check", "pin", "mute", "edit", "repo", "worker", "install",
        "daemon status",
    ]

    /// What the commands that have no use for a fleet's store say to run instead.
    static let fleetAlternatives = [
        "mine": "a fleet's workers mine its repositories: 'taste repo add NAME URL', then 'taste worker --store ...'",
        "notify": "a fleet's git server queues pushes with 'taste repo push' (its hook comes from 'taste install --server --store ...')",
        "daemon": "a fleet's pushes are mined by 'taste worker --store ...', and 'taste daemon status --store ...' shows the workers",
        "uninstall": "it removes the hooks of the repository it is given, the fleet's post-receive included",
        "miners": "it lists the miners built into taste and reads no store",
        "declared": "it reads the repository's configuration files and no store",
    ]

    /// `--store` on any other command is refused in one line, with what to run instead, rather than as an unknown
    /// option, so nobody takes the SQLite store's answer for the fleet's.
    static func refuseStoreOption(_ arguments: [String]) {
        let options = arguments.prefix { $0 != "--" }
        guard options.contains(where: { $0 == "--store" || $0.hasPrefix("--store=") }) else { return }
        let words = Array(options.prefix { !$0.hasPrefix("-") })
        guard let command = words.first, !fleetCommands.contains(command),
            !fleetCommands.contains(words.prefix(2).joined(separator: " ")), command != "help"
        else { return }
        let name = command == "daemon" ? words.prefix(2).joined(separator: " ") : command
        let instead = fleetAlternatives[command] ?? "only \(fleetCommands.dropLast().joined(separator: ", ")) and \(fleetCommands.last ?? "") can"
        fail("taste \(name) does not use a PostgreSQL store (--store): \(instead); leave --store out to use the SQLite store")
    }

    static func fail(_ message: String, status: Int32 = 1) -> Never {
        // One line, whatever a path in the message holds.
        let line = message.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
        FileHandle.standardError.write(Data("taste: \(line)\n".utf8))
        Foundation.exit(status)
    }
}
