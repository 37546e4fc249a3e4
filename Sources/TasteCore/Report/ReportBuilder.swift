import Foundation

/// Reads a mined repository's store into a ``ReportModel``: the skills as stored, their versions, and the
/// per-commit counts behind each rule, summed over windows of consecutive mainline commits.
public struct ReportBuilder {
    public let history: SkillHistory
    /// At most this many windows on a chart: long histories are cut into windows of several merges.
    public var maxWindows = 100
    var policy = SkillPolicy.standard

    public init(history: SkillHistory) {
        self.history = history
    }

    /// One counter key of one miner in one scope: what a rule is measured on.
    private struct CounterGroup: Hashable {
        var miner: String
        var scope: String
        var key: String
    }

    /// A counter's count in one window, and the first commit (by position) of the window that counted it.
    private struct Cell {
        var count = 0
        var first = Int.max
    }

    /// How a rule is measured: which counter groups, and which of their values agree with it.
    private struct Measure {
        var groups: [CounterGroup]
        var agreeing: Set<TallyKey>
        /// A line-length rule cites the widths near its limit; every width up to the limit (and "short") agrees.
        var limit: Int?

        func agrees(_ counter: TallyKey) -> Bool {
            if let limit { return counter.value == "short" || Int(counter.value).map { $0 <= limit } == true }
            return agreeing.contains(counter)
        }

        var description: [String] {
            if let limit, let key = groups.first?.key { return ["\(key) ≤ \(limit)"] }
            return agreeing.map { "\($0.key)=\($0.value)" }.sorted()
        }
    }

