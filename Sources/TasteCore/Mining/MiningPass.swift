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
}

/// One mining pass over a repository: walk the new first-parent commits, let every miner count what they
/// added, store the counts per commit in batches, then turn the weighted totals into versioned skills.
///
/// Interrupted, a pass leaves the skills as they were; the batches it stored are not mined again.
public final class MiningPass {
    public static let halfLife: Double = 365 * 86_400
    /// For miners that look for a recent change of convention (a formatter adopted last spring).
    public static let recentHalfLife: Double = 91 * 86_400
    /// Rules below this calibrated confidence are left out.
    public static let minimumConfidence = 0.5
    /// Drift is judged on the latest commits that touched a rule's subject, each commit one vote.
    public static let driftWindow = 10
    public static let driftMinimumCommits = 5
    public static let driftMajority = 0.6
    /// A package folder's own rule needs this many commits behind it.
    public static let folderMinimumCommits = 10
    /// A rule no commit has kept for this many later commits, spanning at least this many days, is unconfirmed.
    public static let unconfirmedCommits = 200
    public static let unconfirmedDays = 180

    let store: Store
    let miners: [any Miner]

    public init(store: Store, miners: [any Miner] = MinerCatalogue.all) {
        self.store = store
        self.miners = miners
    }

    public func run(_ options: MineOptions, progress: (@Sendable (MiningProgress) -> Void)? = nil) throws -> MiningReport {
        let started = Date()
        let repository = try GitRepository(path: options.repositoryPath)
        let record = try store.registerRepository(gitDir: repository.gitDirectory, workDir: repository.workDirectory,
                                                  name: repository.displayName)
        guard let repoID = record.id else { throw TasteError.store("repository was not stored") }
        var report = MiningReport(repository: repository.displayName, head: nil, commitsMined: 0, commitsAlreadyMined: 0,
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

        // Tallies counted by other miners (an older Taste) are counted again with these.
        let recount = try store.resetTallies(repoID: repoID, miners: MinerCatalogue.fingerprint(miners))
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

        let config = try loadConfig(repository, at: head, options: options)
        let gitattributes = repository.fileContents(".gitattributes", at: head).map { String(decoding: $0, as: UTF8.self) }
        let classifier = PathClassifier(gitattributes: gitattributes, excludes: config.exclude)
        let policy = DiffPolicy(classify: { classifier.decide($0) }, isGenerated: PathClassifier.isGenerated,
                                maxBlobBytes: config.maxBlobBytes, isExcluded: { classifier.isExcluded($0) })

        let folders = FolderUnits.find(in: repository, at: head)
        let readers = try (0..<max(1, options.workers)).map { _ in
            CommitReader(try CommitDiffer(repositoryPath: repository.gitDirectory, policy: policy), miners: miners, folders: folders)
        }
        // Diffing runs on every core while the previous batch is written: one batch in flight, so memory
        // stays bounded by the batch size, not by the length of the history.
        let writer = DispatchQueue(label: "taste.mining.writer")
        let writeError = ErrorSlot()
        var done = 0
        for start in stride(from: 0, to: todo.count, by: options.batchSize) {
            let batch = Array(todo[start..<min(start + options.batchSize, todo.count)])
            let results = ResultSlots(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: readers.count) { worker in
                let reader = readers[worker]
                for index in stride(from: worker, to: batch.count, by: readers.count) {
                    results[index] = reader.read(batch[index])
                }
            }
            var observations: [CommitObservation] = []
            for outcome in results.values {
                switch outcome {
                case .read(let observation, let skipped, let parentMissing):
                    // A shallow clone's edge is not stored as mined: once the history is fetched, it is read.
                    if !parentMissing { observations.append(observation) }
                    report.skipped += skipped
                    report.files += observation.files
                    report.lines += observation.lines
                    if parentMissing { report.parentsMissing += 1 }
                case .unreadable, nil:
                    report.skipped.missingObjects += 1
                }
            }
            writer.sync {}  // the previous batch is stored before the next one is queued
            if let error = writeError.error { throw error }
            report.commitsMined += observations.count
            done += batch.count
            let store = self.store, finished = done, total = todo.count, stored = observations
            writer.async {
                do {
                    try store.insert(stored, repoID: repoID)
                    progress?(MiningProgress(done: finished, total: total, elapsed: Date().timeIntervalSince(started)))
                } catch {
                    writeError.error = error
                }
            }
        }
        writer.sync {}
        if let error = writeError.error { throw error }

        let declared = options.ignoreConfig ? [] : DeclaredStyle.read(repository, at: head)
        let skills = try synthesize(repoID: repoID, checkingPathsIn: repository, at: head, declared: declared)
        report.skills = skills.count
        report.changes = try store.finish(
            PassOutcome(repoID: repoID, ref: refName, fromSHA: stop, head: head, startedAt: started,
                        commits: report.commitsMined, skipped: report.skipped,
                        historyRewritten: report.commitsForgotten > 0 || recount, declarationsRead: !options.ignoreConfig),
            skills: skills)
        report.elapsed = Date().timeIntervalSince(started)
        return report
    }

    private func loadConfig(_ repository: GitRepository, at commit: String, options: MineOptions) throws -> RepositoryConfig {
        guard let data = repository.fileContents(RepositoryConfig.fileName, at: commit) else { return RepositoryConfig() }
        return try RepositoryConfig(toml: String(decoding: data, as: UTF8.self))
    }

    /// Turns the stored tallies into skills: each miner's rules, with ids, calibrated confidence and evidence,
    /// grouped by the skill they belong to.
    func synthesize(repoID: Int64, checkingPathsIn repository: GitRepository? = nil, at head: String? = nil,
                    declared: [DeclaredFact] = []) throws -> [Skill] {
        let tallies = try store.tallies(repoID: repoID, halfLife: Self.halfLife, recentHalfLife: Self.recentHalfLife)
        let latest = try store.latestTallies(repoID: repoID, window: Self.driftWindow)
        var grouped: [SkillKind: [Rule]] = [:]
        for miner in miners {
            let identifier = miner.identifier
            let (counted, folders) = (tallies[identifier] ?? MinerTallies()).splitByFolder()
            let latestDrafts = miner.rules(from: (latest[identifier] ?? MinerTallies()).splitByFolder().repository)
            let drafts = miner.rules(from: counted)
            for (folder, folderTallies) in folders.sorted(by: { $0.key < $1.key }) {
                for rule in try folderRules(miner.rules(from: folderTallies), in: folder, against: drafts, repoID: repoID, miner: identifier) {
                    grouped[rule.kind, default: []].append(rule.rule)
                }
            }
            for draft in drafts {
                // A rule the history barely supports would teach an agent something the code does not keep.
                let calibrated = confidence(share: draft.share, commits: draft.support.commits)
                guard calibrated >= Self.minimumConfidence else { continue }
                let places = try citedPlaces(draft.evidence, repoID: repoID, miner: identifier, scope: draft.language?.rawValue ?? "")
                var rule = Rule(id: Self.ruleID(draft), scope: RuleScope(language: draft.language),
                                facts: draft.facts, source: "mined",
                                confidence: calibrated,
                                support: draft.support, evidence: places, statement: draft.statement, unit: draft.unit,
                                share: (draft.share * 1000).rounded() / 1000,
                                stale: try drift(of: draft, against: latestDrafts, repoID: repoID, miner: identifier))
                if rule.stale == nil, let repository, let head { rule.stale = Self.gone(rule, in: repository, at: head) }
                if rule.stale == nil { rule.unconfirmed = try unconfirmed(draft, repoID: repoID, miner: miner) }
                grouped[draft.skill, default: []].append(rule)
            }
        }
        if let head { DeclaredStyle.apply(declared, to: &grouped, head: head) }
        if let repository, let head {
            let snapshots = try DependencyRules.snapshots(repository, head: head, store: store, repoID: repoID)
            DependencyRules.flagLeavers(&grouped, snapshots: snapshots)
            let dependencies = DependencyRules.rules(snapshots)
            if !dependencies.isEmpty { grouped[.dependencies] = dependencies }
        }
        return grouped.keys.sorted().map { kind in
            let rules = grouped[kind] ?? []
            let languages = Set(rules.compactMap { $0.scope.language.flatMap(Language.init(rawValue:)) }).sorted()
            return Skill(id: kind.name, name: kind.name, title: kind.title, description: kind.description(languages: languages),
                         version: 0, status: Skill.status(of: rules), rules: rules)
        }
    }

    /// Whether a fact found in some commits says something else than a rule's: lists move without contradicting,
    /// a fact the rule does not state (its code is split) is a trend rather than a contradiction, and numbers
    /// within 10% (140 against 150 columns) are the same habit measured on less code.
    static func differs(_ found: FactValue, _ stated: FactValue?) -> Bool {
        guard let stated, stated != found else { return false }
        switch (found, stated) {
        case (.strings, _): return false
        case (.int(let here), .int(let there)): return abs(here - there) * 10 > max(here, there)
        default: return true
        }
    }

    /// Rules a package folder keeps apart from the rest of the repository: where its own tallies support other
    /// facts than the repository's (by a clear majority), or a clear rule where the repository's code is split.
    func folderRules(_ drafts: [RuleDraft], in folder: String, against repositoryDrafts: [RuleDraft], repoID: Int64,
                     miner: String) throws -> [(kind: SkillKind, rule: Rule)] {
        try drafts.compactMap { draft -> (kind: SkillKind, rule: Rule)? in
            guard let language = draft.language, draft.support.commits >= Self.folderMinimumCommits else { return nil }
            let calibrated = confidence(share: draft.share, commits: draft.support.commits)
            guard calibrated >= Self.minimumConfidence else { return nil }
            if let wide = repositoryDrafts.first(where: { $0.topic == draft.topic && $0.language == language }) {
                let differs = draft.facts.contains { key, value in
                    if case .null = value { return false }  // "no limit" in a folder says little
                    // A clear fact where the repository's code is split counts too.
                    return (wide.facts[key] == nil || Self.differs(value, wide.facts[key])) && draft.share(of: key) >= 0.8
                }
                guard differs else { return nil }
            }
            let places = try citedPlaces(draft.evidence, repoID: repoID, miner: miner, scope: "\(language.rawValue)@\(folder)")
            var ruleScope = RuleScope(language: language)
            ruleScope.paths = ruleScope.paths.map { "\(folder)/\($0)" }
            let rule = Rule(id: "\(Self.ruleID(draft))@\(folder)", scope: ruleScope, facts: draft.facts, source: "mined", confidence: calibrated,
                            support: draft.support, evidence: places, statement: "In `\(folder)/`: \(draft.statement)", unit: draft.unit,
                            share: (draft.share * 1000).rounded() / 1000, stale: nil)
            return (draft.skill, rule)
        }
    }

    /// A rule no merge has kept for `unconfirmedCommits` commits spanning `unconfirmedDays` days (both, so that
    /// neither a burst of merges nor a quiet year alone says so) is unconfirmed: it may still hold, but nothing
    /// recent shows it. Days are counted in commit time, so the verdict does not depend on when Taste runs.
    func unconfirmed(_ draft: RuleDraft, repoID: Int64, miner: any Miner) throws -> String? {
        let scope = draft.language?.rawValue ?? ""
        var latest: (time: Int64, laterCommits: Int, newest: Int64)?
        let counters: [(miner: String, key: String, value: String)?] = type(of: miner).description.editsConfirm && !scope.isEmpty
            ? [nil] : draft.evidence.map { (miner.identifier, $0.key, $0.value) }
        for counter in counters {
            guard let seen = try store.lastConfirmation(repoID: repoID, scope: scope, counter: counter) else { continue }
            if let current = latest, current.time >= seen.time { continue }
            latest = seen
        }
        guard let latest else { return nil }
        let days = Int((latest.newest - latest.time) / 86_400)
        guard latest.laterCommits >= Self.unconfirmedCommits, days >= Self.unconfirmedDays else { return nil }
        return "No merge has kept it in the last \(latest.laterCommits.formatted()) commits (\(days) days): check that it still holds before relying on it."
    }

    /// A rule whose cited files are all gone from the head points at nothing any more (a folder renamed or
    /// removed): it is stale until merges cite files that exist.
    static func gone(_ rule: Rule, in repository: GitRepository, at head: String) -> Drift? {
        let paths = Array(Set(rule.evidence.compactMap(\.path))).sorted()
        guard !paths.isEmpty, paths.allSatisfy({ repository.fileContents($0, at: head, maxBytes: 1) == nil }) else { return nil }
        return Drift(reason: "None of the files it cites exists at \(head.prefix(10)) any more (\(paths.map(codeSpan).joined(separator: ", "))).",
                     observed: [:], counterEvidence: [])
    }

    /// The latest merges contradict a rule when, counted over the last `driftWindow` commits that touched its
    /// subject (each commit one vote), they support different facts by a clear majority. One odd merge never
    /// does that; a real migration does within a few merges. When the new convention has taken over the
    /// weighted history too, the rule's own facts change instead and it is active again.
    func drift(of draft: RuleDraft, against latest: [RuleDraft], repoID: Int64, miner: String) throws -> Drift? {
        guard let recent = latest.first(where: { $0.topic == draft.topic && $0.language == draft.language }),
              recent.support.commits >= Self.driftMinimumCommits else { return nil }
        // Scalar facts only: lists (types in use, frameworks seen) move without contradicting anything, and a
        // small window finding "no limit" says too little.
        var changed: [String: FactValue] = [:]
        // A changed fact counts only when a clear majority of the latest commits holds it.
        for (key, value) in recent.facts where Self.differs(value, draft.facts[key]) && recent.share(of: key) >= Self.driftMajority {
            switch value {
            case .strings, .null: continue
            default: changed[key] = value
            }
        }
        guard !changed.isEmpty else { return nil }
        let said = changed.keys.sorted().map { "\($0) \(draft.facts[$0]?.description ?? "none")" }.joined(separator: ", ")
        let seen = changed.keys.sorted().map { "\($0) \(changed[$0]?.description ?? "")" }.joined(separator: ", ")
        let majority = changed.keys.map { recent.share(of: $0) }.min() ?? recent.share
        let reason = "The last \(recent.support.commits) merges that touch this mostly keep \(seen) (\(percent(majority)) of them), "
            + "where the rule says \(said)."
        let places = try citedPlaces(recent.evidence, repoID: repoID, miner: miner, scope: draft.language?.rawValue ?? "")
        return Drift(reason: reason, observed: changed, counterEvidence: places)
    }

    /// Style skills hold one language; the testing skill names the language in each rule's id.
    static func ruleID(_ draft: RuleDraft) -> String {
        if case .testing = draft.skill, let language = draft.language { return "testing/\(language.rawValue)-\(draft.topic)" }
        return "\(draft.skill.name)/\(draft.topic)"
    }

    /// Up to three recent places that show the counters a rule names, in the order it names them.
    func citedPlaces(_ counters: [(key: String, value: String)], repoID: Int64, miner: String, scope: String) throws -> [EvidenceLocation] {
        var places: [EvidenceLocation] = []
        for (key, value) in counters where places.count < 3 {
            places += try store.evidence(repoID: repoID, miner: miner, scope: scope, key: key, value: value, limit: 3 - places.count)
        }
        return places
    }
}

/// One thread's reader: its own repository handle, diffing and counting commits.
final class CommitReader: @unchecked Sendable {
    enum Outcome: Sendable {
        case read(CommitObservation, skipped: SkipCounts, parentMissing: Bool)
        case unreadable
    }

