import Foundation

/// The skills a fleet's workers published, read from PostgreSQL for `taste skills`, `show` and `export`. It
/// only reads, so it works with a role `taste repo grant-reader` was given, which can write nothing; it never
/// migrates (a reader may not), but refuses a store written by a newer taste. A read that finds the connection
/// lost (the server restarted) connects again once and retries, so a long `taste mcp` session outlives a restart.
public final class PostgresSkillReader: SkillReader {
    let connection: PostgresConnection

    public init(url: String) throws {
        connection = try PostgresConnection(url: url, applicationName: "taste reader")
        try Self.checkSchema(connection)
    }

    /// Refuses a database that holds no fleet, a role that may not read it, and a schema newer than this taste's.
    static func checkSchema(_ connection: PostgresConnection) throws {
        let applied: [String]
        do {
            applied = try connection.query("SELECT name FROM taste_migration").map { try $0.string("name") }
        } catch let error as PostgresError where error.sqlState == "42P01" {
            throw TasteError.store(
                "the PostgreSQL store at \(connection.server) holds no fleet yet: 'taste repo add NAME URL' registers a repository")
        } catch let error as PostgresError where error.sqlState == "42501" {
            let role = (try? currentRole(connection)) ?? "this role"
            throw TasteError.store(
                "role '\(role)' may not read the fleet's skills: the fleet's owner runs 'taste repo grant-reader \(role)'")
        }
        let known = Set(PostgresSchema.migrations.map(\.name))
        if let unknown = Set(applied).subtracting(known).sorted().first {
            throw TasteError.store("the PostgreSQL store was written by a newer taste (migration \(unknown)): upgrade taste")
        }
    }

    static func currentRole(_ connection: PostgresConnection) throws -> String {
        try connection.query("SELECT current_user AS role").first?.string("role") ?? "this role"
    }

    /// Refuses, in one line, a role without what the history commands need: the tallies and reviews (which
    /// `taste repo grant-reader` grants), and for `writing` the owner's rights over the skills and reviews.
    func checkPrivileges(writing: Bool) throws {
        let row = try connection.query(
            """
            SELECT current_user AS role,
                has_table_privilege('review', 'SELECT') AND has_table_privilege('mined_commit', 'SELECT')
                    AND has_table_privilege('counter', 'SELECT') AND has_table_privilege('commit_count', 'SELECT') AS reads,
                has_table_privilege('skill', 'UPDATE') AND has_table_privilege('skill_version', 'INSERT')
                    AND has_table_privilege('review', 'INSERT') AS writes
            """
        ).first
        let role = try row?.string("role") ?? "this role"
        guard try row?.bool("reads") == true else {
            throw TasteError.store(
                "role '\(role)' may read the fleet's skills but not its tallies and reviews: the fleet's owner runs "
                    + "'taste repo grant-reader \(role)' again")
        }
        if writing, try row?.bool("writes") != true { throw PostgresStore.readOnlyRole(role) }
    }

    /// Runs `read`; when it finds the connection lost, connects again and runs it once more.
    func reconnecting<T>(_ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch PostgresError.connectionLost {
            try connection.reconnect()
            return try read()
        }
    }

    /// The registered repository `name` with its published skills, as the commands render a mined repository.
    public func repository(named name: String) throws -> MinedRepository {
        try reconnecting {
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
            var mined = MinedRepository(record: record, skills: try PostgresStore.skills(connection, repoID: id, includeRetired: false))
            mined.readsRepositoryFiles = false
            return mined
        }
    }

    public func skills(repoID: Int64, includeRetired: Bool) throws -> [Skill] {
        try reconnecting { try PostgresStore.skills(connection, repoID: repoID, includeRetired: includeRetired) }
    }

    public func versions(repoID: Int64, skill name: String) throws -> [SkillVersionRecord] {
        try reconnecting { try PostgresStore.versions(connection, repoID: repoID, skill: name) }
    }
}
