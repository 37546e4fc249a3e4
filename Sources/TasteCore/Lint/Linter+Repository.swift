import Foundation

extension Linter {
    /// Lints a change of the repository at `repositoryPath` against its skills in `store`. `paths` (as the user
    /// typed them: relative to the current folder, or absolute) narrow it to those files and folders; the work
    /// tree's `.taste.toml` adds to the rules ignored by path.
    public func lint(_ source: ChangeSource, paths: [String] = [], repositoryPath: String, store: Store) throws -> Result {
        let repository = try GitRepository(path: repositoryPath)
        return try lint(source, paths: paths, in: repository, against: try MinedRepository.load(store: store, repositoryPath: repositoryPath))
    }

    /// Lints a change of the checkout at `checkoutPath` against what a fleet's workers published to PostgreSQL for
    /// the repository `name`.
    public func lint(
        _ source: ChangeSource, paths: [String] = [], checkoutPath: String, fleet reader: PostgresSkillReader, repository name: String
    ) throws -> Result {
        let repository = try GitRepository(path: checkoutPath)
        var mined = try reader.repository(named: name)
        // The fleet knows the repository by name only: paths are the checkout's.
        mined.record.workDir = repository.workDirectory
        return try lint(source, paths: paths, in: repository, against: mined)
    }

    private func lint(_ source: ChangeSource, paths: [String], in repository: GitRepository, against mined: MinedRepository) throws -> Result {
        var linter = self
        var excludes: [String] = []
        if let work = repository.workDirectory, let data = FileManager.default.contents(atPath: work + "/" + RepositoryConfig.fileName) {
            let config = try RepositoryConfig(toml: String(decoding: data, as: UTF8.self))
            linter.ignores.merge(config.lintIgnores) { $0 + $1 }
            excludes = config.exclude
        }
        let filters = paths.map { path -> String in
            var relative = mined.relativePath(path)
            while relative.hasSuffix("/") { relative.removeLast() }
            return relative == "." ? "" : relative
        }
        let files = try ChangeReader(repository: repository).files(source, paths: filters)
        // What mining leaves out (vendored, generated, excluded) was never the team's to write: the rules were
        // not learned from it, and a change to it (an update of a vendored library) is not held to them.
        let classifier = PathClassifier(
            gitattributes: gitattributes(of: source, in: repository), excludes: excludes,
            vendoredRoots: Self.vendoredRoots(of: source, in: repository))
        return linter.lint(
            files.filter { !classifier.isExcluded($0.path) && !Self.isGenerated($0) }, with: mined,
            neighbours: FolderNeighbours(of: source, in: repository))
    }

    /// The `.gitattributes` of the change's new side: the commit's, else the work tree's.
    private func gitattributes(of source: ChangeSource, in repository: GitRepository) -> String? {
        let data: Data?
        if case .range(.commits(_, let to)) = source {
            data = repository.fileContents(".gitattributes", at: to)
        } else {
            data = repository.workDirectory.flatMap { FileManager.default.contents(atPath: $0 + "/.gitattributes") }
        }
        return data.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The folders of another project in the change's new side: the commit's, else the last commit's (a folder
    /// vendored in the work tree but not yet committed is read as the team's own).
    static func vendoredRoots(of source: ChangeSource, in repository: GitRepository) -> [String] {
        let commit: String?
        if case .range(.commits(_, let to)) = source { commit = to } else { commit = try? repository.headCommit() }
        return commit.map { VendoredFolders.find(in: repository, at: $0) } ?? []
    }

    /// A file whose head, when the change shows it, carries a generator's marker.
    private static func isGenerated(_ file: ChangedFile) -> Bool {
        guard let language = Language(path: file.path), file.lines.first?.number == 1 else { return false }
        var head = Data()
        for line in file.lines {
            guard head.count < 2048 else { break }
            head.append(contentsOf: Array(line.text.utf8) + [0x0A])
        }
        return PathClassifier.isGenerated(head, language: language)
    }
}
