import Dispatch
import Foundation
import Synchronization

/// Turns the stored tallies into skills: each miner's rules with ids, calibrated confidence and evidence,
/// judged against the latest merges (stale), the head (retired where its code left) and time (unconfirmed), then grouped by skill.
/// The other rule sources (declared configuration, dependencies) then contribute theirs, in a fixed order.
public struct RuleSynthesizer {
    let store: any TasteStore
    let miners: [any Miner]
    let sources: [any RuleSource]
    public var policy: SkillPolicy

    init(
        store: any TasteStore, miners: [any Miner] = MinerCatalogue.all, sources: [any RuleSource] = RuleSourceCatalogue.all,
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
        readingConfiguration: Bool = true, snapshot: HeadSnapshot? = nil
    ) throws -> [Skill] {
        try synthesis(
            repoID: repoID, checkingPathsIn: repository, at: head, readingConfiguration: readingConfiguration, snapshot: snapshot
        ).skills
    }

    /// The skills a pass found, and the ids of the rules it retired because their code left the head: the store
    /// must not keep those as "split between conventions".
    struct Synthesis {
        var skills: [Skill]
        var retiredRules: Set<String>
    }

    /// `snapshot` is what the files at the head show (``HeadSnapshot``), read by the pass.
    func synthesis(
        repoID: Int64, checkingPathsIn repository: GitRepository? = nil, at head: String? = nil,
        readingConfiguration: Bool = true, snapshot: HeadSnapshot? = nil
    ) throws -> Synthesis {
        // One scan of every stored count; each miner's weighted tallies, latest window and votes are read from it below.
        let history = try store.countHistory(repoID: repoID)
        // The rules as last stored: a stale flag holds until the rule is re-versioned or the code returns.
        let stored = Dictionary(
            try store.skills(repoID: repoID, includeRetired: false).flatMap(\.rules).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // The configuration at the head, read once: a formatter's settings that change what a miner counts (a tab's
        // width) are needed before any rule is drawn, and the declared-configuration source applies the rest.
        let declared = readingConfiguration ? repository.flatMap { repository in head.map { DeclaredStyle.read(repository, at: $0) } } ?? [] : []
        let miners = self.miners.map { miner in
            let configured = (miner as? any ConfigurableMiner)?.configured(by: declared) ?? miner
            return (configured as? any HeadAwareMiner)?.seeing(snapshot) ?? configured
        }
        // What the code keeps now is drawn holding the facts last stated, where a miner cuts them from a percentile.
        // A package folder's rules (their ids end in `@folder`) hold what they last stated as the repository's do.
        var statedFacts: [String: [String: FactValue]] = [:]
        var statedInFolders: [String: [String: [String: FactValue]]] = [:]
        for (id, rule) in stored where Self.stated(rule) {
            let (base, folder) = Rule.parts(of: id)
            if let folder {
                statedInFolders[folder, default: [:]][base] = rule.facts
            } else {
                statedFacts[id] = rule.facts
            }
        }
        let steady = miners.map { Self.holding($0, statedFacts, policy: self.policy) }
        let statedSwitches = stored.compactMapValues { Self.stated($0) ? $0.since : nil }
        // Each miner's tallies, votes, change points and drafts depend on its own rows only: they are worked out on
        // every core, the miners with the most rows first, and each is made into rules here as soon as it is ready.
        // At most a core's worth wait at once (a miner's votes are the pass's largest values; all of them at once
        // raised its peak memory by a fifth); the rules are then put in the miners' order.
        let policy = self.policy
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let heaviestFirst = miners.indices.sorted {
            (history.rowCount(of: miners[$0].identifier), $1) > (history.rowCount(of: miners[$1].identifier), $0)
        }
        var rulesByMiner = [[(kind: SkillKind, rule: Rule)]](repeating: [], count: miners.count)
        // The head's languages: the snapshot's, else read from the head's whole tree the first time a rule's cited
        // files are all gone.
        var languagesAtHead = snapshot?.languages
        func isGone(_ rule: Rule) -> Bool {
            guard let repository, let head else { return false }
            return Self.gone(rule, in: repository, at: head, testFiles: snapshot?.census?.testFiles) {
                if languagesAtHead == nil { languagesAtHead = repository.languages(at: head) }
                return languagesAtHead ?? []
            }
        }
        var retiredRules: Set<String> = []
        try Self.pipeline(Array(zip(miners, steady)), order: heaviestFirst, workers: cores) { miner, steady in
            let identifier = miner.identifier
            let tallies = history.tallies(halfLife: policy.halfLife, recentHalfLife: policy.recentHalfLife, only: identifier)
            let latest = history.latestTallies(window: policy.driftWindow, only: identifier)
            let (counted, folders) = (tallies[identifier] ?? MinerTallies()).splitByFolder()
            let votes = history.votes(of: identifier)
            let whole = steady.rules(from: counted)
            // The latest merges are judged as merges, against the facts last stated: what the files at the head show
            // is no merge's doing, and a fact cut from a figure (a line limit) holds as it does for the rule.
            let merges = (steady as? any HeadAwareMiner)?.drawingFromHistory() ?? steady
            let window = (merges as? any LatestMergesJudge)?.judgingLatestMerges() ?? merges
            return PreparedMiner(
                folders: folders, whole: whole, votes: votes,
                latestDrafts: window.rules(from: (latest[identifier] ?? MinerTallies()).splitByFolder().repository),
                current: Self.currentDrafts(
                    of: steady, counted: counted, whole: whole, history: history, votes: votes, policy: policy,
                    statedSwitches: statedSwitches))
        } consume: { index, prepared in
            let miner = miners[index]
            let identifier = miner.identifier
            let (folders, votes, latestDrafts, current) = (prepared.folders, prepared.votes, prepared.latestDrafts, prepared.current)
            var rules: [(kind: SkillKind, rule: Rule)] = []
            // A folder's rules are its merges' alone: the head's tallies are the whole repository's files, and would
            // replace a package's own style or limit with everyone's.
            let historyMiner = (miner as? any HeadAwareMiner)?.drawingFromHistory() ?? miner
            for (folder, folderTallies) in folders.sorted(by: { $0.key < $1.key }) {
                let folderMiner = Self.holding(historyMiner, statedInFolders[folder] ?? [:], policy: policy)
                rules += try folderRules(
                    folderMiner.rules(from: folderTallies), in: folder, against: current.map(\.draft), repoID: repoID, miner: identifier)
            }
            for (found, foundSince) in current {
                var (draft, since) = (found, foundSince)
                // A switch one file's merges make is that file's own style: the rule reads the whole history.
                if since != nil, stored[Self.ruleID(draft)]?.since == nil,
                    let kept = prepared.whole.first(where: { $0.topic == draft.topic && $0.language == draft.language }),
                    kept.facts != draft.facts,
                    try confinedToOneFile(
                        draft.evidence, keeping: kept.evidence, repoID: repoID, miner: identifier, scope: draft.evidenceScope)
                {
                    (draft, since) = (kept, nil)
                }
                // A rule the history barely supports would teach an agent something the code does not keep. One stated
                // before whose facts the pass still states, or holds, stands whatever its figures: they say the
                // evidence thinned, not that the code moved (swift-nio's C imports, unsorted at 37% sorted and at
                // 49%, were dropped as split at the second and back 85 merges later).
                let calibrated = confidence(share: draft.share, commits: draft.support.commits)
                let id = Self.ruleID(draft)
                // A rule no configuration file spoke to is stored as this synthesizer wrote it, so its words can stand.
                let stated = stored[id].flatMap { previous in
                    Self.stated(previous) && previous.declared == nil && previous.since?.commit == since?.commit ? previous : nil
                }
                let held = stated.map { policy.holds($0.facts, against: draft) } ?? false
                let confident = calibrated >= (Self.stated(stored[id]) ? policy.keepConfidence : policy.minimumConfidence)
                // A fact the pass adds, too thin to lead the rule, does not sink the facts it still states alike: the
                // stated rule stands until the new fact is clear (immer's JavaScript imports, relative in 45 imports
                // over 13 commits, went as split for 675 merges when 14 groups in 5 commits read as unsorted).
                let outweighed =
                    !confident
                    && stated.map { previous in
                        !previous.facts.isEmpty && previous.facts != draft.facts && previous.facts.allSatisfy { draft.facts[$0.key] == $0.value }
                    } == true
                let standing = held || stated?.facts == draft.facts || outweighed
                guard standing || confident else { continue }
                var rule: Rule
                var judged = draft
                if let previous = stated, held || outweighed {
                    // The stated rule stands, in its own words and figures: the pass found no clear case for other facts.
                    rule = previous
                    judged.facts = previous.facts
                } else {
                    rule = Rule(
                        id: id, scope: RuleScope(language: draft.language),
                        facts: draft.facts, source: "mined",
                        confidence: calibrated,
                        support: draft.support,
                        evidence: try cited(draft, repoID: repoID, miner: identifier, snapshot: snapshot),
                        statement: draft.statement, unit: draft.unit,
                        share: (draft.share * 1000).rounded() / 1000, stale: nil)
                    rule.support.counted =
                        draft.countedAtHead
                        ? "\(draft.unit) in the files at the head"
                        : "\(draft.unit) \(since.map { "since \($0.commit.prefix(10)) (\($0.month))" } ?? "in all mined history")"
                    if let since {
                        rule.since = since
                        rule.statement += " " + since.sentence
                    }
                    if draft.lent { rule.lent = true }
                }
                // Code in a language the head no longer holds keeps no convention an agent could follow: its rule is
                // retired, and drawn again from the history if the language comes back.
                if isGone(rule) {
                    retiredRules.insert(id)
                    continue
                }
                rule.stale = try drift(
                    of: judged, against: latestDrafts, votes: votes, previous: stored[id], repoID: repoID, miner: identifier,
                    measurements: type(of: miner).description.distributions)
                rule.unconfirmed = nil
                if rule.stale == nil { rule.unconfirmed = try unconfirmed(judged, repoID: repoID, miner: miner) }
                rules.append((draft.skill, rule))
            }
            rules += standing(stored, besides: Set(rules.map(\.rule.id)), keptBy: latestDrafts, miner: miner, isGone: isGone)
            rulesByMiner[index] = rules
        }
        var grouped: [SkillKind: [Rule]] = [:]
        for (kind, rule) in rulesByMiner.joined() { grouped[kind, default: []].append(rule) }
        // A rule the pass did not draw again would be kept as split between conventions; not when its code left, nor
        // when it described a habit of the work that has faded (ripgrep's `complete/ -> src/` after the code moved on),
        // nor when it was lent by other languages to one too thin to split. A rule a configuration file agreed with
        // ("both") is the miners' too: moshi's lent shell final newline, which `.editorconfig` also declares, went
        // with its last script instead of standing flagged as split.
        let drawn = Set(grouped.values.joined().map(\.id))
        let fading = Set(miners.flatMap { type(of: $0).description.fadingRules })
        for (id, rule) in stored.sorted(by: { $0.key < $1.key })
        where rule.isMined && !drawn.contains(id) && (fading.contains(id) || rule.lent == true || isGone(rule)) {
            retiredRules.insert(id)
        }
        let context = RuleSourceContext(
            store: store, repoID: repoID, repository: repository, head: head,
            readsConfiguration: readingConfiguration, declared: declared)
        for source in sources { try source.contribute(to: &grouped, context: context) }
        let skills = grouped.keys.sorted().map { kind in
            let rules = grouped[kind] ?? []
            let languages = Set(rules.compactMap { $0.scope.language.flatMap(Language.init(rawValue:)) }).sorted()
            return Skill(
                id: kind.name, name: kind.name, title: kind.title,
                description: kind.description(languages: languages, topics: Set(rules.map(\.topic))),
                version: 0, status: Skill.status(of: rules), rules: rules)
        }
        return Synthesis(skills: skills, retiredRules: retiredRules)
    }

    /// What one miner's rules are made from, before the store is asked for evidence.
    private struct PreparedMiner: Sendable {
        var folders: [String: MinerTallies]
        /// The rules the whole weighted history draws, before any switch is read.
        var whole: [RuleDraft]
        var votes: [SeriesKey: [Vote]]
        var latestDrafts: [RuleDraft]
        var current: [(draft: RuleDraft, since: ConventionChange?)]
    }

    /// `transform` applied to every element on `workers` threads, in `order`, each result handed to `consume` on
    /// the calling thread as soon as it is ready (with its element's index). A worker takes another element only
    /// once a result of its has been consumed, so at most `workers` results are alive at once. An error thrown by
    /// `consume` stops the workers after the elements in hand and is rethrown.
    static func pipeline<Element: Sendable, Result: Sendable>(
        _ elements: [Element], order: [Int], workers: Int, _ transform: @escaping @Sendable (Element) -> Result,
        consume: (Int, Result) throws -> Void
    ) throws {
        let ready = Mutex<[(Int, Result)]>([])
        let available = DispatchSemaphore(value: 0)
        let slots = DispatchSemaphore(value: workers)
        let cursor = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
        let group = DispatchGroup()
        for _ in 0..<min(workers, elements.count) {
            DispatchQueue.global().async(group: group) {
                while true {
                    slots.wait()
                    let position = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard position < order.count, !stopped.load(ordering: .relaxed) else { return }
                    let result = transform(elements[order[position]])
                    ready.withLock { $0.append((order[position], result)) }
                    available.signal()
                }
            }
        }
        defer {
            // Wake any worker waiting for a slot, so that every one sees the end and returns.
            stopped.store(true, ordering: .relaxed)
            for _ in 0..<workers { slots.signal() }
            group.wait()
        }
        var consumed = 0
        while consumed < elements.count {
            available.wait()
            let batch = ready.withLock { results in
                defer { results.removeAll(keepingCapacity: true) }
                return results
            }
            for (index, result) in batch {
                try consume(index, result)
                consumed += 1
                slots.signal()
            }
        }
    }

    /// The miner drawing its rules holding the facts last stated (rule id → facts), where it holds any.
    static func holding(_ miner: any Miner, _ stated: [String: [String: FactValue]], policy: SkillPolicy) -> any Miner {
        (miner as? any SteadyMiner)?.holding(stated, policy: policy) ?? miner
    }

    /// Whether the last version stated a mined rule as the code keeps it (alone, or with a configuration that
    /// agrees): not a rule the pass had already let go of (kept only as split between conventions) or one whose
    /// cited files were gone, flags with no observed value. A rule the configuration agreed with is held as any
    /// other: bat's Rust limit, 100 as rustfmt's default, went to 120, 100, none and 100 again while it was not.
    static func stated(_ rule: Rule?) -> Bool {
        guard let rule, rule.isMined else { return false }
        guard let flag = rule.stale else { return true }
        return !flag.observed.isEmpty || flag.configFile != nil
    }

    /// Rules stated before that the pass no longer draws, their figures thinned under the miner's minimums, which the
    /// latest merges still keep: they stand, unflagged, where they were kept as split between conventions at once.
    /// immer's TypeScript semicolons (35 statements in six commits without) were flagged when two merges added 29
    /// with, too few commits for a rule either way, and the flag went ten merges later; the latest merges, each
    /// one vote, still omitted them. A rule they do not keep, or draw nothing for, is still kept as split.
    func standing(
        _ stored: [String: Rule], besides drawn: Set<String>, keptBy latest: [RuleDraft], miner: any Miner, isGone: (Rule) -> Bool
    ) -> [(kind: SkillKind, rule: Rule)] {
        let fading = type(of: miner).description.fadingRules
        return latest.compactMap { recent in
            let id = Self.ruleID(recent)
            // A configuration file that agreed with it adds nothing to its words; one that did not, a sentence.
            // A lent rule not drawn again is retired with the lending, not kept by its language's own few merges.
            guard !drawn.contains(id), !fading.contains(id), let rule = stored[id], rule.isMined, rule.stale == nil, rule.lent != true,
                (rule.declared ?? []).allSatisfy({ $0.agrees == true }),
                recent.support.commits >= policy.driftMinimumCommits,
                rule.facts.contains(where: { recent.facts[$0.key] == $0.value }),
                !rule.facts.contains(where: { key, value in recent.facts[key].map { contradicts($0, value, fact: key) } ?? false }),
                !isGone(rule)
            else { return nil }
            return (recent.skill, rule)
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
    /// A folder's rules are its own code's: a habit lent to a thin language is the repository's to lend (each of
    /// ripgrep's crates was lent a Ruby indent for the formula at the root, which no crate holds).
    func folderRules(
        _ drafts: [RuleDraft], in folder: String, against repositoryDrafts: [RuleDraft], repoID: Int64,
        miner: String
    ) throws -> [(kind: SkillKind, rule: Rule)] {
        try drafts.compactMap { draft -> (kind: SkillKind, rule: Rule)? in
            guard let language = draft.language, !draft.lent, draft.support.commits >= policy.folderMinimumCommits else { return nil }
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
                id: Rule.id(Self.ruleID(draft), folder: folder), scope: ruleScope, facts: draft.facts, source: "mined", confidence: calibrated,
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
        // "No limit" is kept by every merge that does not start keeping one, never shown by lines that reach a width.
        let noLimit = draft.facts.contains { key, value in value == .null && FactKey(rawValue: key).map(policy.extremeValueFacts.contains) == true }
        let counters: [(miner: String, key: String, value: String)?] =
            (type(of: miner).description.editsConfirm || noLimit) && !scope.isEmpty
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

    /// Whether a rule's cited files are all gone from the head and its language (if it has one) has no file left
    /// there: the code moved to another language, or was removed. Where files of its language remain, the cited
    /// ones were moved or renamed (a folder moved under `src/`): the facts stand, and the next merges that touch the
    /// code cite where it went. `languages` lists the languages with files at the head; asked only when every cited
    /// file is missing (or the rule cites none). A rule about tests is gone too where its language has no test file
    /// left (`testFiles`, counted over the whole head): reselect's JavaScript tests became TypeScript, its website
    /// stayed JavaScript. Rust's tests live in any file, so only its language's leaving retires its rules.
    static func gone(
        _ rule: Rule, in repository: GitRepository, at head: String, testFiles: [Language: Int]? = nil, languages: () -> Set<Language>
    ) -> Bool {
        let paths = Set(rule.evidence.compactMap(\.path))
        let language = rule.scope.language.flatMap(Language.init(rawValue:))
        // A rule citing no file (a line limit of "none") is gone with its language alone.
        guard !paths.isEmpty || language != nil else { return false }
        guard paths.allSatisfy({ repository.fileContents($0, at: head, maxBytes: 1) == nil }) else { return false }
        guard let language else { return true }
        if rule.id.hasPrefix("testing/"), language != .rust, let testFiles, testFiles[language, default: 0] == 0 { return true }
        return !languages().contains(language)
    }

    /// A miner's repository-wide rules as the code keeps them now: each counter read since its last change of
    /// convention (``ChangePointModel/lastSwitch(in:policy:)``), with what it kept before where that differs.
    /// A topic whose votes since the switch are still too few for the miner keeps the whole history's rule,
    /// which the latest merges then flag stale.
    /// A switch the last version stated (`statedSwitches`, by rule id) stays in force while the votes
    /// since it still mostly keep its value, though the test would not find it now: a mix since the switch at 55%
    /// restates the rule neither from the whole history nor back again at every few merges.
    static func currentDrafts(
        of miner: any Miner, counted: MinerTallies, whole: [RuleDraft]? = nil, history: CountHistory, votes: [SeriesKey: [Vote]],
        policy: SkillPolicy, statedSwitches: [String: ConventionChange] = [:]
    ) -> [(draft: RuleDraft, since: ConventionChange?)] {
        let whole = whole ?? miner.rules(from: counted)
        var switches: [SeriesKey: Vote] = [:]
        let distributions = type(of: miner).description.distributions
        for (series, sequence) in votes where !series.scope.contains("@") && !distributions.contains(series.key) {
            if let change = ChangePointModel.lastSwitch(in: sequence, policy: policy) { switches[series] = sequence[change.index] }
        }
        for draft in whole {
            guard let commit = statedSwitches[ruleID(draft)]?.commit else { continue }
            for counter in draft.evidence {
                let series = SeriesKey(miner: miner.identifier, scope: draft.evidenceScope, key: counter.key)
                guard switches[series] == nil, let sequence = votes[series],
                    let index = sequence.lastIndex(where: { $0.commit == commit }),
                    ChangePointModel.stillHolds(switchAt: index, in: sequence)
                else { continue }
                switches[series] = sequence[index]
            }
        }
        guard !switches.isEmpty else { return whole.map { ($0, nil) } }
        func drafts(by miner: any Miner, starting: [SeriesKey: Int64] = [:], ending: [SeriesKey: Int64] = [:]) -> [RuleDraft] {
            let tallies = history.tallies(
                halfLife: policy.halfLife, recentHalfLife: policy.recentHalfLife, starting: starting, ending: ending,
                only: miner.identifier)
            return miner.rules(from: (tallies[miner.identifier] ?? MinerTallies()).splitByFolder().repository)
        }
        let times = switches.mapValues(\.time)
        let now = drafts(by: miner, starting: times)
        // What the code kept before a switch is the history's alone: the files at the head are the present.
        let before = drafts(by: (miner as? any HeadAwareMiner)?.drawingFromHistory() ?? miner, ending: times)
        func same(_ one: RuleDraft, _ other: RuleDraft) -> Bool { one.topic == other.topic && one.language == other.language }
        var result: [(draft: RuleDraft, since: ConventionChange?)] = []
        for draft in whole + now.filter({ draft in !whole.contains { same($0, draft) } }) {
            guard let present = now.first(where: { same($0, draft) }) else {
                result.append((draft, nil))
                continue
            }
            let scope = draft.evidenceScope
            let switched = present.evidence.compactMap { switches[SeriesKey(miner: miner.identifier, scope: scope, key: $0.key)] }
                .max { ($0.time, $0.commit) < ($1.time, $1.commit) }
            // A rule restates itself at a switch of a counter it cites. One whose cited counters held reads the whole
            // history: a switch found on another counter alone (a week of squash merges with `(#123)`) is one the rule
            // could not cite, and it comes and goes as votes come in.
            guard let switched else {
                result.append((draft, nil))
                continue
            }
            guard let earlier = before.first(where: { same($0, draft) }) else {
                result.append((present, nil))
                continue
            }
            let moved = earlier.facts.filter { key, value in
                if case .strings = value { return false }
                return Self.differs(value, present.facts[key])
            }
            guard !moved.isEmpty else {
                // A stated switch the votes still keep, whose fact the miner now finds a mix since it (cobra's doc
                // comments starting with the name, 70% since 2018): the rule keeps its switch, and the synthesizer
                // holds the facts it stated while no other value is clear, instead of dropping the switch at 251 and
                // finding it again at 401, 911 and 921.
                let stated = statedSwitches[ruleID(draft)]
                result.append((present, stated?.commit == switched.commit ? stated : nil))
                continue
            }
            result.append((present, ConventionChange(commit: switched.commit, month: Self.month(of: switched.time), before: moved)))
        }
        return result
    }

    static func month(of time: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(time)))
        return String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
    }

    /// Whether a fact the latest merges keep contradicts the one a rule states. A most-allowed value (blank
    /// lines in a row, line or subject length) is contradicted only by going beyond it ("no limit" goes beyond
    /// any limit), never by merges that happen not to reach it.
    func contradicts(_ found: FactValue, _ stated: FactValue?, fact key: String) -> Bool {
        guard Self.differs(found, stated) else { return false }
        switch found {
        case .strings,
            .null where !(FactKey(rawValue: key).map(policy.extremeValueFacts.contains) ?? false):
            return false
        default: break
        }
        guard let fact = FactKey(rawValue: key), policy.extremeValueFacts.contains(fact) else { return true }
        switch (found, stated) {
        case (.int(let here), .int(let there)?): return here > there
        case (.null, .int?): return true
        default: return false
        }
    }

    /// The latest merges contradict a rule when, over the last `driftWindow` commits that touched its subject
    /// (each commit one vote), a clear majority keeps facts that contradict it (``contradicts(_:_:fact:)``),
    /// those votes span `driftMinimumDays` and come from more than one author (where more wrote before), their places
    /// are not confined to one file (``confinedToOneFile(_:keeping:repoID:miner:scope:)``), and the change-point test
    /// finds them significantly apart from the votes before. A flag raised holds until the rule is re-versioned or a
    /// majority of merges keeps it again.
    func drift(
        of draft: RuleDraft, against latest: [RuleDraft], votes: [SeriesKey: [Vote]], previous: Rule?, repoID: Int64, miner: String,
        measurements: Set<String> = []
    ) throws -> Drift? {
        let scope = draft.language?.rawValue ?? ""
        let recent = latest.first { $0.topic == draft.topic && $0.language == draft.language }
        let series = draft.evidence.compactMap { counter in
            votes[SeriesKey(miner: miner, scope: scope, key: counter.key)].map {
                (value: counter.value, votes: $0, measured: measurements.contains(counter.key))
            }
        }
        if let raised = try raisedDrift(of: draft, recent: recent, series: series, repoID: repoID, miner: miner) { return raised }
        // A flag the last version carried on these same facts holds while the code has not come back.
        guard let previous, previous.facts == draft.facts, let flag = previous.stale, flag.configFile == nil, !flag.observed.isEmpty,
            flag.observed.contains(where: { contradicts($0.value, draft.facts[$0.key], fact: $0.key) })
        else { return nil }
        let returned =
            recent.map { recent in
                recent.support.commits >= policy.driftMinimumCommits
                    && flag.observed.keys.allSatisfy { key in
                        recent.facts[key].map { !contradicts($0, draft.facts[key], fact: key) } ?? false
                    }
            } ?? false
        return returned ? nil : flag
    }

    private func raisedDrift(
        of draft: RuleDraft, recent: RuleDraft?, series: [(value: String, votes: [Vote], measured: Bool)], repoID: Int64, miner: String
    ) throws -> Drift? {
        guard let recent, recent.support.commits >= policy.driftMinimumCommits else { return nil }
        var changed: [String: FactValue] = [:]
        for (key, value) in recent.facts where recent.share(of: key) >= policy.driftMajority && contradicts(value, draft.facts[key], fact: key) {
            changed[key] = value
        }
        guard !changed.isEmpty else { return nil }
        // The votes behind the rule must have moved away from it, significantly and over days, not one burst.
        let moved = series.contains { value, votes, measured in
            let window = votes.suffix(policy.driftWindow)
            guard let first = window.first, let last = window.last,
                (last.time - first.time) / 86_400 >= Int64(policy.driftMinimumDays),
                ChangePointModel.enoughAuthors(
                    window, before: votes.dropLast(window.count), policy: policy,
                    keeps: {
                        ChangePointModel.share(of: value, in: $0) < 0.5
                    })
            else { return false }
            // A measurement (a line's width) keeps no convention in force to compare with: its hundreds of values
            // would make the change-point search the pass's largest cost.
            return ChangePointModel.recentShiftAway(
                from: value, in: votes, recent: window.count, penalty: policy.changePenalty,
                minimumSegment: measured ? nil : policy.changeMinimumCommits)
        }
        let scope = draft.language?.rawValue ?? ""
        guard moved, try !confinedToOneFile(recent.evidence, keeping: draft.evidence, repoID: repoID, miner: miner, scope: scope) else {
            return nil
        }
        let said = changed.keys.sorted().map { "\($0) \(draft.facts[$0]?.description ?? "none")" }.joined(separator: ", ")
        let seen = changed.keys.sorted().map { "\($0) \(changed[$0]?.description ?? "")" }.joined(separator: ", ")
        let majority = changed.keys.map { recent.share(of: $0) }.min() ?? recent.share
        let reason =
            "The last \(recent.support.commits) merges that touch this mostly keep \(seen) (\(percent(majority)) of them), "
            + "where the rule says \(said)."
        let places = try citedPlaces(recent.evidence, repoID: repoID, miner: miner, scope: draft.language?.rawValue ?? "")
        return Drift(reason: reason, observed: changed, counterEvidence: places)
    }

    /// Whether the latest places stored for `moved` all lie in one file, where those stored for `kept` (the rule's
    /// own counters) lie in others too: merges that edit one file again and again keep that file's own style, as a
    /// rule with exceptions tells them to, and are no move of the code's (cobra's seven merges to a bash script
    /// inside a Go string). Where the rule's own places lie in that one file alone, the file is the code.
    func confinedToOneFile(
        _ moved: [(key: String, value: String)], keeping kept: [(key: String, value: String)], repoID: Int64, miner: String, scope: String
    ) throws -> Bool {
        func files(_ counters: [(key: String, value: String)]) throws -> Set<String> {
            var paths: Set<String> = []
            for (key, value) in counters {
                let places = try store.evidence(repoID: repoID, miner: miner, scope: scope, key: key, value: value, limit: policy.citedPlaces)
                paths.formUnion(places.compactMap(\.path))
            }
            return paths
        }
        let movedFiles = try files(moved)
        guard movedFiles.count == 1 else { return false }
        return try !files(kept).subtracting(movedFiles).isEmpty
    }

    /// Style skills hold one language; the testing skill names the language in each rule's id.
    static func ruleID(_ draft: RuleDraft) -> String { ruleID(skill: draft.skill, topic: draft.topic, language: draft.language) }

    static func ruleID(skill: SkillKind, topic: String, language: Language?) -> String {
        if case .testing = skill, let language { return "testing/\(language.rawValue)-\(topic)" }
        return "\(skill.name)/\(topic)"
    }

    /// The places a rule cites: the history's, else, for a rule drawn from the files at the head, the head's.
    private func cited(_ draft: RuleDraft, repoID: Int64, miner: String, snapshot: HeadSnapshot?) throws -> [EvidenceLocation] {
        let places = try citedPlaces(draft.evidence, repoID: repoID, miner: miner, scope: draft.evidenceScope)
        guard places.isEmpty, draft.countedAtHead, let snapshot else { return places }
        return snapshot.places(miner: miner, scope: draft.evidenceScope, counters: draft.evidence, limit: policy.citedPlaces)
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
