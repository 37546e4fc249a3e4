import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand {
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install the git hooks that hand each merge into the default branch to the daemon.",
            discussion: """
                Installs post-merge and post-rewrite (or post-receive with --server, in a bare repository) where git \
                runs hooks: core.hooksPath when set, else the common hooks folder every worktree shares. A hook that \
                is already there is kept and chained: it runs first and its exit status still counts. Installing \
                twice changes nothing. The branch is the one HEAD names now; `git config taste.branch NAME` changes it.

                With --server --store postgres://..., the post-receive hook queues each push to the default branch for \
                a fleet's workers instead (`taste repo push`), under the repository's name: `git config taste.name`, \
                else its path under --root (or its folder's name) without .git. When PostgreSQL cannot be reached the \
                hook spools the push, and the next push sends it. --root installs it in every bare repository under DIR.
                """
        )

        @OptionGroup var repository: RepositoryOptions

        @Flag(help: "Install post-receive, for pushes to a bare repository on a server.")
        var server = false

        @Option(help: "The default branch to follow (default: the branch HEAD names).")
        var branch: String?

        @Flag(help: "Let the hook start the daemon when it is not running.")
        var autostart = false

        @Flag(help: "Also install a pre-commit hook that runs 'taste lint --staged': findings stop the commit.")
        var lint = false

        @Option(help: "With --server: queue pushes in this fleet's PostgreSQL store, postgres://... (the hook keeps the URL).")
        var store: String?

        @Option(help: "With --server: install in every bare repository under this folder.")
        var root: String?

        func validate() throws {
            if server && lint { throw ValidationError("--lint needs a work tree to commit in; a server's bare repository has none") }
            if !server, store != nil || root != nil { throw ValidationError("--store and --root are for a server's bare repositories: add --server") }
            if root != nil, repository.repo != "." { throw ValidationError("--root finds the repositories itself: drop --repo") }
            if let store { _ = try FleetStoreOptions.url(store) }
        }

        func run() throws {
            if server, store != nil || root != nil {
                try installOnServer()
                return
            }
            let installer = try HookInstaller(repositoryPath: repository.repo)
            let actions = try installer.install(
                server: server, lint: lint, tastePath: TasteCore.Daemon.executablePath(), branch: branch,
                autostart: autostart)
            printOut(installer.installReport(actions))
        }

        /// The server hooks on one bare repository or every one under --root: the fleet's hook with --store.
        private func installOnServer() throws {
            let paths = try root.map { try HookInstaller.bareRepositories(under: $0) } ?? [repository.repo]
            if let root, paths.isEmpty { throw TasteError.usage("no bare repository under \(root)") }
            var reports: [String] = []
            var names: [String] = []
            for path in paths {
                let installer = try HookInstaller(repositoryPath: path)
                guard let store else {
                    let actions = try installer.install(
                        server: true, tastePath: TasteCore.Daemon.executablePath(), branch: branch, autostart: autostart)
                    reports.append(installer.installReport(actions))
                    continue
                }
                let name = installer.fleetName(under: root)
                let actions = try installer.installFleet(store: store, name: name, tastePath: TasteCore.Daemon.executablePath(), branch: branch)
                reports.append(installer.installReport(actions) + "\nqueues pushes as \(Self.shown(name))")
                names.append(name)
            }
            printOut(reports.joined(separator: "\n\n"))
            if let store, !names.isEmpty { noteUnregistered(names, store: store) }
        }

        /// A name on one line, quoted only when it holds a line break.
        private static func shown(_ name: String) -> String {
            name.contains("\n") || name.contains("\r") ? name.debugDescription : name
        }

        /// Says which names the fleet does not know yet: their pushes would be refused until registered.
        private func noteUnregistered(_ names: [String], store: String) {
            do {
                let registered = Set(try FleetQueue(url: store).repositories().map(\.name))
                for name in names where !registered.contains(name) {
                    printNote("no repository named \(Self.shown(name)) in the fleet yet: 'taste repo add NAME URL' registers it")
                }
            } catch {
                printNote("\((error as? LocalizedError)?.errorDescription ?? "\(error)"); the hooks spool pushes until it answers")
            }
        }
    }
}
