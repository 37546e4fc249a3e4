import Foundation
import GRDB

/// What one fleet pass did.
public struct FleetPassReport: Sendable {
    public var repository: String
    public var events: [Int64]
    public var head: String?
    public var commitsMined: Int
    public var skillsPublished: Int
}

/// A fleet worker: claims a repository from the shared queue, fetches its local mirror, mines it, and publishes
/// the new commits' tallies and the skills to PostgreSQL in the transaction that completes the claim. It mines
/// into a SQLite store in its own cache folder, first copying there the tallies other workers published, so a
/// worker new to a repository mines only what nobody has, and the latest version of each skill, so it carries
/// stale flags over as the worker before it would have; a worker that dies loses nothing shared. Skills are
/// versioned in PostgreSQL, against what is stored there (a person's pins, mutes and edits included), so workers
/// with different caches agree on one history.
public final class FleetWorker {
    public let name: String
    public let queue: FleetQueue
    let url: String
    let cache: String
    let lease: TimeInterval

    public init(url: String, cache: String, name: String? = nil, lease: TimeInterval = 60) throws {
        self.url = url
        self.cache = cache
        self.lease = lease
        self.name = name ?? "\(ProcessInfo.processInfo.hostName):\(getpid())"
        queue = try FleetQueue(url: url)
        try PrivateFiles.makeDirectory(cache + "/mirrors")
        try queue.heartbeat(worker: self.name, repository: nil)
    }

    /// Claims and runs one pass; nil when nothing waited. A pass that fails puts its events back in the queue.
    public func runOnce(log: (String) -> Void = { _ in }) throws -> FleetPassReport? {
        guard let claim = try queue.claim(worker: name, lease: lease) else { return nil }
        log("claimed \(claim.repository.name): events \(claim.events.map { String($0.id) }.joined(separator: ","))")
        try queue.heartbeat(worker: name, repository: claim.repository.name)
        let renewer = LeaseRenewer(url: url, claim: claim, lease: lease)
        do {
            let mirror = try FleetMirror.update(url: claim.repository.url, at: "\(cache)/mirrors/\(claim.repository.id).git")
            let store = try Store(path: cache + "/taste.sqlite")
            let fleet = PostgresStore(connection: queue.connection)
            let copied = try FleetTallies.seed(store, gitDir: mirror, from: fleet, repositoryID: claim.repository.id)
            if copied > 0 { log("copied the tallies of \(copied) commits of \(claim.repository.name) from PostgreSQL") }
            let seeded = try FleetSkills.seed(store, gitDir: mirror, from: fleet, repositoryID: claim.repository.id)
            if seeded > 0 { log("updated \(seeded) skills of \(claim.repository.name) in the cache from PostgreSQL") }
            let mined = try MiningPass(store: store).run(MineOptions(repositoryPath: mirror))
            renewer.stop()
            let published = try queue.complete(claim, head: mined.head) { _ in
                try FleetTallies.publish(from: store, gitDir: mirror, to: fleet, repositoryID: claim.repository.id)
                return try FleetSkills.publish(mined, to: fleet, repositoryID: claim.repository.id, previousHead: claim.repository.head)
            }
            try queue.heartbeat(worker: name, repository: nil, passDone: true)
            return FleetPassReport(
                repository: claim.repository.name, events: claim.events.map(\.id), head: mined.head,
                commitsMined: mined.commitsMined, skillsPublished: published)
        } catch let lost as FleetLeaseLost {
            renewer.stop()
            throw lost
        } catch {
            renewer.stop()
            let reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            try queue.fail(claim, error: reason)
            try queue.heartbeat(worker: name, repository: nil)
            throw error
        }
    }

    /// Runs passes until `shouldStop`; between them waits for a push (LISTEN), or a few seconds to find leases
    /// that ran out. `exitWhenIdle` returns once nothing is left to claim. Pushes a hook on this machine spooled
    /// while PostgreSQL was unreachable are sent whenever the worker is idle.
    public func run(
        exitWhenIdle: Bool, spool: FleetSpool = FleetSpool(), log: @escaping (String) -> Void, shouldStop: () -> Bool = { false }
    ) throws {
        try queue.connection.listen(FleetQueue.channel)
        var idle = true
        var spoolProblem: String?
        while !shouldStop() {
            if idle {
                do {
                    if try !spool.pending().isEmpty {
                        let drained = try spool.drain(into: queue)
                        if drained.queued > 0 { log("sent \(drained.queued) spooled pushes from \(spool.directory)") }
                    }
                    spoolProblem = nil
                } catch let error as PostgresError {
                    throw error
                } catch {
                    // The spool is the hook's, not the queue's: the worker goes on serving, and says so once.
                    let problem = (error as? LocalizedError)?.errorDescription ?? "\(error)"
                    if problem != spoolProblem {
                        log("\(PostgresConnection.firstLine(problem)); serving the queue, the spooled pushes wait")
                    }
                    spoolProblem = problem
                }
            }
            idle = false
            do {
                if let report = try runOnce(log: log) {
                    log("mined \(report.repository): \(report.commitsMined) commits, \(report.skillsPublished) skills published")
                    continue
                }
            } catch let lost as FleetLeaseLost {
                log(lost.localizedDescription)
                continue
            } catch let error as PostgresError {
                throw error
            } catch {
                log("pass failed: \((error as? LocalizedError)?.errorDescription ?? "\(error)")")
                continue
            }
            if exitWhenIdle { return }
            idle = true
            try queue.heartbeat(worker: name, repository: nil)
            _ = try queue.connection.waitForNotification(timeout: min(lease / 2, 5))
        }
    }
}

