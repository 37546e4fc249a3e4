import Foundation

extension Linter {
    /// Lints a change of the repository at `repositoryPath` against its skills in `store`. `paths` (as the user
    /// typed them: relative to the current folder, or absolute) narrow it to those files and folders; the work
    /// tree's `.taste.toml` adds to the rules ignored by path.
    public func lint(_ source: ChangeSource, paths: [String] = [], repositoryPath: String, store: Store) throws -> Result {
        try lint(source, paths: paths, from: .local(store, repositoryPath: repositoryPath))
    }

    /// Lints a change of the checkout `skills` names against its skills: the SQLite store's, or what a fleet's
    /// workers published to PostgreSQL for the repository.
    public func lint(_ source: ChangeSource, paths: [String] = [], from skills: SkillSource) throws -> Result {
        let repository = try GitRepository(path: skills.checkoutPath)
        return try lint(source, paths: paths, in: repository, against: try skills.mined())
    }

    /// Lints a change against `mined`'s skills. Without a repository (a fleet's MCP server run outside a checkout)
    /// the change must be a patch, read on its own.
    func lint(_ source: ChangeSource, paths: [String], in repository: GitRepository?, against mined: MinedRepository) throws -> Result {
        var linter = self
        var excludes: [String] = []
        if let work = repository?.workDirectory, let data = FileManager.default.contents(atPath: work + "/" + RepositoryConfig.fileName) {
            let config = try RepositoryConfig(toml: String(decoding: data, as: UTF8.self))
            linter.ignores.merge(config.lintIgnores) { $0 + $1 }
            excludes = config.exclude
        }
        let filters = paths.map { path -> String in
            var relative = mined.relativePath(path)
            while relative.hasSuffix("/") { relative.removeLast() }
            return relative == "." ? "" : relative
        }
        let files = try Self.files(source, paths: filters, in: repository)
        // What mining leaves out (vendored, generated, excluded) was never the team's to write: the rules were
        // not learned from it, and a change to it (an update of a vendored library) is not held to them.
        let classifier = PathClassifier(
            gitattributes: repository.flatMap { gitattributes(of: source, in: $0) }, excludes: excludes,
            vendoredRoots: repository.map { Self.vendoredRoots(of: source, in: $0) } ?? [])
        return linter.lint(
            files.filter { !classifier.isExcluded($0.path) && !Self.isGenerated($0) }, with: mined,
            neighbours: repository.flatMap { FolderNeighbours(of: source, in: $0) })
    }

    /// The change's files: read through the repository, or from the patch alone when there is none.
    static func files(_ source: ChangeSource, paths: [String], in repository: GitRepository?) throws -> [ChangedFile] {
        if let repository { return try ChangeReader(repository: repository).files(source, paths: paths) }
        guard case .patch(let patch) = source else { throw TasteError.usage("a change in a work tree, index or commits needs a git checkout") }
        return try ChangeReader.files(inPatch: patch, paths: paths)
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

    /// The folders of another project, and of samples in test trees, in the change's new side: the commit's, else
    /// the last commit's (a folder vendored in the work tree but not yet committed is read as the team's own).
    static func vendoredRoots(of source: ChangeSource, in repository: GitRepository) -> [String] {
        let commit: String?
        if case .range(.commits(_, let to)) = source { commit = to } else { commit = try? repository.headCommit() }
        return commit.map { VendoredFolders.find(in: repository, at: $0) + SampleFolders.find(in: repository, at: $0) } ?? []
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