    public func build() throws -> ReportModel {
        let store = history.store, repoID = history.repoID
        let commits = try store.reportCommits(repoID: repoID)
        let size = max(1, (commits.count + maxWindows - 1) / max(maxWindows, 1))
        var position: [Int64: Int] = [:]
        var positionOfSHA: [String: Int] = [:]
        for (index, commit) in commits.enumerated() {
            position[commit.id] = index
            positionOfSHA[commit.sha] = index
        }
        let windows = stride(from: 0, to: commits.count, by: size).map { start -> ReportModel.Window in
            let end = min(start + size, commits.count) - 1
            return ReportModel.Window(
                firstSHA: commits[start].sha, lastSHA: commits[end].sha, startTime: commits[start].time,
                endTime: commits[end].time, commits: end - start + 1)
        }

        let skills = history.mined.skills
        let measures = try measures(of: skills)
        let counters = try store.reportCounters(repoID: repoID)
        var wanted = Set(measures.values.flatMap(\.groups))
        let conventionGroup = CounterGroup(miner: "commit-message", scope: "", key: "convention")
        wanted.insert(conventionGroup)
        var idsByGroup: [CounterGroup: [Int64]] = [:]
        for (id, counter) in counters {
            let group = CounterGroup(miner: counter.miner, scope: counter.scope, key: counter.key)
            let isFramework = counter.miner == "test-framework" && counter.key == "framework" && !counter.scope.contains("@")
            if wanted.contains(group) || isFramework { idsByGroup[group, default: []].append(id) }
        }
        for group in idsByGroup.keys { idsByGroup[group]?.sort() }
        var cells = [[Int64: Cell]](repeating: [:], count: windows.count)
        try store.reportCounts(counters: idsByGroup.values.flatMap { $0 }) { commit, counter, count in
            guard let at = position[commit] else { return }
            let window = at / size
            var cell = cells[window][counter] ?? Cell()
            cell.count += count
            cell.first = min(cell.first, at)
            cells[window][counter] = cell
        }

        let versions = try history.allVersions()
        var series: [ReportModel.RuleSeries] = []
        var cited: Set<String> = []
        for skill in skills where skill.name != SkillKind.cochange.name {
            for rule in skill.rules {
                let measure = measures[rule.id]
                let groups = measure?.groups ?? []
                let points = cells.map { window -> ReportModel.Point? in
                    var point = ReportModel.Point(agreeing: 0, observations: 0)
                    for group in groups {
                        for id in idsByGroup[group] ?? [] {
                            guard let cell = window[id], let counter = counters[id] else { continue }
                            point.observations += cell.count
                            if measure?.agrees(counter) == true { point.agreeing += cell.count }
                        }
                    }
                    return point.observations == 0 ? nil : point
                }
                let switches = groups.flatMap { group in
                    Self.switches(of: group.key, ids: idsByGroup[group] ?? [], counters: counters, cells: cells).map { found in
                        var found = found
                        found.commit = Int(found.commit).map { commits[$0].sha } ?? ""
                        return found
                    }
                }
                let marks = Self.versionMarks(of: rule.id, in: versions[skill.name] ?? [], windowOf: { sha in positionOfSHA[sha].map { $0 / size } })
                cited.formUnion(switches.map(\.commit))
                cited.formUnion(marks.map(\.commit))
                cited.formUnion((rule.stale?.counterEvidence ?? []).map(\.commit))
                series.append(
                    ReportModel.RuleSeries(
                        skill: skill.name, rule: rule, points: points,
                        measuredBy: measure?.description ?? [],
                        versions: marks, switches: switches))
            }
        }
        // Stale rules first, then unconfirmed ones, each group in the skills' own order.
        let ordered =
            series.filter { $0.rule.stale != nil } + series.filter { $0.rule.stale == nil && $0.rule.unconfirmed != nil }
            + series.filter { $0.rule.stale == nil && $0.rule.unconfirmed == nil }

        var mixes: [ReportModel.Mix] = []
        if let mix = Self.mix(
            id: "commit-conventions", title: "Commit conventions", unit: "commit subjects",
            groups: [conventionGroup], idsByGroup: idsByGroup, counters: counters, cells: cells)
        {
            mixes.append(mix)
        }
        let frameworkGroups = idsByGroup.keys.filter { $0.miner == "test-framework" && $0.key == "framework" }.sorted { $0.scope < $1.scope }
        if let mix = Self.mix(
            id: "test-frameworks", title: "Test frameworks", unit: "test files",
            groups: frameworkGroups, idsByGroup: idsByGroup, counters: counters, cells: cells)
        {
            mixes.append(mix)
        }

        let coChanges = (skills.first { $0.name == SkillKind.cochange.name }?.rules ?? []).map {
            ReportModel.CoChange(
                statement: $0.statement, share: $0.share, commits: $0.support.commits, confidence: $0.confidence, stale: $0.stale != nil)
        }

        let diff = try SkillComparison.sinceLastReview.diff(in: history)
        let diffChanges = try diff.changes.map { change in
            let versions = [change.from.map { "v\($0.version)" }, change.to.map { "v\($0.version)" }].compactMap { $0 }.joined(separator: " → ")
            return ReportModel.DiffChange(
                skill: change.name, kind: change.kind, versions: versions, summary: change.summary,
                lines: try diff.review.diff(change).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init))
        }

