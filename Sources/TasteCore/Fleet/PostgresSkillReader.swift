import Foundation

/// The skills a fleet's workers published, read from PostgreSQL for `taste skills`, `show` and `export`. It
/// only reads, so it works with a role `taste repo grant-reader` was given, which can write nothing; it never
/// migrates (a reader may not), but refuses a store written by a newer taste.
public final class PostgresSkillReader: SkillReader {
    let connection: PostgresConnection

    public init(url: String) throws {
        connection = try PostgresConnection(url: url, applicationName: "taste reader")
        try checkSchema()
    }

    private func checkSchema() throws {
        let applied: [String]
        do {
            applied = try connection.query("SELECT name FROM taste_migration").map { try $0.string("name") }
        } catch let error as PostgresError where error.sqlState == "42P01" {
            throw TasteError.store(
                "the PostgreSQL store at \(connection.server) holds no fleet yet: 'taste repo add NAME URL' registers a repository")
        } catch let error as PostgresError where error.sqlState == "42501" {
            let role = (try? connection.query("SELECT current_user AS role").first?.string("role")) ?? "this role"
            throw TasteError.store(
                "role '\(role)' may not read the fleet's skills: the fleet's owner runs 'taste repo grant-reader \(role)'")
        }
        let known = Set(PostgresSchema.migrations.map(\.name))
        if let unknown = Set(applied).subtracting(known).sorted().first {
            throw TasteError.store("the PostgreSQL store was written by a newer taste (migration \(unknown)): upgrade taste")
        }
    }

    /// The registered repository `name` with its published skills, as the commands render a mined repository.
    public func repository(named name: String) throws -> MinedRepository {
        guard
            let row = try connection.query(
                "SELECT id, name, head, mined_at FROM repository WHERE name = $1 ORDER BY id LIMIT 1", [name]
            ).first
        else {
            throw TasteError.usage("no repository named \(name) in the fleet's store: 'taste repo list' shows the registered ones")
        }
        let id = try row.int64("id")
        guard let head = row["head"] else {
            throw TasteError.usage("\(name) has not been mined yet: a worker publishes its skills after the first push it mines")
        }
        // Workers hold the repository's git folder; here it is known by its name only.
        let record = RepositoryRecord(
            id: id, gitDir: name, workDir: nil, name: name, ref: nil, head: head,
            minedAt: try row.optionalDouble("mined_at").map(Date.init(timeIntervalSince1970:)), createdAt: Date(timeIntervalSince1970: 0))
        var mined = MinedRepository(record: record, skills: try skills(repoID: id, includeRetired: false))
        mined.readsRepositoryFiles = false
        return mined
    }

    public func skills(repoID: Int64, includeRetired: Bool) throws -> [Skill] {
        try PostgresStore.skills(connection, repoID: repoID, includeRetired: includeRetired)
    }

    public func versions(repoID: Int64, skill name: String) throws -> [SkillVersionRecord] {
        try PostgresStore.versions(connection, repoID: repoID, skill: name)
    }
}
