import CTasteSystem
import Dispatch
import Foundation

public struct MineOptions: Sendable {
    public var repositoryPath: String
    /// Branch or revision to mine; default: the branch HEAD points at.
    public var ref: String?
    /// Mine only commits after this revision.
    public var since: String?
    /// Mine up to this revision instead of the branch's tip.
    public var until: String?
    /// Walk the whole first-parent history (mined commits are still never counted twice).
    public var full = false
    /// Leave out declared style configuration; mine from code alone.
    public var ignoreConfig = false
    /// Commits diffed per stored batch.
    public var batchSize = 256
    /// Threads that read diffs.
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Measure where the time goes (diffing, lexing, each miner, the store): the report's `profile`.
    public var profile = false

    public init(repositoryPath: String) { self.repositoryPath = repositoryPath }
}

/// Where a pass stands, for a progress bar.
public struct MiningProgress: Sendable {
    public var done: Int
    public var total: Int
    public var elapsed: TimeInterval
}

/// What a pass did, for the summary.
public struct MiningReport: Sendable {
    public var repository: String
    public var head: String?
    public var commitsMined: Int
    public var commitsAlreadyMined: Int
    public var commitsForgotten: Int
    public var files: Int
    public var lines: Int
    public var skipped: SkipCounts
    public var parentsMissing: Int
    /// The history ended early at a commit that cannot be read (a shallow clone).
    public var truncated: Bool
    public var changes: SkillChanges
    public var skills: Int
    public var elapsed: TimeInterval
    /// Where the time went, when the options asked.
    public var profile: MiningProfile?
    /// The skills the pass found and how it ended, as it gave them to the store.
    var finished: FinishedPass?
}

/// What a pass hands its store at the end, before the store versions it: a fleet worker versions the same skills
/// again in PostgreSQL, against what people pinned, muted and edited there.
struct FinishedPass: Sendable {
    var outcome: PassOutcome
    var skills: [Skill]
}

/// One mining pass over a repository: find the new first-parent commits, walk them in batches (each file's
/// miners count what it added; ``HistoryWalk``), then let ``RuleSynthesizer`` turn the weighted totals into
/// versioned skills.
///
/// Interrupted, a pass leaves the skills as they were; the batches it stored are not mined again.
public final class MiningPass {
    let store: any TasteStore
    let miners: [any Miner]

    public convenience init(store: Store, miners: [any Miner] = MinerCatalogue.all) {
        self.init(backend: store, miners: miners)
    }

    /// A pass that mines into either store.
    init(backend store: any TasteStore, miners: [any Miner] = MinerCatalogue.all) {
        self.store = store
        self.miners = miners
    }

