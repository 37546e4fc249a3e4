import Foundation

/// The store's operations that a mining pass, rule synthesis, drift and the readers use: mined commits with their
/// per-commit tallies and evidence, passes, skills and their versions, and a person's pins, mutes, edits and
/// reviews. The SQLite `Store` (a developer's) and `PostgresStore` (a fleet's) implement them with the same
/// guarantees: each write is one transaction, skill versions are append-only by a trigger, and foreign keys and
/// checks hold in the database, so a pass killed half-way leaves nothing half-written on either.
protocol TasteStore: SkillReader, Sendable {
    func repository(gitDir: String) throws -> RepositoryRecord?
    /// The stored repository for this git folder, added when new.
    func registerRepository(gitDir: String, workDir: String?, name: String) throws -> RepositoryRecord

    func minedSHAs(repoID: Int64) throws -> Set<String>
    /// Stores a batch of mined commits with their counters, all or nothing; a commit already stored is skipped.
    func insert(_ batch: [CommitObservation], repoID: Int64) throws
    /// The stored commits among `shas` with their counts and cited places, oldest first: what `insert` takes, so
    /// that tallies copy from one store to another.
    func observations(repoID: Int64, shas: [String]) throws -> [CommitObservation]
    /// Forgets every mined commit unless the tallies were counted by `miners`; true when some were counted before.
    func resetTallies(repoID: Int64, miners fingerprint: String) throws -> Bool
    /// Keeps each counter's `kept` newest cited places.
    func pruneEvidence(repoID: Int64, keeping kept: Int) throws
    /// Forgets mined commits that are no longer on the mainline; returns how many.
    func forgetCommits(repoID: Int64, keeping mainline: Set<String>) throws -> Int

    /// Every count of a repository with its commit's time, in first-parent order.
    func countHistory(repoID: Int64) throws -> CountHistory
    func lastConfirmation(
        repoID: Int64, scope: String, counter: (miner: String, key: String, value: String)?
    ) throws
        -> (time: Int64, laterCommits: Int, newest: Int64)?
    func minedCommit(repoID: Int64, atOrBefore time: Int64) throws -> (sha: String, time: Int64)?
    func evidence(repoID: Int64, miner: String, scope: String, key: String, value: String, limit: Int) throws -> [EvidenceLocation]

    /// What `taste report` charts: the mined mainline commits oldest first, the counters by id, and the counts of a few counters.
    func reportCommits(repoID: Int64) throws -> [(id: Int64, sha: String, time: Int64)]
    func reportCounters(repoID: Int64) throws -> [Int64: TallyKey]
    func reportCounts(counters: [Int64], _ body: (Int64, Int64, Int) -> Void) throws

    /// Stores the skills a pass found and the repository's new head, all or nothing.
    func finish(_ outcome: PassOutcome, skills: [Skill]) throws -> SkillChanges
    func allVersions(repoID: Int64) throws -> [String: [SkillVersionRecord]]
    func markReviewed(repoID: Int64, versions: [String: Int]) throws
    func lastReview(repoID: Int64) throws -> (date: Date, versions: [String: Int])?
    func setPinned(_ pinned: Bool, repoID: Int64, skill name: String) throws -> Bool
    func setMuted(_ muted: Bool, repoID: Int64, skill name: String) throws -> Bool
    func storePersonVersion(repoID: Int64, skill name: String, markdown: String) throws -> Int
}

extension TasteStore {
    /// Every miner's totals, each commit's counts weighted by its age relative to the newest mined commit:
    /// a count loses half its weight every `halfLife` seconds.
    func tallies(repoID: Int64, halfLife: Double, recentHalfLife: Double) throws -> [String: MinerTallies] {
        try countHistory(repoID: repoID).tallies(halfLife: halfLife, recentHalfLife: recentHalfLife)
    }
}

extension Store: TasteStore {}

/// A skill as a store holds it before a pass writes: its row, its latest version and whether a person pinned it.
struct StoredSkillState {
    var id: Int64
    var latest: Skill?
    var pinned: Bool
}

/// One skill row a pass writes: its current content, and whether that content is also a new version.
struct SkillWrite {
    var name: String
    /// Nil for a skill the store has no row for yet.
    var id: Int64?
    var current: Skill
    var isNewVersion: Bool
}

extension PassOutcome {
    /// What the pass writes for the skills it found, given what the store holds: a new version only where a
    /// skill's meaning or status changed, a retired or stale version for one no longer found, a pinned skill's
    /// text kept. Both stores apply the same plan, so they version alike.
    func plan(found skills: [Skill], stored: [String: StoredSkillState]) -> (writes: [SkillWrite], changes: SkillChanges) {
        var changes = SkillChanges()
        var writes: [SkillWrite] = []
        let found = Set(skills.map(\.name))
        for var skill in skills {
            let state = stored[skill.name]
            let latest = state?.latest
            if let frozen = latest, state?.pinned == true {
                skill = Skill.checkPinned(frozen, against: skill)
            } else if let latest, latest.status != .retired, !historyRewritten {
                skill = Skill.flaggingChangedDeclarations(
                    of: latest, in: Skill.keepingSplitRules(of: latest, in: skill, declarationsRead: declarationsRead, retired: retiredRules))
            }
            let isNewVersion: Bool
            if let latest, latest.semanticKey == skill.semanticKey && latest.status == skill.status {
                skill.version = latest.version
                changes.unchanged.append(skill.name)
                isNewVersion = false
            } else {
                skill.version = (latest?.version ?? 0) + 1
                if latest == nil { changes.added.append(skill.name) } else { changes.changed.append(skill.name) }
                isNewVersion = true
            }
            writes.append(SkillWrite(name: skill.name, id: state?.id, current: skill, isNewVersion: isNewVersion))
        }
        for (name, state) in stored.sorted(by: { $0.key < $1.key }) where !found.contains(name) {
            guard let latest = state.latest, latest.status != .retired else { continue }
            var next = latest
            if historyRewritten {
                next.status = .retired
            } else if state.pinned {
                // A pinned skill keeps a person's text, rules and Markdown, each rule flagged as mining no longer finds it.
                next = Skill.checkPinned(
                    latest,
                    against: Skill(
                        id: latest.id, name: latest.name, title: latest.title,
                        description: latest.description, version: 0, status: .active, rules: []))
            } else {
                // The code is split mid-migration: the skill stays, stale, until one convention holds again.
                next = Skill.keepingSplitRules(
                    of: latest,
                    in: Skill(
                        id: latest.id, name: latest.name, title: latest.title,
                        description: latest.description, version: 0, status: .active, rules: []),
                    declarationsRead: declarationsRead, retired: retiredRules)
                // Every rule's code left the head.
                if next.rules.isEmpty { next.status = .retired }
            }
            guard next.semanticKey != latest.semanticKey || next.status != latest.status else { continue }
            next.version = latest.version + 1
            writes.append(SkillWrite(name: name, id: state.id, current: next, isNewVersion: true))
            if next.status == .retired { changes.retired.append(name) } else { changes.changed.append(name) }
        }
        return (writes, changes)
    }

    /// How the pass's skipped files are recorded with it.
    var skippedSummary: String {
        "binary=\(skipped.binary) oversized=\(skipped.oversized) missing=\(skipped.missingObjects) excluded=\(skipped.excluded) generated=\(skipped.generated)"
    }
}
