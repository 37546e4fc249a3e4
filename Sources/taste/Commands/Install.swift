import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install the git hooks that hand each merge into the default branch to the daemon.",
            discussion: """
                Installs post-merge and post-rewrite (or post-receive with --server, in a bare repository) where git \
                runs hooks: core.hooksPath when set, else the common hooks folder every worktree shares. A hook that \
                is already there is kept and chained: it runs first and its exit status still counts. Installing \
                twice changes nothing. The branch is the one HEAD names now; `git config taste.branch NAME` changes it.
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

        func validate() throws {
            if server && lint { throw ValidationError("--lint needs a work tree to commit in; a server's bare repository has none") }
        }

        func run() throws {
            let installer = try HookInstaller(repositoryPath: repository.repo)
            let actions = try installer.install(
                server: server, lint: lint, tastePath: TasteCore.Daemon.executablePath(), branch: branch,
                autostart: autostart)
            printOut(installer.installReport(actions))
        }
    }
}
