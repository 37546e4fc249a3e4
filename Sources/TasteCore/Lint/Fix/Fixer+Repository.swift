import Foundation

extension Fixer {
    /// Fixes a change of the repository at `repositoryPath` under its skills in `store`, reading it as
    /// `taste lint` does (`paths`, `.taste.toml`'s `[lint.ignore]` included). For a change read from the
    /// repository, a file is repaired only where the work tree holds exactly the text that was fixed: the
    /// index's with `--staged`, the last commit's with `--diff`; other files are left alone and named.
    public func fix(_ source: ChangeSource, paths: [String] = [], repositoryPath: String, store: Store) throws -> Result {
        try fix(source, paths: paths, from: .local(store, repositoryPath: repositoryPath))
    }

    /// Fixes a change of the checkout `skills` names under its skills: the SQLite store's, or what a fleet's
    /// workers published for the repository.
    public func fix(_ source: ChangeSource, paths: [String] = [], from skills: SkillSource) throws -> Result {
        try fix(source, paths: paths, in: try GitRepository(path: skills.checkoutPath), against: try skills.mined())
    }

    /// Fixes a change under `mined`'s skills. Without a repository (a fleet's MCP server run outside a checkout)
    /// the change must be a patch, read on its own.
    func fix(_ source: ChangeSource, paths: [String], in repository: GitRepository?, against mined: MinedRepository) throws -> Result {
        var fixer = self
        if let work = repository?.workDirectory, let data = FileManager.default.contents(atPath: work + "/" + RepositoryConfig.fileName) {
            let config = try RepositoryConfig(toml: String(decoding: data, as: UTF8.self))
            fixer.linter.ignores.merge(config.lintIgnores) { $0 + $1 }
        }
        let filters = paths.map { path -> String in
            var relative = mined.relativePath(path)
            while relative.hasSuffix("/") { relative.removeLast() }
            return relative == "." ? "" : relative
        }
        var files = try Linter.files(source, paths: filters, in: repository)
        // Another project's folder is left as lint leaves it: its style is not the team's to repair.
        let vendored = PathClassifier(vendoredRoots: repository.map { Linter.vendoredRoots(of: source, in: $0) } ?? [])
        let outside = files.filter { vendored.isExcluded($0.path) }
        files.removeAll { vendored.isExcluded($0.path) }
        var result = fixer.fix(files, with: mined, neighbours: repository.flatMap { FolderNeighbours(of: source, in: $0) })
        result.skipped += outside.map { Note(path: $0.path, rule: nil, reason: "vendored") }
        guard case .range(let range) = source else { return result }
        guard let work = repository?.workDirectory else { throw TasteError.usage("a bare repository has no work tree to fix") }
        result.files.removeAll { file in
            guard let reason = Self.workTreeMismatch(file, in: work, range) else { return false }
            result.skipped.append(Note(path: file.path, rule: nil, reason: reason))
            result.changes.removeAll { $0.path == file.path }
            return true
        }
        return result
    }

    /// Why the work tree's copy of `file` cannot take the repair, if it cannot.
    static func workTreeMismatch(_ file: FixedFile, in work: String, _ range: ChangeRange) -> String? {
        guard file.original.isWhole else { return "too large to read whole" }
        guard let data = FileManager.default.contents(atPath: work + "/" + file.path) else { return "not in the work tree" }
        // Byte for byte: a decoder may drop a BOM or replace what is not UTF-8.
        guard data != Data(file.originalText.utf8) else { return nil }
        guard String(data: data, encoding: .utf8) != nil else { return "not valid UTF-8" }
        switch range {
        case .staged: return "the work tree differs from the index: stage or stash its changes first"
        case .commits: return "the work tree differs from the commit: check it out to fix it"
        case .workTree: return "changed while it was being fixed"
        }
    }

    /// Writes each fixed file over its work-tree copy atomically (a temporary file beside it, renamed over
    /// it), keeping its permissions. A read-only file is not written. Returns the files that could not be.
    public static func write(_ files: [FixedFile], in work: String) -> [Note] {
        var failures: [Note] = []
        for file in files {
            let path = work + "/" + file.path
            do {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                // Renaming over a link would replace the link, not the file it points to.
                guard attributes[.type] as? FileAttributeType != .typeSymbolicLink else {
                    failures.append(Note(path: file.path, rule: nil, reason: "a symbolic link"))
                    continue
                }
                let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o644
                // Checked on the mode bits, not with access(2): root may write anything.
                guard permissions & 0o200 != 0 else {
                    failures.append(Note(path: file.path, rule: nil, reason: "the file is read-only"))
                    continue
                }
                let folder = (path as NSString).deletingLastPathComponent
                let temporary = folder + "/.\((path as NSString).lastPathComponent).taste-fix-\(getpid())"
                guard FileManager.default.createFile(atPath: temporary, contents: Data(file.fixedText.utf8)) else {
                    failures.append(Note(path: file.path, rule: nil, reason: "cannot write beside it (is the folder writable?)"))
                    continue
                }
                do {
                    try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary)
                } catch {
                    try? FileManager.default.removeItem(atPath: temporary)
                    throw error
                }
                guard Foundation.rename(temporary, path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    try? FileManager.default.removeItem(atPath: temporary)
                    failures.append(Note(path: file.path, rule: nil, reason: "cannot replace it: \(reason)"))
                    continue
                }
            } catch {
                failures.append(Note(path: file.path, rule: nil, reason: (error as? LocalizedError)?.errorDescription ?? "\(error)"))
            }
        }
        return failures
    }
}
