import ArgumentParser
import TasteCore

extension TasteCommand {
    struct MCP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve the repository's skills to agents over the Model Context Protocol (stdio).",
            discussion: """
                Tools: list_skills, get_skill, skills_for_path, skill_diff, lint_patch, fix_patch; each skill is also a resource \
                (taste://skills/<name>, and its evidence at taste://skills/<name>/references/evidence.md). The store is read at every call, so a merge the daemon just mined is visible \
                at once. Register it with your agent as the command `taste mcp --repo /path/to/repo`. \
                With a fleet's PostgreSQL store (--store or TASTE_STORE), `--repo NAME` serves a registered repository's \
                published skills, and lint_patch and fix_patch hold a patch to them (with the .taste.toml of the checkout \
                the server runs in, if any). A connection the server lost (PostgreSQL restarted) is made again at the next call.
                """
        )

        @OptionGroup var repository: ReadRepositoryOptions

        func run() throws {
            if let url = try repository.fleetURL() {
                let reader = try PostgresSkillReader(url: url)
                _ = try reader.repository(named: repository.repo)
                MCPServer(fleet: reader, repository: repository.repo, version: TasteCommand.configuration.version).serve()
                return
            }
            let store = try openStore(creating: true)
            MCPServer(store: store, repositoryPath: repository.repo, version: TasteCommand.configuration.version).serve()
        }
    }
}
