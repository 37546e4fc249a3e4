import Foundation

/// Where a command finds a repository's skills. The SQLite store knows a repository by a path inside it. A fleet's
/// PostgreSQL store knows it by the name it was registered under; its git folder is on the workers, so the change
/// a command reads, the files it repairs and the revisions it resolves come from `checkoutPath`, the checkout the
/// command runs in.
public enum SkillSource {
    case local(Store, repositoryPath: String)
    case fleet(url: String, repository: String, checkoutPath: String)

    /// The git repository a change is read from and revisions resolve in.
    public var checkoutPath: String {
        switch self {
        case .local(_, let path): path
        case .fleet(_, _, let checkout): checkout
        }
    }

    /// The skills with their versions, for the commands that read them (`log`, `diff`, `report`) or, `writing`,
    /// record a person's decision (`pin`, `mute`, `edit`, `diff --mark`). On a fleet, a role
    /// `taste repo grant-reader` made reads; writing needs the owner's role, checked before anything is done (an
    /// editor opened in vain).
    public func history(writing: Bool = false) throws -> SkillHistory {
        switch self {
        case .local(let store, let path):
            return try SkillHistory(store: store, repositoryPath: path)
        case .fleet(let url, let name, let checkout):
            let reader = try PostgresSkillReader(url: url)
            try reader.checkPrivileges(writing: writing)
            let store = PostgresStore(connection: reader.connection, url: url)
            return SkillHistory(store: store, mined: try reader.repository(named: name), repositoryPath: checkout)
        }
    }

    /// The current skills, for the commands that hold files or a change to them (`lint`, `fix`, `check`). A
    /// fleet's repository is seen from the checkout: paths relative to its work tree, and its export folder there.
    public func mined() throws -> MinedRepository {
        switch self {
        case .local(let store, let path):
            return try MinedRepository.load(store: store, repositoryPath: path)
        case .fleet(let url, let name, let checkout):
            var mined = try PostgresSkillReader(url: url).repository(named: name)
            // Outside a checkout (a CI step given --out), the skills are all there is.
            if let repository = try? GitRepository(path: checkout) { try mined.seen(from: repository) }
            return mined
        }
    }
}

extension MinedRepository {
    /// A fleet's repository as a checkout of it sees it: paths relative to the checkout's work tree, and the export
    /// folder and stale policy its work tree's `.taste.toml` names (else `.claude/skills` there).
    mutating func seen(from checkout: GitRepository) throws {
        guard let work = checkout.workDirectory else { return }
        record.workDir = work
        var folder: String?
        if let data = FileManager.default.contents(atPath: work + "/" + RepositoryConfig.fileName) {
            let config = try RepositoryConfig(toml: String(decoding: data, as: UTF8.self))
            folder = try config.checkedExportDirectory()
            omitsStale = config.omitStale
        }
        defaultExportDirectory = work + "/" + (folder ?? ".claude/skills")
    }
}
