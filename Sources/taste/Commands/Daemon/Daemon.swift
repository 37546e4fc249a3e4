import ArgumentParser

extension TasteCommand {
    struct Daemon: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daemon",
            abstract: "Run, query or stop the daemon that mines each merge the hooks report, or retry what it quarantined.",
            subcommands: [Run.self, Status.self, Stop.self, Retry.self],
            defaultSubcommand: Run.self
        )
    }
}
