import ArgumentParser
import TasteCore

extension TasteCommand {
    struct MCP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mcp",
            abstract: "Serve the repository's skills to agents over the Model Context Protocol (stdio).",
            discussion: """
                Tools: list_skills, get_skill, skills_for_path, skill_diff; each skill is also a resource \
                (taste://skills/<name>, and its evidence at taste://skills/<name>/references/evidence.md). The store is read at every call, so a merge the daemon just mined is visible \
                at once. Register it with your agent as the command `taste mcp --repo /path/to/repo`.
                """
        )

        @OptionGroup var repository: RepositoryOptions

        func run() throws {
            let store = try openStore(creating: true)
            MCPServer(store: store, repositoryPath: repository.repo, version: TasteCommand.configuration.version).serve()
        }
    }
}