    public func run(_ options: MineOptions, progress: (@Sendable (MiningProgress) -> Void)? = nil) throws -> MiningReport {
        let started = Date()
        let repository = try GitRepository(path: options.repositoryPath)
        let record = try store.registerRepository(
            gitDir: repository.gitDirectory, workDir: repository.workDirectory,
            name: repository.displayName)
        guard let repoID = record.id else { throw TasteError.store("repository was not stored") }
        var report = MiningReport(
            repository: repository.displayName, head: nil, commitsMined: 0, commitsAlreadyMined: 0,
            commitsForgotten: 0, files: 0, lines: 0, skipped: SkipCounts(), parentsMissing: 0,
            truncated: false, changes: SkillChanges(), skills: 0, elapsed: 0)

        let refName = options.ref ?? repository.headReferenceName()
        let tipRevision = options.until ?? options.ref
        let tip: String?
        if let tipRevision {
            guard let resolved = try repository.resolveCommit(tipRevision) else { throw TasteError.unknownRevision(tipRevision) }
            tip = resolved
        } else {
            tip = try repository.headCommit()
        }
        guard let head = tip else {
            report.elapsed = Date().timeIntervalSince(started)
            return report  // an empty repository or an unborn branch: nothing to mine yet
        }
        report.head = head

        // What a commit counts depends on the head's layout too: its package folders, `.gitattributes` and
        // `.taste.toml` exclusions, the blob limit. Tallies counted by other miners (an older Taste) or under
        // another layout are counted again, so that however a history was split into passes, each commit counts
        // as one pass to this head counts it.
        let config = try loadConfig(repository, at: head, options: options)
        let gitattributes = repository.fileContents(".gitattributes", at: head).map { String(decoding: $0, as: UTF8.self) }
        let classifier = PathClassifier(
            gitattributes: gitattributes, excludes: config.exclude, vendoredRoots: VendoredFolders.find(in: repository, at: head))
        let folders = FolderUnits.find(in: repository, at: head)
        let layout = "folders=\(folders.roots.joined(separator: ",")) paths=\(classifier.fingerprint) max_blob_bytes=\(config.maxBlobBytes)"
        let recount = try store.resetTallies(repoID: repoID, miners: MinerCatalogue.fingerprint(miners) + " " + layout)
        let previousHead = recount ? nil : record.head

        var stop: String?
        var walksWholeHistory = false
        let since = try options.since.map { revision in
            guard let resolved = try repository.resolveCommit(revision) else { throw TasteError.unknownRevision(revision) }
            return resolved
        }
        if recount {
            walksWholeHistory = true  // everything is counted again, whatever --since says
        } else if let since {
            stop = since
        } else if !options.full, let previous = previousHead, repository.isAncestor(previous, of: head) {
            stop = previous
        } else {
            walksWholeHistory = true
        }
        let chain = try repository.firstParentChain(from: head, stoppingAt: stop)
        report.truncated = chain.truncated
        // Only the branch the store follows, mined to its tip, says what left the mainline.
        let followsStoredBranch = options.until == nil && (record.ref == nil || record.ref == refName)
        if walksWholeHistory && !chain.truncated && followsStoredBranch {
            // A rewind or force-push: what left the mainline stops counting.
            report.commitsForgotten = try store.forgetCommits(repoID: repoID, keeping: Set(chain.shas))
        }
        let mined = try store.minedSHAs(repoID: repoID)
        let todo = chain.shas.filter { !mined.contains($0) }
        report.commitsAlreadyMined = chain.shas.count - todo.count

        let verdicts = PathVerdicts(classifier)
        let policy = DiffPolicy(
            classify: { verdicts.of($0).decision }, isGenerated: PathClassifier.isGenerated,
            maxBlobBytes: config.maxBlobBytes, isExcluded: { verdicts.of($0).excluded },
            readsWhole: TestFrameworkMiner.readsWhole)

        let walk = HistoryWalk(
            store: store, repoID: repoID, gitDirectory: repository.gitDirectory, miners: miners, policy: policy,
            folders: folders, batchSize: options.batchSize,
            workers: max(1, options.workers), profiling: options.profile, started: started)
        let walked = try blockingAwait { try await walk.run(todo, progress: progress) }
        // Also when nothing was mined: a pass killed between its last batch and this trim left more behind.
        try store.pruneEvidence(repoID: repoID, keeping: SkillPolicy.standard.citedPlaces)
        report.commitsMined = walked.commits
        report.files = walked.files
        report.lines = walked.lines
        report.skipped += walked.skipped
        report.parentsMissing = walked.parentsMissing
        var profile = walked.profile

        // The walk's batches are freed but the allocator keeps their pages; synthesis would add its peak on top.
        taste_release_heap()
        let headStarted = DispatchTime.now()
        let snapshot = HeadSnapshot.read(
            of: miners, reading: try CommitDiffer(repositoryPath: repository.gitDirectory, policy: policy), at: head)
        profile?.readingHead = DispatchTime.now().seconds(since: headStarted)
        let synthesisStarted = DispatchTime.now()
        let synthesis = try RuleSynthesizer(store: store, miners: miners)
            .synthesis(
                repoID: repoID, checkingPathsIn: repository, at: head, readingConfiguration: !options.ignoreConfig, snapshot: snapshot)
        let skills = synthesis.skills
        report.skills = skills.count
        profile?.synthesizing = DispatchTime.now().seconds(since: synthesisStarted)
        let outcome = PassOutcome(
            repoID: repoID, ref: refName, fromSHA: stop, head: head, startedAt: started,
            commits: report.commitsMined, skipped: report.skipped,
            historyRewritten: report.commitsForgotten > 0 || recount, declarationsRead: !options.ignoreConfig,
            retiredRules: synthesis.retiredRules)
        report.changes = try store.finish(outcome, skills: skills)
        report.finished = FinishedPass(outcome: outcome, skills: skills)
        report.elapsed = Date().timeIntervalSince(started)
        report.profile = profile
        return report
    }

    private func loadConfig(_ repository: GitRepository, at commit: String, options: MineOptions) throws -> RepositoryConfig {
        guard let data = repository.fileContents(RepositoryConfig.fileName, at: commit) else { return RepositoryConfig() }
        return try RepositoryConfig(toml: String(decoding: data, as: UTF8.self))
    }
}