    private let differ: CommitDiffer
    private let miners: [any Miner]
    /// Per language, the miners that read its files: dispatch happens here, never inside a miner.
    private let minersByLanguage: [[any Miner]]
    private let folders: FolderUnits

    init(_ differ: CommitDiffer, miners: [any Miner], folders: FolderUnits = FolderUnits(roots: [])) {
        self.differ = differ
        self.miners = miners
        minersByLanguage = Language.allCases.map { language in
            miners.filter { type(of: $0).description.languages.contains(language) }
        }
        self.folders = folders
    }

    func read(_ sha: String) -> Outcome {
        guard var changes = try? differ.changes(for: sha) else { return .unreadable }
        let files = changes.files.count
        changes.files.removeAll { PathClassifier.looksMinified($0) }
        changes.skipped.generated += files - changes.files.count
        var sink = ObservationSink(commit: sha)
        var own = ObservationSink(commit: sha)
        for change in changes.files {
            // Each file is lexed once, the first time one of its miners asks for its lines.
            let file = SourceFile(change)
            let folder = folders.unit(of: change.path)
            for miner in minersByLanguage[change.language.index] {
                guard let folder else {
                    sink.miner = miner.identifier
                    miner.observe(file, into: &sink)
                    continue
                }
                // A package's files count for the repository and, apart, for the package.
                own.reset(miner: miner.identifier)
                miner.observe(file, into: &own)
                sink.absorb(own)
                sink.absorb(own, scopeSuffix: "@" + folder)
            }
        }
        let messages = changes.commit.isMerge ? changes.mergedCommits : [changes.commit]
        for miner in miners {
            sink.miner = miner.identifier
            sink.commit = sha
            miner.observe(touched: changes.touchedPaths, of: changes.commit, into: &sink)
            for commit in messages {
                sink.commit = commit.sha
                miner.observe(commit, into: &sink)
            }
        }
        let counts = sink.counts
        var evidence = sink.evidence
        // Cited lines carry their text, redacted before it is ever stored. Many counters cite the same line:
        // each is looked up and redacted once.
        let filesByPath = Dictionary(changes.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var snippets: [String: String] = [:]
        for (key, place) in evidence {
            guard let path = place.path, let number = place.line, let file = filesByPath[path] else { continue }
            let cited = "\(number):\(path)"
            if let known = snippets[cited] {
                evidence[key]?.snippet = known
                continue
            }
            guard let line = Self.line(number, in: file.addedLines) else { continue }
            // Redact the whole line first: a secret cut in half by the length limit would slip past the patterns.
            let snippet = String(SecretRedactor.redact(line.text).prefix(200))
            snippets[cited] = snippet
            evidence[key]?.snippet = snippet
        }
        let lines = changes.files.reduce(0) { $0 + $1.addedLines.count }
        let skippedTotal = changes.skipped.binary + changes.skipped.oversized + changes.skipped.missingObjects
        let observation = CommitObservation(sha: sha, time: changes.commit.time, author: changes.commit.authorEmail,
                                            files: changes.files.count, lines: lines, skipped: skippedTotal,
                                            counts: counts, evidence: evidence)
        return .read(observation, skipped: changes.skipped, parentMissing: changes.parentMissing)
    }
}

extension CommitReader {
    /// The added line numbered `number`: added lines come in ascending order, so a binary search finds it.
    static func line(_ number: Int, in lines: [AddedLine]) -> AddedLine? {
        var low = 0, high = lines.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if lines[middle].number == number { return lines[middle] }
            if lines[middle].number < number { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}

/// Slots filled by concurrent workers, each index by exactly one of them.
final class ResultSlots: @unchecked Sendable {
    private var storage: [CommitReader.Outcome?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(index: Int) -> CommitReader.Outcome? {
        get { lock.withLock { storage[index] } }
        set { lock.withLock { storage[index] = newValue } }
    }

    var values: [CommitReader.Outcome?] { lock.withLock { storage } }
}

/// The first error a background write hit.
final class ErrorSlot: @unchecked Sendable {
    private var stored: Error?
    private let lock = NSLock()

    var error: Error? {
        get { lock.withLock { stored } }
        set { lock.withLock { if stored == nil { stored = newValue } } }
    }
}
