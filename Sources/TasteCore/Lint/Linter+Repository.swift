import Foundation

extension Linter {
    /// Lints a change of the repository at `repositoryPath` against its skills in `store`. `paths` (as the user
    /// typed them: relative to the current folder, or absolute) narrow it to those files and folders; the work
    /// tree's `.taste.toml` adds to the rules ignored by path.
    public func lint(_ source: ChangeSource, paths: [String] = [], repositoryPath: String, store: Store) throws -> Result {
        let repository = try GitRepository(path: repositoryPath)
        let mined = try MinedRepository.load(store: store, repositoryPath: repositoryPath)
        var linter = self
        if let work = repository.workDirectory, let data = FileManager.default.contents(atPath: work + "/" + RepositoryConfig.fileName) {
            let config = try RepositoryConfig(toml: String(decoding: data, as: UTF8.self))
            linter.ignores.merge(config.lintIgnores) { $0 + $1 }
        }
        let filters = paths.map { path -> String in
            var relative = mined.relativePath(path)
            while relative.hasSuffix("/") { relative.removeLast() }
            return relative == "." ? "" : relative
        }
        let files = try ChangeReader(repository: repository).files(source, paths: filters)
        return linter.lint(files, with: mined)
    }
}