        let allRules = skills.flatMap(\.rules)
        return ReportModel(
            repository: history.mined.record.name, location: history.mined.location, head: history.mined.head,
            minedAt: history.mined.record.minedAt,
            summary: ReportModel.Summary(
                skills: skills.count, versions: versions.values.reduce(0) { $0 + $1.count }, rules: allRules.count,
                staleRules: allRules.filter { $0.stale != nil }.count,
                unconfirmedRules: allRules.filter { $0.stale == nil && $0.unconfirmed != nil }.count,
                commitsMined: commits.count, firstCommitTime: commits.first?.time, lastCommitTime: commits.last?.time),
            windows: windows, rules: ordered, mixes: mixes, coChanges: coChanges,
            diff: ReportModel.DiffSection(heading: diff.heading, changes: diffChanges),
            commits: citedCommits(cited, times: Dictionary(commits.map { ($0.sha, $0.time) }, uniquingKeysWith: { first, _ in first })))
    }

    /// Each mined rule's counters, as the rule's miner names them when it states the rule from the stored tallies
    /// (the same drafts a pass made). Rules no draft states now (kept while the code is split, declared ones) have none.
    private func measures(of skills: [Skill]) throws -> [String: Measure] {
        let tallies = try history.store.tallies(repoID: history.repoID, halfLife: policy.halfLife, recentHalfLife: policy.recentHalfLife)
        let wanted = Set(skills.flatMap(\.rules).map(\.id))
        var result: [String: Measure] = [:]
        func add(_ drafts: [RuleDraft], miner: String, folder: String?) {
            for draft in drafts {
                let id = folder.map { Rule.id(RuleSynthesizer.ruleID(draft), folder: $0) } ?? RuleSynthesizer.ruleID(draft)
                guard wanted.contains(id), result[id] == nil, !draft.evidence.isEmpty else { continue }
                let scope = (draft.language?.rawValue ?? "") + (folder.map { "@\($0)" } ?? "")
                // The first counter a rule cites is the one its statement leads with ("4 spaces": the size, which
                // implies the style): measured on the others too, a rule half broken would look half kept.
                let key = draft.evidence[0].key
                var limit: Int?
                if case .int(let columns)? = draft.facts[FactKey.maxLineLength] { limit = columns }
                result[id] = Measure(
                    groups: [CounterGroup(miner: miner, scope: scope, key: key)],
                    agreeing: Set(draft.evidence.filter { $0.key == key }.map { TallyKey(miner: miner, scope: scope, key: key, value: $0.value) }),
                    limit: limit)
            }
        }
        for miner in MinerCatalogue.all {
            let (repository, folders) = (tallies[miner.identifier] ?? MinerTallies()).splitByFolder()
            add(miner.rules(from: repository), miner: miner.identifier, folder: nil)
            for (folder, folderTallies) in folders.sorted(by: { $0.key < $1.key }) {
                add(miner.rules(from: folderTallies), miner: miner.identifier, folder: folder)
            }
        }
        return result
    }

    /// Where the value leading a counter key changed for good: the new value holds a majority of the key's counts
    /// in a window and in the next window that counted it too, so that one odd merge is no switch. The commit is
    /// given as its position, as a string, until the caller names it.
    private static func switches(of key: String, ids: [Int64], counters: [Int64: TallyKey], cells: [[Int64: Cell]]) -> [ReportModel.Switch] {
        var leaders: [(window: Int, value: String, first: Int)] = []
        for (index, window) in cells.enumerated() {
            var byValue: [String: Cell] = [:]
            var total = 0
            for id in ids {
                guard let cell = window[id], let value = counters[id]?.value else { continue }
                byValue[value, default: Cell()].count += cell.count
                byValue[value, default: Cell()].first = min(byValue[value]?.first ?? .max, cell.first)
                total += cell.count
            }
            guard let top = byValue.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }), top.value.count * 2 > total else {
                leaders.append((index, "", .max))  // no majority: no value leads here
                continue
            }
            leaders.append((index, top.key, top.value.first))
        }
        let observed = leaders.filter { cells[$0.window].keys.contains(where: ids.contains) }
        guard var current = observed.first(where: { !$0.value.isEmpty })?.value else { return [] }
        var result: [ReportModel.Switch] = []
        for (offset, leader) in observed.enumerated() where !leader.value.isEmpty && leader.value != current {
            guard offset + 1 < observed.count, observed[offset + 1].value == leader.value else { continue }
            result.append(ReportModel.Switch(window: leader.window, commit: String(leader.first), key: key, from: current, to: leader.value))
            current = leader.value
        }
        return result
    }

    /// The versions of a skill that changed one rule (it appeared, its facts moved, it turned stale or active
    /// again, or it was dropped), at the window of the commit each was mined through.
    static func versionMarks(
        of ruleID: String, in records: [SkillVersionRecord], windowOf: (String) -> Int?
    ) -> [ReportModel.VersionMark] {
        var marks: [ReportModel.VersionMark] = []
        var previous: Rule?
        var seen = false
        for record in records {
            let rule = record.skill.rules.first { $0.id == ruleID }
            defer {
                previous = rule
                seen = seen || rule != nil
            }
            let summary: String
            switch (previous, rule) {
            case (nil, let now?): summary = seen ? "back: \(now.statement)" : "first stated: \(now.statement)"
            case (let was?, let now?) where was.semanticKey != now.semanticKey:
                summary = describe(was, now)
            case (_?, nil): summary = "dropped"
            default: continue
            }
            guard let window = windowOf(record.minedThrough) else { continue }
            marks.append(
                ReportModel.VersionMark(version: record.version, window: window, commit: record.minedThrough, status: record.status, summary: summary)
            )
        }
        return marks
    }

    private static func describe(_ was: Rule, _ now: Rule) -> String {
        var parts: [String] = []
        for key in Set(was.facts.keys).union(now.facts.keys).sorted() where was.facts[key] != now.facts[key] {
            parts.append("\(key) \(was.facts[key]?.description ?? "none") → \(now.facts[key]?.description ?? "none")")
        }
        if now.stale != nil, was.stale == nil { parts.append("stale") }
        if now.stale == nil, was.stale != nil { parts.append("active again") }
        if now.unconfirmed != nil, was.unconfirmed == nil { parts.append("unconfirmed") }
        if (now.declared ?? []) != (was.declared ?? []) { parts.append("declared configuration changed") }
        return parts.isEmpty ? "changed" : parts.joined(separator: "; ")
    }

    /// A stacked mix of a counter's values per window: the five most counted values, the rest as "other".
    private static func mix(
        id: String, title: String, unit: String, groups: [CounterGroup], idsByGroup: [CounterGroup: [Int64]],
        counters: [Int64: TallyKey], cells: [[Int64: Cell]]
    ) -> ReportModel.Mix? {
        let scopes = Set(groups.map(\.scope))
        func label(_ counter: TallyKey) -> String { scopes.count > 1 ? "\(counter.scope): \(counter.value)" : counter.value }
        var totals: [String: Int] = [:]
        let ids = groups.flatMap { idsByGroup[$0] ?? [] }
        for window in cells {
            for id in ids {
                if let cell = window[id], let counter = counters[id] { totals[label(counter), default: 0] += cell.count }
            }
        }
        guard !totals.isEmpty else { return nil }
        let ranked = totals.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        let shown = Array(ranked.prefix(ranked.count > 6 ? 5 : 6))
        let values = shown + (ranked.count > shown.count ? ["other"] : [])
        let index = Dictionary(uniqueKeysWithValues: shown.enumerated().map { ($0.element, $0.offset) })
        let counts = cells.map { window -> [Int] in
            var row = [Int](repeating: 0, count: values.count)
            for id in ids {
                guard let cell = window[id], let counter = counters[id] else { continue }
                row[index[label(counter)] ?? values.count - 1] += cell.count
            }
            return row
        }
        return ReportModel.Mix(id: id, title: title, unit: unit, values: values, counts: counts)
    }

    /// Subject, author and time of the cited commits, read from the repository; a commit it no longer has keeps
    /// its mined time and an empty subject.
    private func citedCommits(_ shas: Set<String>, times: [String: Int64]) -> [String: ReportModel.CitedCommit] {
        let repository = try? GitRepository(path: history.repositoryPath)
        var result: [String: ReportModel.CitedCommit] = [:]
        for sha in shas where !sha.isEmpty {
            if let record = try? repository?.commit(sha) {
                result[sha] = ReportModel.CitedCommit(sha: sha, subject: String(record.summary), author: record.authorName, time: record.time)
            } else {
                result[sha] = ReportModel.CitedCommit(sha: sha, subject: "", author: "", time: times[sha] ?? 0)
            }
        }
        return result
    }
}