/// Keeps a claim's lease alive from its own connection while a pass runs, so a long pass is not taken over.
private final class LeaseRenewer: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false
    private var thread: Thread?

    init(url: String, claim: FleetClaim, lease: TimeInterval) {
        let thread = Thread { [self] in
            guard let queue = try? PostgresConnection(url: url) else { return }
            self.condition.lock()
            defer { self.condition.unlock() }
            while !self.stopped {
                _ = self.condition.wait(until: Date(timeIntervalSinceNow: lease / 3))
                if self.stopped { break }
                // A lost lease is found again, and reported, when the pass completes.
                let renewed = try? queue.execute(
                    "UPDATE repository SET lease_until = clock_timestamp() + make_interval(secs => $3) WHERE id = $1 AND lease_id = $2",
                    [claim.repository.id, claim.leaseID, lease])
                if renewed?.affected != 1 { break }
            }
        }
        self.thread = thread
        thread.start()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }
}

/// The worker's local mirror of a fleet repository: cloned once, fetched before each pass.
enum FleetMirror {
    static func update(url: String, at path: String) throws -> String {
        let exists = FileManager.default.fileExists(atPath: path + "/HEAD")
        let arguments =
            exists
            ? ["--git-dir", path, "fetch", "--quiet", "--prune", "--force", "origin"]
            : ["clone", "--quiet", "--mirror", url, path]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let line = PostgresConnection.firstLine(message)
            throw TasteError.store("cannot \(exists ? "fetch" : "clone") \(url): \(line.isEmpty ? "git failed" : line)")
        }
        return path
    }
}

/// A fleet repository's tallies are PostgreSQL's; each worker's cache holds a copy that it mines into.
enum FleetTallies {
    /// Brings the cache up to PostgreSQL's tallies before a pass: the commits other workers mined are copied
    /// rather than mined again, all of them for a worker new to the repository. A cache counted by other miners
    /// than PostgreSQL's tallies is left alone: its pass decides which to count again. Returns the commits copied.
    static func seed(_ cache: Store, gitDir: String, from fleet: PostgresStore, repositoryID: Int64) throws -> Int {
        guard let shared = try fleet.repository(id: repositoryID), let miners = shared.miners else { return 0 }
        let repository = try GitRepository(path: gitDir)
        let local = try cache.registerRepository(gitDir: repository.gitDirectory, workDir: repository.workDirectory, name: repository.displayName)
        guard let localID = local.id, local.miners == nil || local.miners == miners else { return 0 }
        _ = try cache.resetTallies(repoID: localID, miners: miners)
        if local.head != shared.head {
            // Other workers mined since: the pass walks the whole history (the commits it has are not mined again),
            // so that whatever left the mainline meanwhile is forgotten here too.
            try cache.write { try $0.execute(sql: "UPDATE repository SET head = NULL WHERE id = ?", arguments: [localID]) }
        }
        let missing = try fleet.minedSHAs(repoID: repositoryID).subtracting(try cache.minedSHAs(repoID: localID))
        guard !missing.isEmpty else { return 0 }
        // One transaction: a worker killed while copying leaves the cache as it was.
        try cache.insert(try fleet.observations(repoID: repositoryID, shas: missing.sorted()), repoID: localID)
        return missing.count
    }

    /// Makes PostgreSQL's tallies of the repository the cache's, inside the completing transaction: the commits
    /// the pass counted are added, those it forgot (history was rewritten) are forgotten, and tallies counted by
    /// other miners are replaced. Returns the commits added.
    @discardableResult
    static func publish(from cache: Store, gitDir: String, to fleet: PostgresStore, repositoryID: Int64) throws -> Int {
        let gitDirectory = try GitRepository(path: gitDir).gitDirectory
        guard let local = try cache.repository(gitDir: gitDirectory), let localID = local.id, let miners = local.miners else { return 0 }
        _ = try fleet.resetTallies(repoID: repositoryID, miners: miners)
        let counted = try cache.minedSHAs(repoID: localID)
        _ = try fleet.forgetCommits(repoID: repositoryID, keeping: counted)
        let missing = counted.subtracting(try fleet.minedSHAs(repoID: repositoryID))
        try fleet.insert(try cache.observations(repoID: localID, shas: missing.sorted()), repoID: repositoryID)
        try fleet.pruneEvidence(repoID: repositoryID, keeping: SkillPolicy.standard.citedPlaces)
        return missing.count
    }
}
