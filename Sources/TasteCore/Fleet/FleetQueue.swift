import Foundation

/// A repository registered for the fleet's workers.
public struct FleetRepository: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var url: String
    public var head: String?
}

/// A push a `post-receive` hook queued.
public struct FleetEvent: Sendable, Equatable {
    public var id: Int64
    public var ref: String?
    public var oldHead: String?
    public var newHead: String?
    /// Passes that claimed it, this one included.
    public var attempts: Int
}

/// A repository one worker holds under a lease, with every event of it that waited: one pass covers them all.
public struct FleetClaim: Sendable, Equatable {
    public var repository: FleetRepository
    public var leaseID: Int64
    public var events: [FleetEvent]
}

/// The lease of a claim ran out and another worker may hold the repository now: this worker's pass is dropped.
public struct FleetLeaseLost: Error, LocalizedError, Equatable {
    public var repository: String
    public var errorDescription: String? {
        "the lease on \(repository) ran out before the pass ended: another worker takes its events"
    }
}

/// What `taste daemon status` shows of a fleet.
public struct FleetStatus: Sendable, Equatable, Codable {
    public struct Worker: Sendable, Equatable, Codable {
        public var name: String
        public var host: String
        public var pid: Int
        public var secondsSinceHeartbeat: Double
        public var repository: String?
        public var passes: Int
    }
    public var workers: [Worker]
    public var queued: Int
    public var processing: Int
    public var failed: Int
    public var oldestWaitingSeconds: Double?
    public var oldestWaitingRepository: String?
}

/// The fleet's shared queue on PostgreSQL. Events are rows. A worker claims a repository, not an event: the
/// repository row is taken with `FOR UPDATE SKIP LOCKED` and given a lease, and every waiting event of it is
/// claimed under that lease, so one repository is mined by one worker at a time and its events coalesce into one
/// pass. A worker that dies stops renewing; once its lease has run out another worker claims the repository
/// again, with the dead one's events. Every claim counts an attempt; after `maxAttempts` an event is set aside
/// as failed. `NOTIFY` on `channel` wakes idle workers when a push arrives.
public final class FleetQueue {
    public static let channel = "taste_events"
    public static let maxAttempts = Store.maxEventAttempts
    public let connection: PostgresConnection

    /// Connects to the fleet's database and brings its schema up to date.
    public init(url: String) throws {
        connection = try PostgresConnection(url: url)
        try PostgresSchema.migrate(connection)
    }

    /// Registers a repository by name with the URL workers fetch it from.
    @discardableResult
    public func addRepository(name: String, url: String) throws -> FleetRepository {
        do {
            let row = try connection.query(
                """
                INSERT INTO repository (git_dir, name, url, created_at)
                VALUES ($1, $2, $1, extract(epoch FROM now())) RETURNING id
                """, [url, name]
            ).first
            return FleetRepository(id: try row?.int64("id") ?? 0, name: name, url: url, head: nil)
        } catch let error as PostgresError where error.sqlState == "23505" {
            throw TasteError.usage("a repository named \(name), or with the URL \(url), is registered already")
        }
    }

    public func repositories() throws -> [FleetRepository] {
        try connection.query("SELECT id, name, url, head FROM repository WHERE url IS NOT NULL ORDER BY name").map(Self.repository)
    }

    public func repository(named name: String) throws -> FleetRepository? {
        try connection.query("SELECT id, name, url, head FROM repository WHERE url IS NOT NULL AND name = $1", [name])
            .first.map(Self.repository)
    }

    private static func repository(_ row: PostgresRow) throws -> FleetRepository {
        FleetRepository(id: try row.int64("id"), name: try row.string("name"), url: try row.string("url"), head: row["head"])
    }

