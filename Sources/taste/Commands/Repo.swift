import ArgumentParser
import Foundation
import TasteCore

/// The PostgreSQL database of a fleet: `--store`, else `TASTE_STORE`.
struct FleetStoreOptions: ParsableArguments {
    @Option(help: "The fleet's PostgreSQL store, postgres://user:password@host:port/database (default: $TASTE_STORE).")
    var store: String?

    func url() throws -> String { try Self.url(store) }

    static func url(_ store: String?) throws -> String {
        guard let url = store ?? ProcessInfo.processInfo.environment["TASTE_STORE"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ValidationError("Name the fleet's store: --store postgres://... or TASTE_STORE.")
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw ValidationError("--store must be a postgres:// URL; the SQLite store needs no option.")
        }
        return url
    }

    func validate() throws { _ = try url() }
}

extension TasteCommand {
    struct Repo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register the repositories a fleet of workers mines (PostgreSQL store).",
            subcommands: [Add.self, List.self, Push.self, GrantReader.self]
        )

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Register a repository by name with the URL workers fetch.")

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
            static let configuration = CommandConfiguration(abstract: "List the registered repositories and the head last mined.")

            @OptionGroup var store: FleetStoreOptions

            func run() throws {
                for repository in try FleetQueue(url: try store.url()).repositories() {
                    printOut("\(repository.name)\t\(repository.url)\t\(repository.head ?? "-")")
                }
            }
        }

        struct Push: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Queue a push of a registered repository for the workers (what the post-receive hook runs).")

            @OptionGroup var store: FleetStoreOptions

            @Argument(help: "The registered repository's name.")
            var name: String

            @Option(help: "The ref that moved.")
            var ref: String?

            @Option(help: "The ref's head before the push.")
            var old: String?

            @Option(help: "The ref's head after the push.")
            var new: String?

            func run() throws {
                let id = try FleetQueue(url: try store.url()).enqueue(repository: name, ref: ref, oldHead: old, newHead: new)
                printOut("queued event \(id) for \(name)")
            }
        }

        struct GrantReader: ParsableCommand {
            static let configuration = CommandConfiguration(
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
