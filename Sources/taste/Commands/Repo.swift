import ArgumentParser
import Foundation
import TasteCore

/// The PostgreSQL database of a fleet: `--store`, else `TASTE_STORE`, else `store` in the user's config.toml.
struct FleetStoreOptions: ParsableArguments {
    @Option(help: "The fleet's PostgreSQL store, postgres://user:password@host:port/database (default: $TASTE_STORE, else store in config.toml).")
    var store: String?

    func url() throws -> String { try Self.url(store) }

    static func url(_ store: String?) throws -> String {
        guard let url = try chosen(store) else {
            throw ValidationError(
                "Name the fleet's store: --store postgres://..., TASTE_STORE, or store = \"postgres://...\" in \(UserConfig.path()).")
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw ValidationError("--store must be a postgres:// URL; the SQLite store needs no option.")
        }
        return url
    }

    /// The store named by the option, the environment or the user's config, in that order; nil when none is.
    static func chosen(_ store: String?) throws -> String? {
        if let store { return store }
        if let url = ProcessInfo.processInfo.environment["TASTE_STORE"], !url.isEmpty { return url }
        return try validated { try UserConfig.load().store }
    }

    func validate() throws { _ = try url() }
}

extension TasteCommand {
    struct Repo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "repo",
            abstract: "Register the repositories a fleet of workers mines (PostgreSQL store).",
            subcommands: [Add.self, List.self, Push.self, GrantReader.self]
        )

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Register a repository by name with the URL workers fetch.")

            @OptionGroup var store: FleetStoreOptions

            @Argument(help: "The repository's name, unique in the fleet.")
            var name: String

            @Argument(help: "Where workers fetch it from: a path or URL git can clone.")
            var url: String

            func run() throws {
                let repository = try FleetQueue(url: try store.url()).addRepository(name: name, url: url)
                printOut("registered \(repository.name) (\(repository.url))")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list", abstract: "List the registered repositories and the head last mined.")

            @OptionGroup var store: FleetStoreOptions

            func run() throws {
                for repository in try FleetQueue(url: try store.url()).repositories() {
                    printOut("\(repository.name)\t\(repository.url)\t\(repository.head ?? "-")")
                }
            }
        }

        struct Push: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "push",
                abstract: "Queue a push of a registered repository for the workers (what the post-receive hook runs).",
                discussion: """
                    With --receive it reads post-receive's input (old new ref lines) and queues the pushes that moved \
                    the followed branch of the repository --repo names: `git config taste.branch`, else --branch, else \
                    the branch HEAD names. A push PostgreSQL cannot take (while it is down; with --receive, for any reason \
                    but an unknown name) is spooled, and sent before the next one, by --drain, or by a worker on this \
                    machine.
                    """)

            @OptionGroup var store: FleetStoreOptions

            @Argument(help: "The registered repository's name.")
            var name: String?

            @Option(help: "The ref that moved.")
            var ref: String?

            @Option(help: "The ref's head before the push.")
            var old: String?

            @Option(help: "The ref's head after the push.")
            var new: String?

            @Flag(help: "Read post-receive's input on stdin; spool what PostgreSQL cannot take.")
            var receive = false

            @Option(help: "With --receive: the bare repository that received the push.")
            var repo = "."

            @Option(help: "With --receive: the branch to follow, as recorded at install time (`git config taste.branch` wins).")
            var branch: String?

            @Flag(help: "Send the spooled pushes, and nothing else.")
            var drain = false

            func validate() throws {
                if drain {
                    guard name == nil, !receive, ref == nil, old == nil, new == nil else {
                        throw ValidationError("--drain sends what the spool holds: give it no repository or push.")
                    }
                    return
                }
                guard let name, !name.isEmpty else { throw ValidationError("Name the registered repository: taste repo push NAME.") }
                if receive, ref != nil || old != nil || new != nil {
                    throw ValidationError("--receive reads the refs and heads on stdin: drop --ref, --old and --new.")
                }
            }

            func run() throws {
                let spool = FleetSpool()
                if drain {
                    let drained = try spool.drain(into: try FleetQueue(url: try store.url()))
                    printOut("sent \(drained.queued) spooled push\(drained.queued == 1 ? "" : "es")")
                    for name in Set(drained.unknown).sorted() {
                        printNote("kept the pushes of \(name) in \(spool.directory): no repository has that name ('taste repo add' registers it)")
                    }
                    for file in drained.setAside { printNote("set aside \(file): it is not a spooled push") }
                    return
                }
                let name = name ?? ""
                let pushes: [FleetPush]
                if receive {
                    let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                    pushes = FleetPush.received(input, by: try GitRepository(path: repo), name: name, branch: branch)
                } else {
                    pushes = [FleetPush(repository: name, ref: ref, oldHead: old, newHead: new)]
                }
                guard !pushes.isEmpty else { return }
                let delivery = try spool.send(pushes, to: try store.url(), whatever: receive)
                if delivery.drained.queued > 0 { printOut("sent \(delivery.drained.queued) spooled push\(delivery.drained.queued == 1 ? "" : "es")") }
                for id in delivery.queued { printOut("queued event \(id) for \(name)") }
                if let reason = delivery.reason, !delivery.spooled.isEmpty {
                    printNote(
                        "spooled \(delivery.spooled.count) push\(delivery.spooled.count == 1 ? "" : "es") of \(name) in \(spool.directory) (\(reason))"
                    )
                }
            }
        }

        struct GrantReader: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "grant-reader",
                abstract: "Let a database role read the published skills, and write nothing (for agents and 'taste mcp').",
                discussion: """
                    Run it as the fleet's owner. The role must exist (CREATE ROLE NAME LOGIN PASSWORD '...'); readers then \
                    use its URL with 'taste skills', 'show' and 'export' --store ... --repo NAME.
                    """)

            @OptionGroup var store: FleetStoreOptions

            @Argument(help: "The database role that reads.")
            var role: String

            func run() throws {
                try FleetQueue(url: try store.url()).grantReader(role)
                printOut("\(role) can read the fleet's skills, and write nothing")
            }
        }
    }

    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "worker",
            abstract: "Mine the fleet's queued pushes (PostgreSQL store), one repository at a time.",
            discussion: """
                Claims a repository with every push queued for it, under a lease it renews while it works; fetches the \
                repository's mirror in --cache, mines it there and publishes its skills to the store, then waits for the \
                next push. A worker that dies lets its lease run out, and another worker takes its pushes.
                """
        )

        @OptionGroup var store: FleetStoreOptions

        @Option(help: "This worker's folder: repository mirrors and the tallies counted from them.")
        var cache: String

        @Option(help: "The name shown by status (default: host:pid).")
        var name: String?

        @Option(help: "Seconds a claim is held without renewal before another worker may take it.")
        var lease: Double = 60

        @Flag(help: "Exit once nothing is left to claim, rather than wait for pushes.")
        var exitWhenIdle = false

        func validate() throws {
            if lease < 1 { throw ValidationError("--lease must be at least 1 second.") }
        }

        func run() throws {
            let worker = try FleetWorker(url: try store.url(), cache: cache, name: name, lease: lease)
            try worker.run(exitWhenIdle: exitWhenIdle) { line in
                FileHandle.standardError.write(Data("\(worker.name): \(line)\n".utf8))
            }
        }
    }
}