    /// Lets an existing `role` read the published skills and nothing else: SELECT on the skill tables, the tallies,
    /// the reviews and the repositories' names and heads, never their URLs (which may carry a token), the queue or the workers. The
    /// role can write nothing, since it owns no table and is granted no other privilege.
    public func grantReader(_ role: String) throws {
        guard try !connection.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]).isEmpty else {
            throw TasteError.usage("no role named \(role) on the server: create it first (CREATE ROLE \(role) LOGIN PASSWORD '...')")
        }
        let grantee = try connection.quotedIdentifier(role)
        let schema = try connection.quotedIdentifier(try connection.query("SELECT current_schema() AS name").first?.string("name") ?? "public")
        try connection.transaction {
            try connection.execute("GRANT USAGE ON SCHEMA \(schema) TO \(grantee)")
            // The tallies and reviews too: `taste report` charts the counts, `taste diff` starts from the last review.
            try connection.execute(
                "GRANT SELECT ON taste_migration, skill, skill_version, review, mined_commit, counter, commit_count TO \(grantee)")
            try connection.execute("GRANT SELECT (id, name, head, mined_at) ON repository TO \(grantee)")
        }
    }

    /// Queues a push of the repository named `name` and wakes an idle worker.
    @discardableResult
    public func enqueue(repository name: String, ref: String?, oldHead: String?, newHead: String?) throws -> Int64 {
        try insertEvent(repository: name, ref: ref, oldHead: oldHead, newHead: newHead, pushedAt: nil, spoolID: nil) ?? 0
    }

    /// Queues a push that waited in a spool: it keeps the time it was made, and its spool id, under which it is
    /// queued once. False when it was queued already (a drain that died before removing the file).
    public func enqueue(spooled push: FleetPush, id: String) throws -> Bool {
        try insertEvent(
            repository: push.repository, ref: push.ref, oldHead: push.oldHead, newHead: push.newHead,
            pushedAt: Date(timeIntervalSince1970: push.pushedAt), spoolID: id) != nil
    }

    private func insertEvent(
        repository name: String, ref: String?, oldHead: String?, newHead: String?, pushedAt: Date?, spoolID: String?
    ) throws -> Int64? {
        try connection.transaction {
            guard let repository = try repository(named: name) else {
                throw TasteError.usage("no repository named \(name): 'taste repo add \(name) URL' registers it")
            }
            let row = try connection.query(
                """
                INSERT INTO event (repo_id, hook, ref, old_head, new_head, created_at, spool_id)
                VALUES ($1, 'post-receive', $2, $3, $4, coalesce(to_timestamp($5), clock_timestamp()), $6)
                ON CONFLICT (spool_id) DO NOTHING RETURNING id
                """, [repository.id, ref, oldHead, newHead, pushedAt?.timeIntervalSince1970, spoolID]
            ).first
            guard let row else { return nil }
            try connection.execute("SELECT pg_notify($1, $2)", [Self.channel, name])
            return try row.int64("id")
        }
    }

    /// The least and the most a push waits for the worker that mined its repository last (see `affinityPatience`).
    public static let patienceBounds: ClosedRange<TimeInterval> = 30...600

    /// How long a push waits for the worker that mined its repository last before any worker takes it: the time one
    /// worker would take to serve every repository waiting now (the queue's depth times the median of the last 100
    /// passes), within `patienceBounds`. A push older than that is being passed over, its worker busy with its
    /// own repositories or dead, rather than queued behind others; younger, waiting for the worker that holds its
    /// mirror and tallies costs less than another worker's first pass. So a queue that falls behind keeps its
    /// affinity, where a fixed 30 s sent every claim oldest-first; the floor is that 30 s, which a short queue
    /// keeps, and the ceiling bounds how long a dead worker's repositories wait behind busy workers' own.
    public func affinityPatience() throws -> TimeInterval {
        let row = try connection.query(
            """
            SELECT (SELECT count(DISTINCT repo_id) FROM event WHERE state IN ('queued', 'processing')) AS depth,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FROM (
                        SELECT extract(epoch FROM finished_at - claimed_at) AS seconds FROM event
                        WHERE state = 'done' AND claimed_at IS NOT NULL ORDER BY id DESC LIMIT 100) AS recent) AS pass
            """
        ).first
        let depth = Double(try row?.int("depth") ?? 0)
        let pass = try row?.optionalDouble("pass") ?? 0
        return min(max(depth * pass, Self.patienceBounds.lowerBound), Self.patienceBounds.upperBound)
    }

    /// Claims a free repository with waiting events, with a lease of `lease` seconds; nil when nothing waits that
    /// no live lease holds. Repositories this worker mined last come first (it holds their mirror and tallies),
    /// then ones nobody mined yet, then the rest, each oldest event first; a push that waited longer than
    /// `patience` (by default `affinityPatience()`) goes first whoever mined it, so the repositories of a worker
    /// that died or is busy are not left.
    public func claim(worker: String, lease: TimeInterval, patience: TimeInterval? = nil) throws -> FleetClaim? {
        let patience = try patience ?? affinityPatience()
        // A repository whose every waiting event had spent its attempts yields no claim: look at the next one.
        for _ in 0..<8 {
            let claim: FleetClaim?? = try connection.transaction {
                guard
                    let row = try connection.query(
                        """
                        WITH candidate AS (
                            SELECT r.id FROM repository r
                            WHERE (r.lease_until IS NULL OR r.lease_until < clock_timestamp())
                              AND EXISTS (SELECT 1 FROM event e WHERE e.repo_id = r.id AND e.state IN ('queued', 'processing'))
                            ORDER BY
                                CASE
                                    WHEN (SELECT min(e.created_at) FROM event e WHERE e.repo_id = r.id AND e.state IN ('queued', 'processing'))
                                        < clock_timestamp() - make_interval(secs => $3) THEN 0
                                    WHEN r.mined_by = $1 THEN 1
                                    WHEN r.mined_by IS NULL THEN 2
                                    ELSE 3
                                END,
                                (SELECT min(e.id) FROM event e WHERE e.repo_id = r.id AND e.state IN ('queued', 'processing'))
                            LIMIT 1
                            FOR UPDATE OF r SKIP LOCKED
                        )
                        UPDATE repository r SET lease_id = nextval('lease_id'), lease_worker = $1,
                            lease_until = clock_timestamp() + make_interval(secs => $2)
                        FROM candidate WHERE r.id = candidate.id
                        RETURNING r.id, r.name, r.url, r.head, r.lease_id
                        """, [worker, lease, patience]
                    ).first
                else { return .some(nil) }
                let repository = try Self.repository(row)
                let leaseID = try row.int64("lease_id")
                // Events a dead worker held on their last attempt are set aside rather than claimed again.
                try connection.execute(
                    """
                    UPDATE event SET state = 'failed', lease_id = NULL, finished_at = clock_timestamp(),
                        error = 'the worker ended during each of its ' || attempts || ' passes (a crash or a kill)'
                    WHERE repo_id = $1 AND state = 'processing' AND attempts >= $2
                    """, [repository.id, Self.maxAttempts])
                let events = try connection.query(
                    """
                    UPDATE event SET state = 'processing', attempts = attempts + 1, lease_id = $2, worker = $3,
                        claimed_at = clock_timestamp()
                    WHERE repo_id = $1 AND state IN ('queued', 'processing')
                    RETURNING id, ref, old_head, new_head, attempts
                    """, [repository.id, leaseID, worker]
                ).map { row in
                    FleetEvent(
                        id: try row.int64("id"), ref: row["ref"], oldHead: row["old_head"], newHead: row["new_head"],
                        attempts: try row.int("attempts"))
                }.sorted { $0.id < $1.id }
                guard !events.isEmpty else {
                    try release(repositoryID: repository.id, leaseID: leaseID)
                    return nil
                }
                return FleetClaim(repository: repository, leaseID: leaseID, events: events)
            }
            if let claim { return claim }
        }
        return nil
    }

    /// Extends a claim's lease; false when it was lost (it ran out and another worker claimed the repository).
    public func renew(_ claim: FleetClaim, lease: TimeInterval) throws -> Bool {
        try connection.execute(
            "UPDATE repository SET lease_until = clock_timestamp() + make_interval(secs => $3) WHERE id = $1 AND lease_id = $2",
            [claim.repository.id, claim.leaseID, lease]
        ).affected == 1
    }

    /// Marks the claim's events done and frees the repository, in one transaction with `body` (the pass's own
    /// writes), only while the lease is still held: a worker whose lease ran out changes nothing.
    public func complete<T>(_ claim: FleetClaim, head: String?, _ body: (PostgresConnection) throws -> T) throws -> T {
        try connection.transaction {
            try holdLease(claim)
            let value = try body(connection)
            try connection.execute(
                """
                UPDATE event SET state = 'done', lease_id = NULL, error = NULL, finished_at = clock_timestamp()
                WHERE lease_id = $1 AND state = 'processing'
                """, [claim.leaseID])
            try connection.execute(
                """
                UPDATE repository SET head = coalesce($2, head), mined_at = extract(epoch FROM now()), mined_by = lease_worker
                WHERE id = $1
                """,
                [claim.repository.id, head])
            try release(repositoryID: claim.repository.id, leaseID: claim.leaseID)
            return value
        }
    }

    public func complete(_ claim: FleetClaim, head: String?) throws {
        try complete(claim, head: head) { _ in () }
    }

    /// Records a failed pass: each event goes back to the queue, or is set aside once its attempts are spent.
    public func fail(_ claim: FleetClaim, error: String) throws {
        try connection.transaction {
            try holdLease(claim)
            try connection.execute(
                """
                UPDATE event SET error = $2, lease_id = NULL,
                    state = CASE WHEN attempts >= $3 THEN 'failed' ELSE 'queued' END,
                    finished_at = CASE WHEN attempts >= $3 THEN clock_timestamp() END
                WHERE lease_id = $1 AND state = 'processing'
                """, [claim.leaseID, error, Self.maxAttempts])
            try release(repositoryID: claim.repository.id, leaseID: claim.leaseID)
        }
    }

    /// Locks the repository row (a claim waits for this transaction) and checks the lease is still this claim's.
    private func holdLease(_ claim: FleetClaim) throws {
        let held = try connection.query(
            "SELECT lease_id FROM repository WHERE id = $1 FOR UPDATE", [claim.repository.id]
        ).first?["lease_id"]
        guard held == String(claim.leaseID) else { throw FleetLeaseLost(repository: claim.repository.name) }
    }

    /// Frees the repository; events that arrived during the pass wake a worker for the next one.
    private func release(repositoryID: Int64, leaseID: Int64) throws {
        try connection.execute(
            "UPDATE repository SET lease_id = NULL, lease_worker = NULL, lease_until = NULL WHERE id = $1 AND lease_id = $2",
            [repositoryID, leaseID])
        try connection.execute(
            """
            SELECT pg_notify($1, r.name) FROM repository r
            WHERE r.id = $2 AND EXISTS (SELECT 1 FROM event e WHERE e.repo_id = r.id AND e.state = 'queued')
            """, [Self.channel, repositoryID])
    }

    /// Records that `worker` is alive, and which repository it is mining.
    public func heartbeat(worker: String, repository: String?, passDone: Bool = false) throws {
        try connection.execute(
            """
            INSERT INTO worker (name, host, pid, started_at, heartbeat_at, repository)
            VALUES ($1, $2, $3, now(), now(), $4)
            ON CONFLICT (name) DO UPDATE SET heartbeat_at = now(), repository = $4,
                passes = worker.passes + CASE WHEN $5 THEN 1 ELSE 0 END
            """, [worker, ProcessInfo.processInfo.hostName, Int(getpid()), repository, passDone])
    }

    public func status() throws -> FleetStatus {
        let workers = try connection.query(
            """
            SELECT name, host, pid, extract(epoch FROM now() - heartbeat_at) AS since, repository, passes
            FROM worker ORDER BY name
            """
        ).map { row in
            FleetStatus.Worker(
                name: try row.string("name"), host: try row.string("host"), pid: try row.int("pid"),
                secondsSinceHeartbeat: try row.double("since"), repository: row["repository"], passes: try row.int("passes"))
        }
        let counts = try connection.query(
            """
            SELECT count(*) FILTER (WHERE state = 'queued') AS queued,
                   count(*) FILTER (WHERE state = 'processing') AS processing,
                   count(*) FILTER (WHERE state = 'failed') AS failed
            FROM event
            """
        ).first
        let oldest = try connection.query(
            """
            SELECT r.name, extract(epoch FROM now() - e.created_at) AS waited
            FROM event e JOIN repository r ON r.id = e.repo_id
            WHERE e.state IN ('queued', 'processing') ORDER BY e.id LIMIT 1
            """
        ).first
        return FleetStatus(
            workers: workers, queued: try counts?.int("queued") ?? 0, processing: try counts?.int("processing") ?? 0,
            failed: try counts?.int("failed") ?? 0, oldestWaitingSeconds: try oldest?.double("waited"),
            oldestWaitingRepository: oldest?["name"])
    }
}

extension FleetStatus {
    /// What `taste daemon status --store postgres://...` prints.
    public var summary: String {
        var lines = ["queue: \(queued + processing) waiting (\(processing) being mined), \(failed) failed"]
        if let seconds = oldestWaitingSeconds, let repository = oldestWaitingRepository {
            lines.append("oldest waiting event: \(repository), queued \(Self.duration(seconds)) ago")
        }
        lines.append(workers.isEmpty ? "workers: none has started" : "workers:")
        for worker in workers {
            let doing = worker.repository.map { "mining \($0)" } ?? "idle"
            lines.append(
                "  \(worker.name)  pid \(worker.pid) on \(worker.host)  last heartbeat \(Self.duration(worker.secondsSinceHeartbeat)) ago  "
                    + "\(doing)  \(worker.passes) passes")
        }
        return lines.joined(separator: "\n")
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 120 ? "\(Int(seconds.rounded())) s" : seconds < 7200 ? "\(Int(seconds / 60)) min" : "\(Int(seconds / 3600)) h"
    }
}
