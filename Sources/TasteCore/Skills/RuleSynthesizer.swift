/// Turns the stored tallies into skills: each miner's rules with ids, calibrated confidence and evidence,
/// judged against the latest merges (stale), the head (gone) and time (unconfirmed), then grouped by skill.
/// The other rule sources (declared configuration, dependencies) then contribute theirs, in a fixed order.
public struct RuleSynthesizer {
    let store: Store
    let miners: [any Miner]
    let sources: [any RuleSource]
    public var policy: SkillPolicy

    public init(
        store: Store, miners: [any Miner] = MinerCatalogue.all, sources: [any RuleSource] = RuleSourceCatalogue.all,
        policy: SkillPolicy = SkillPolicy()
    ) {
        self.store = store
        self.miners = miners
        self.sources = sources
        self.policy = policy
    }

    /// Turns the stored tallies into skills: each miner's rules, with ids, calibrated confidence and evidence,
    /// grouped by the skill they belong to; then each rule source's, in order. `readingConfiguration` false
    /// leaves declared configuration out (`taste mine --ignore-config`).
    func synthesize(
        repoID: Int64, checkingPathsIn repository: GitRepository? = nil, at head: String? = nil,
        readingConfiguration: Bool = true
    ) throws -> [Skill] {
        // Two scans of every stored count, neither needing the other: read side by side, on two connections.
        let (store, policy) = (self.store, self.policy)
        let (tallies, latest) = try blockingAwait {
            async let all = store.tallies(repoID: repoID, halfLife: policy.halfLife, recentHalfLife: policy.recentHalfLife)
            async let latest = store.latestTallies(repoID: repoID, window: policy.driftWindow)
            return try await (all, latest)
        }
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
                guard calibrated >= policy.minimumConfidence else { continue }
                let places = try citedPlaces(draft.evidence, repoID: repoID, miner: identifier, scope: draft.language?.rawValue ?? "")
                var rule = Rule(
                    id: Self.ruleID(draft), scope: RuleScope(language: draft.language),
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
        let context = RuleSourceContext(
            store: store, repoID: repoID, repository: repository, head: head,
            readsConfiguration: readingConfiguration)
        for source in sources { try source.contribute(to: &grouped, context: context) }
        return grouped.keys.sorted().map { kind in
            let rules = grouped[kind] ?? []
            let languages = Set(rules.compactMap { $0.scope.language.flatMap(Language.init(rawValue:)) }).sorted()
            return Skill(
                id: kind.name, name: kind.name, title: kind.title, description: kind.description(languages: languages),
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
    func folderRules(
        _ drafts: [RuleDraft], in folder: String, against repositoryDrafts: [RuleDraft], repoID: Int64,
        miner: String
    ) throws -> [(kind: SkillKind, rule: Rule)] {
        try drafts.compactMap { draft -> (kind: SkillKind, rule: Rule)? in
            guard let language = draft.language, draft.support.commits >= policy.folderMinimumCommits else { return nil }
            let calibrated = confidence(share: draft.share, commits: draft.support.commits)
            guard calibrated >= policy.minimumConfidence else { return nil }
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
            let rule = Rule(
                id: "\(Self.ruleID(draft))@\(folder)", scope: ruleScope, facts: draft.facts, source: "mined", confidence: calibrated,
                support: draft.support, evidence: places, statement: "In \(codeSpan(folder + "/")): \(draft.statement)", unit: draft.unit,
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
        let counters: [(miner: String, key: String, value: String)?] =
            type(of: miner).description.editsConfirm && !scope.isEmpty
            ? [nil] : draft.evidence.map { (miner.identifier, $0.key, $0.value) }
        for counter in counters {
            guard let seen = try store.lastConfirmation(repoID: repoID, scope: scope, counter: counter) else { continue }
            if let current = latest, current.time >= seen.time { continue }
            latest = seen
        }
        guard let latest else { return nil }
        let days = Int((latest.newest - latest.time) / 86_400)
        guard latest.laterCommits >= policy.unconfirmedCommits, days >= policy.unconfirmedDays else { return nil }
        return
            "No merge has kept it in the last \(latest.laterCommits.formatted()) commits (\(days) days): check that it still holds before relying on it."
    }

    /// A rule whose cited files are all gone from the head points at nothing any more (a folder renamed or
    /// removed): it is stale until merges cite files that exist.
    static func gone(_ rule: Rule, in repository: GitRepository, at head: String) -> Drift? {
        let paths = Array(Set(rule.evidence.compactMap(\.path))).sorted()
        guard !paths.isEmpty, paths.allSatisfy({ repository.fileContents($0, at: head, maxBytes: 1) == nil }) else { return nil }
        return Drift(
            reason: "None of the files it cites exists at \(head.prefix(10)) any more (\(paths.map(codeSpan).joined(separator: ", "))).",
            observed: [:], counterEvidence: [])
    }

    /// The latest merges contradict a rule when, counted over the last `driftWindow` commits that touched its
    /// subject (each commit one vote), they support different facts by a clear majority. One odd merge never
    /// does that; a real migration does within a few merges. When the new convention has taken over the
    /// weighted history too, the rule's own facts change instead and it is active again.
    func drift(of draft: RuleDraft, against latest: [RuleDraft], repoID: Int64, miner: String) throws -> Drift? {
        guard let recent = latest.first(where: { $0.topic == draft.topic && $0.language == draft.language }),
            recent.support.commits >= policy.driftMinimumCommits
        else { return nil }
        // Scalar facts only: lists (types in use, frameworks seen) move without contradicting anything, and a
        // small window finding "no limit" says too little.
        var changed: [String: FactValue] = [:]
        // A changed fact counts only when a clear majority of the latest commits holds it.
        for (key, value) in recent.facts where Self.differs(value, draft.facts[key]) && recent.share(of: key) >= policy.driftMajority {
            switch value {
            case .strings, .null: continue
            default: changed[key] = value
            }
        }
        guard !changed.isEmpty else { return nil }
        let said = changed.keys.sorted().map { "\($0) \(draft.facts[$0]?.description ?? "none")" }.joined(separator: ", ")
        let seen = changed.keys.sorted().map { "\($0) \(changed[$0]?.description ?? "")" }.joined(separator: ", ")
        let majority = changed.keys.map { recent.share(of: $0) }.min() ?? recent.share
        let reason =
            "The last \(recent.support.commits) merges that touch this mostly keep \(seen) (\(percent(majority)) of them), "
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
        for (key, value) in counters where places.count < policy.citedPlaces {
            places += try store.evidence(repoID: repoID, miner: miner, scope: scope, key: key, value: value, limit: policy.citedPlaces - places.count)
        }
        return places
    }
}
