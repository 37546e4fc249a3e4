import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// The fleet's schema and queue on a real PostgreSQL server, with several connections standing for workers.
final class FleetQueueTests: XCTestCase {
    func testMigrationsRunOnceEvenFromWorkersStartingTogether() throws {
        let url = try makePostgresDatabase()
        let applied = Locked<[String]>([])
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let connection = try PostgresConnection(url: url)
                let now = try PostgresSchema.migrate(connection)
                applied.update { $0 += now }
            } catch {
                failures.update { $0.append("\(error)") }
            }
        }
        XCTAssertEqual(failures.value, [])
        XCTAssertEqual(applied.value, PostgresSchema.migrations.map(\.name))
        let connection = try PostgresConnection(url: url)
        XCTAssertEqual(try PostgresSchema.migrate(connection), [])
        try connection.execute("INSERT INTO taste_migration (name) VALUES ($1)", ["v99-from-the-future"])
        XCTAssertThrowsError(try PostgresSchema.migrate(connection)) {
            XCTAssertEqual(
                $0.localizedDescription,
                "store: the PostgreSQL store was written by a newer taste (migration v99-from-the-future): upgrade taste")
        }
    }

    func testTheDatabaseKeepsSkillVersionsAppendOnlyAndRowsConsistent() throws {
        let queue = try FleetQueue(url: try makePostgresDatabase())
        let connection = queue.connection
        let repository = try queue.addRepository(name: "api", url: "/srv/git/api.git")
        let skill = try XCTUnwrap(
            try connection.query("INSERT INTO skill (repo_id, name, current) VALUES ($1, 'naming', 'x') RETURNING id", [repository.id])
                .first?.int64("id"))
        try connection.execute(
            """
            INSERT INTO skill_version (skill_id, version, status, content, semantic_key, mined_through, author, created_at)
            VALUES ($1, 1, 'active', 'Use camelCase.', 'k', 'abc', 'taste', 0)
            """, [skill])
        XCTAssertThrowsError(try connection.execute("UPDATE skill_version SET content = $1", ["rewritten"])) {
            XCTAssertEqual($0.localizedDescription, "PostgreSQL: skill versions are append-only")
        }
        XCTAssertThrowsError(
            try connection.execute(
                """
                INSERT INTO skill_version (skill_id, version, status, content, semantic_key, mined_through, author, created_at)
                VALUES ($1, 2, 'bogus', '', 'k', 'abc', 'taste', 0)
                """, [skill])
        ) { XCTAssertEqual(($0 as? PostgresError)?.sqlState, "23514", "a check") }
        XCTAssertThrowsError(
            try connection.execute(
                "INSERT INTO mined_commit (repo_id, sha, time, author, files, lines, skipped) VALUES ($1, 'a', 0, 'x', 0, 0, 0)", [9999])
        ) { XCTAssertEqual(($0 as? PostgresError)?.sqlState, "23503", "a foreign key") }
        XCTAssertThrowsError(try queue.addRepository(name: "api", url: "/srv/git/other.git")) {
            XCTAssertEqual($0.localizedDescription, "a repository named api, or with the URL /srv/git/other.git, is registered already")
        }
        try connection.execute("DELETE FROM repository WHERE id = $1", [repository.id])
        XCTAssertEqual(try connection.query("SELECT count(*) AS n FROM skill_version").first?.int("n"), 0, "cascades")
    }

    func testPushesToOneRepositoryCoalesceIntoOneClaimThatOneWorkerHolds() throws {
        let url = try makePostgresDatabase()
        let hook = try FleetQueue(url: url), first = try FleetQueue(url: url), second = try FleetQueue(url: url)
        try hook.addRepository(name: "api", url: "/srv/git/api.git")
        try hook.addRepository(name: "web", url: "/srv/git/web.git")
        let a1 = try hook.enqueue(repository: "api", ref: "refs/heads/main", oldHead: "0", newHead: "1")
        let w1 = try hook.enqueue(repository: "web", ref: "refs/heads/main", oldHead: "0", newHead: "1")
        let a2 = try hook.enqueue(repository: "api", ref: "refs/heads/main", oldHead: "1", newHead: "2")
        XCTAssertThrowsError(try hook.enqueue(repository: "nope", ref: nil, oldHead: nil, newHead: nil)) {
            XCTAssertEqual($0.localizedDescription, "no repository named nope: 'taste repo add nope URL' registers it")
        }

        let apiClaim = try XCTUnwrap(try first.claim(worker: "w1", lease: 300))
        XCTAssertEqual(apiClaim.repository.name, "api", "the oldest waiting event first")
        XCTAssertEqual(apiClaim.events.map(\.id), [a1, a2], "one pass covers every waiting push")
        let a3 = try hook.enqueue(repository: "api", ref: "refs/heads/main", oldHead: "2", newHead: "3")
        let webClaim = try XCTUnwrap(try second.claim(worker: "w2", lease: 300))
        XCTAssertEqual(webClaim.events.map(\.id), [w1], "api is held: the other worker takes web, not api's new push")
        XCTAssertNil(try second.claim(worker: "w2", lease: 300))

        try first.complete(apiClaim, head: "2")
        XCTAssertEqual(try hook.repository(named: "api")?.head, "2")
        let next = try XCTUnwrap(try second.claim(worker: "w2", lease: 300))
        XCTAssertEqual(next.events.map(\.id), [a3], "the push that came during the pass waits for the next one")
        try second.complete(next, head: "3")
        try second.complete(webClaim, head: "1")
        let status = try hook.status()
        XCTAssertEqual([status.queued, status.processing, status.failed], [0, 0, 0])
        XCTAssertNil(status.oldestWaitingRepository)
    }

    func testAnExpiredLeaseIsClaimedAgainAndTheDeadWorkersCompletionChangesNothing() throws {
        let url = try makePostgresDatabase()
        let hook = try FleetQueue(url: url), dead = try FleetQueue(url: url), alive = try FleetQueue(url: url)
        try hook.addRepository(name: "api", url: "/srv/git/api.git")
        let event = try hook.enqueue(repository: "api", ref: nil, oldHead: nil, newHead: "1")
        let lost = try XCTUnwrap(try dead.claim(worker: "dead", lease: 300))
        XCTAssertNil(try alive.claim(worker: "alive", lease: 300), "a live lease holds the repository")
        // The dead worker's lease runs out (moved into the past rather than waited for).
        try hook.connection.execute("UPDATE repository SET lease_until = now() - interval '1 second'")

        let retaken = try XCTUnwrap(try alive.claim(worker: "alive", lease: 300))
        XCTAssertEqual(retaken.events.map(\.id), [event])
        XCTAssertEqual(retaken.events.map(\.attempts), [2])
        XCTAssertFalse(try dead.renew(lost, lease: 300))
        XCTAssertThrowsError(try dead.complete(lost, head: "stale")) { XCTAssertEqual($0 as? FleetLeaseLost, FleetLeaseLost(repository: "api")) }
        XCTAssertEqual(try hook.status().processing, 1, "the dead worker's completion changed nothing")
        XCTAssertTrue(try alive.renew(retaken, lease: 300))
        try alive.complete(retaken, head: "1")
        XCTAssertEqual(try hook.connection.query("SELECT state, worker FROM event").map { [$0["state"], $0["worker"]] }, [["done", "alive"]])
    }

    func testAnEventWhoseWorkersKeepDyingIsSetAsideAfterItsAttempts() throws {
        let url = try makePostgresDatabase()
        let queue = try FleetQueue(url: url)
        try queue.addRepository(name: "poison", url: "/srv/git/poison.git")
        try queue.enqueue(repository: "poison", ref: nil, oldHead: nil, newHead: "1")
        for attempt in 1...FleetQueue.maxAttempts {
            XCTAssertEqual(try queue.claim(worker: "w", lease: 300)?.events.map(\.attempts), [attempt])
            try queue.connection.execute("UPDATE repository SET lease_until = now() - interval '1 second'")
        }
        XCTAssertNil(try queue.claim(worker: "w", lease: 300))
        let row = try XCTUnwrap(try queue.connection.query("SELECT state, error FROM event").first)
        XCTAssertEqual(row["state"], "failed")
        XCTAssertEqual(row["error"], "the worker ended during each of its 3 passes (a crash or a kill)")
        XCTAssertEqual(try queue.status().failed, 1)
        XCTAssertNil(try queue.connection.query("SELECT lease_id FROM repository").first?["lease_id"], "the repository is free")
    }

    func testAFailedPassRequeuesItsEvents() throws {
        let queue = try FleetQueue(url: try makePostgresDatabase())
        try queue.addRepository(name: "api", url: "/srv/git/api.git")
        try queue.enqueue(repository: "api", ref: nil, oldHead: nil, newHead: "1")
        try queue.fail(try XCTUnwrap(try queue.claim(worker: "w", lease: 300)), error: "cannot fetch /srv/git/api.git")
        let status = try queue.status()
        XCTAssertEqual([status.queued, status.failed], [1, 0])
        XCTAssertEqual(status.oldestWaitingRepository, "api")
        XCTAssertEqual(try queue.claim(worker: "w", lease: 300)?.events.map(\.attempts), [2])
    }

    func testAnIdleWorkerIsWokenByAPush() throws {
        let url = try makePostgresDatabase()
        let worker = try FleetQueue(url: url), hook = try FleetQueue(url: url)
        try hook.addRepository(name: "api", url: "/srv/git/api.git")
        try worker.connection.listen(FleetQueue.channel)
        try hook.enqueue(repository: "api", ref: nil, oldHead: nil, newHead: "1")
        XCTAssertEqual(try worker.connection.waitForNotification(timeout: 30)?.payload, "api")
    }

    /// Many workers racing for many repositories: every event is claimed and completed exactly once, and no two
    /// workers ever hold the same repository.
    func testRacingWorkersCompleteEveryEventOnceAndNeverShareARepository() throws {
        let url = try makePostgresDatabase()
        let hook = try FleetQueue(url: url)
        for index in 0..<20 {
            try hook.addRepository(name: "r\(index)", url: "/srv/git/r\(index).git")
            for push in 0..<3 { try hook.enqueue(repository: "r\(index)", ref: nil, oldHead: nil, newHead: "\(push)") }
        }
        let completed = Locked<[Int64]>([])
        let holding = Locked<Set<String>>([])
        let problems = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            do {
                let queue = try FleetQueue(url: url)
                while let claim = try queue.claim(worker: "w\(index)", lease: 300) {
                    let name = claim.repository.name
                    holding.update { if !$0.insert(name).inserted { problems.update { $0.append("\(name) held twice") } } }
                    try queue.complete(claim, head: nil)
                    holding.update { $0.remove(name) }
                    completed.update { $0 += claim.events.map(\.id) }
                }
            } catch {
                problems.update { $0.append("\(error)") }
            }
        }
        XCTAssertEqual(problems.value, [])
        XCTAssertEqual(completed.value.count, 60)
        XCTAssertEqual(Set(completed.value).count, 60, "no event completed twice")
        XCTAssertEqual(try hook.connection.query("SELECT count(*) AS n FROM event WHERE state = 'done'").first?.int("n"), 60)
    }

    /// A worker takes the repositories it mined last before older pushes of others' (it holds their mirror and
    /// tallies), then ones nobody mined; a push that waited past the patience goes first whoever mined it.
    func testAWorkerPrefersTheRepositoriesItMinedLast() throws {
        let url = try makePostgresDatabase()
        let hook = try FleetQueue(url: url), first = try FleetQueue(url: url), second = try FleetQueue(url: url)
        for name in ["api", "web", "new"] { try hook.addRepository(name: name, url: "/srv/git/\(name).git") }
        try hook.enqueue(repository: "api", ref: nil, oldHead: nil, newHead: "1")
        try hook.enqueue(repository: "web", ref: nil, oldHead: nil, newHead: "1")
        try first.complete(try XCTUnwrap(try first.claim(worker: "w1", lease: 60)), head: "1")
        try second.complete(try XCTUnwrap(try second.claim(worker: "w2", lease: 60)), head: "1")
        XCTAssertEqual(
            try hook.connection.query("SELECT name, mined_by FROM repository ORDER BY name").map { [$0["name"], $0["mined_by"]] },
            [["api", "w1"], ["new", nil], ["web", "w2"]])

        try hook.enqueue(repository: "web", ref: nil, oldHead: "1", newHead: "2")
        try hook.enqueue(repository: "new", ref: nil, oldHead: nil, newHead: "1")
        try hook.enqueue(repository: "api", ref: nil, oldHead: "1", newHead: "2")
        let own = try XCTUnwrap(try first.claim(worker: "w1", lease: 60))
        XCTAssertEqual(own.repository.name, "api", "its own repository, though two pushes are older")
        try first.complete(own, head: "2")
        let unmined = try XCTUnwrap(try first.claim(worker: "w1", lease: 60))
        XCTAssertEqual(unmined.repository.name, "new", "then one nobody mined, before web that w2 holds")
        try first.complete(unmined, head: "1")
        try hook.enqueue(repository: "api", ref: nil, oldHead: "2", newHead: "3")
        XCTAssertEqual(
            try first.claim(worker: "w1", lease: 60, patience: 0)?.repository.name, "web",
            "past the patience, the oldest push goes first, whoever mined it")
        XCTAssertEqual(try second.claim(worker: "w2", lease: 60)?.repository.name, "api", "w1's repository, when nothing else waits")
    }

    /// The patience is the time one worker would take to serve the whole queue: a deep queue keeps a worker on its
    /// own repositories even past 30 s, a short one sends a push that waited that long to any worker.
    func testAffinityPatienceGrowsWithTheQueueAndThePassTime() throws {
        let url = try makePostgresDatabase()
        let hook = try FleetQueue(url: url), first = try FleetQueue(url: url), second = try FleetQueue(url: url)
        XCTAssertEqual(try hook.affinityPatience(), 30, "nothing waits and no pass was timed: the floor")
        for name in ["api", "web"] + (0..<38).map({ "r\($0)" }) { try hook.addRepository(name: name, url: "/srv/git/\(name).git") }
        try hook.enqueue(repository: "api", ref: nil, oldHead: nil, newHead: "1")
        try second.complete(try XCTUnwrap(try second.claim(worker: "w2", lease: 60)), head: "1")
        try hook.enqueue(repository: "web", ref: nil, oldHead: nil, newHead: "1")
        try first.complete(try XCTUnwrap(try first.claim(worker: "w1", lease: 60)), head: "1")
        // Each pass took 2 s.
        try hook.connection.execute("UPDATE event SET claimed_at = finished_at - interval '2 seconds' WHERE state = 'done'")

        // w2's repository got a push a minute ago (spooled while the server was down), w1's one now.
        let minuteAgo = FleetPush(repository: "api", ref: nil, oldHead: "1", newHead: "2", pushedAt: Date(timeIntervalSinceNow: -60))
        XCTAssertTrue(try hook.enqueue(spooled: minuteAgo, id: "fleet-1"))
        try hook.enqueue(repository: "web", ref: nil, oldHead: "1", newHead: "2")
        XCTAssertEqual(try hook.affinityPatience(), 30, "2 repositories × 2 s is less than the floor")
        let passedOver = try XCTUnwrap(try first.claim(worker: "w1", lease: 60))
        XCTAssertEqual(passedOver.repository.name, "api", "a short queue: the push that waited a minute goes first")
        try first.fail(passedOver, error: "put back for the next claim")

        for index in 0..<38 { try hook.enqueue(repository: "r\(index)", ref: nil, oldHead: nil, newHead: "1") }
        XCTAssertEqual(try hook.affinityPatience(), 80, "40 repositories × 2 s")
        let own = try XCTUnwrap(try first.claim(worker: "w1", lease: 60))
        XCTAssertEqual(own.repository.name, "web", "a deep queue: w1 keeps to its own repository, a minute is not yet passed over")
        try first.fail(own, error: "put back")

        try hook.connection.execute("UPDATE event SET claimed_at = finished_at - interval '100 seconds' WHERE state = 'done'")
        XCTAssertEqual(try hook.affinityPatience(), 600, "40 × 100 s, capped at ten minutes")
    }
}

/// A value several threads change under a lock.
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
