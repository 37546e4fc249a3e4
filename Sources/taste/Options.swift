import ArgumentParser
import Foundation
import TasteCore

/// The repository a command works on.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: "A path inside the repository (a work tree, a .git folder or a bare repository).")
    var repo: String = "."
}

/// The repository a command reads or changes the skills of: a path in the SQLite store, or with a fleet's
/// PostgreSQL store (`--store`, else `TASTE_STORE`, else `store` in the user's config.toml) a registered repository's
/// name, the change and work tree then coming from the current folder.
struct ReadRepositoryOptions: ParsableArguments {
    @Option(name: .long, help: "A path inside the repository (a work tree, a .git folder or a bare repository); with --store, a registered name.")
    var repo: String = "."

    @Option(help: "Use the skills a fleet's workers publish to PostgreSQL, postgres://... (default: $TASTE_STORE, else store in config.toml).")
    var store: String?

    /// The git repository the change is read from and revisions resolve in: with a fleet's store, --repo names the
    /// fleet's repository and the checkout is the current folder.
    var checkoutPath: String { (try? fleetURL()) == nil ? repo : "." }

    /// The fleet's URL, or nil for the SQLite store.
    func fleetURL() throws -> String? {
        guard let url = try FleetStoreOptions.chosen(store) else { return nil }
        return try FleetStoreOptions.url(url)
    }

    func validate() throws {
        if try fleetURL() != nil, repo == "." {
            throw ValidationError("Name the fleet's repository: --repo NAME ('taste repo list' shows them).")
        }
    }

    /// Where the repository's skills are: the SQLite store (made first when `creating`), or the fleet's store.
    func source(creating: Bool = false) throws -> SkillSource {
        if let url = try fleetURL() { return .fleet(url: url, repository: repo, checkoutPath: ".") }
        return .local(try openStore(creating: creating), repositoryPath: repo)
    }

    /// The repository's stored skills, from whichever store was chosen.
    func open() throws -> StoredSkills {
        if let url = try fleetURL() {
            let reader = try PostgresSkillReader(url: url)
            return StoredSkills(reader: reader, mined: try reader.repository(named: repo))
        }
        return try SkillHistory(store: try openStore(creating: false), repositoryPath: repo).stored
    }
}

func openStore(creating: Bool) throws -> Store {
    let path = Store.defaultPath()
    if creating { return try Store(path: path) }
    guard let store = try Store.existing(path: path) else { throw TasteError.notMinedYet("this machine (no store at \(path))") }
    return store
}

/// Runs a core check from `validate()`: its usage error is reported as a validation error, with the usage.
@discardableResult
func validated<T>(_ check: () throws -> T) throws -> T {
    do {
        return try check()
    } catch let error as TasteError {
        throw ValidationError(error.errorDescription ?? "\(error)")
    }
}
