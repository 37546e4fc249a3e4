import ArgumentParser

extension TasteCommand {
    struct Daemon: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "daemon",
            abstract: "Run, query or stop the daemon that mines each merge the hooks report.",
            subcommands: [Run.self, Status.self, Stop.self],
            defaultSubcommand: Run.self
        )
    }
}
