import Foundation

/// Finds the line length the code keeps to, or that it keeps to none.
///
/// A real limit leaves a cliff in the distribution of line widths: many lines just under it, almost
/// none over it. Lines no formatter breaks (URLs, long string literals, tables) are not counted. Comment lines
/// are counted again on their own: formatters wrap code, not comments, and where the comments that come near
/// the limit often run past it, the limit is the code's alone.
///
/// A tab counts as many columns as the formatter counts it: the width the repository's configuration gives
/// (rustfmt's `tab_spaces`, Prettier's `tabWidth`, `.editorconfig`'s `tab_width`…), else the width among 2, 4
/// and 8 whose cliff holds the most lines, else 4. Lines with tabs are counted at all three widths.
///
/// Where the merged history shows no cliff, the files at the head may: a formatter adopted years into a history
/// leaves the older, longer lines weighing against its limit, while the tree it formatted shows the limit cleanly.
public struct LineLengthMiner: ConfigurableMiner, CensusReadingMiner, HeadReadingMiner {
    public static let description = MinerDescription(
        identifier: "line-length",
        version: 8,
        name: "Line length",
        summary: "The column limit lines keep to, robust to URLs, long strings and tables; or none.",
        languages: IndentationMiner.description.languages,
        distributions: Set([Counter.width, .tabbed2, .tabbed4, .tabbed8, .commentWidth].map(\.rawValue)),
        examples: [
            .shows("src/lib.py", LineLengthExamples.wrappedAt(80), expect: [.maxLineLength: .int(80)]),
            .contradicts("src/lib.py", LineLengthExamples.unwrapped, expect: [.maxLineLength: .null]),
            .shows("src/lib.py", LineLengthExamples.wrappedAt(166), expect: [.maxLineLength: .int(166)]),
            .shows(
                "Sources/Channel.swift", LineLengthExamples.wrappedAt(100, comments: 100, commentsOver: 12),
                expect: [.maxLineLength: .int(100), .commentsWithinLineLength: .bool(false)]),
            .shows("src/index.ts", LineLengthExamples.tabbed(wrappedAt: 80, tab: 2), expect: [.maxLineLength: .int(80), .tabWidth: .int(2)]),
        ]
    )

    /// The topic of the rule this miner draws, `<language>-style/line-length`.
    static let topic = "line-length"
    /// Limits in common use.
    static let common: Set<Int> = [72, 79, 80, 88, 90, 100, 110, 119, 120, 132, 140, 150, 160, 180, 200]
    /// Past 120 any width may be a limit (a team that picks 166 keeps 166), given more lines to show it.
    static let candidates = common.filter { $0 <= 120 }.sorted() + Array(121...200)
    /// Only lines just under a candidate limit are ever cited: the only places worth storing.
    static let citedWidths: Set<Int> = Set(candidates.flatMap { ($0 - 5)...$0 })
    /// Widths below this are tallied in one bucket: no limit lives there.
    static let shortWidth = 60
    /// The tab widths formatters use.
    static let tabWidths = [4, 2, 8]
    /// Lines that must sit just under a limit where a stray few could fake one: at an uncommon or wide width.
    static let minimumLinesAtCliff = 30.0
    /// Lines that must sit in the five columns up to any limit, however common: weighted by age, a share alone let two
    /// lines at 89 and 90 columns state a limit for ky's young TypeScript (281 lines in 2019), which xo never kept.
    static let minimumLinesNearLimit = 10.0
    /// Languages whose formatter wraps nothing (gofmt): never lent a limit, nor given one from the head.
    static let unwrapped: Set<Language> = [.go]
    /// Below this share of long lines holding a tab, tabs cannot move the limit: they count as 4, unstated.
    static let tabbedShare = 0.1

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        /// Widths of lines without a tab (and every short line, as "short").
        case width
        /// Widths of lines with a tab, a tab counted as 2, 4 or 8 columns.
        case tabbed2, tabbed4, tabbed8
        /// Lines that hold a comment and nothing else, 60 columns or wider (a tab counted as 4).
        case commentWidth = "comment_width"

        static func tabbed(_ tab: Int) -> Counter {
            switch tab {
            case 2: .tabbed2
            case 8: .tabbed8
            default: .tabbed4
            }
        }
    }

    /// Tab widths the configuration declares, per language.
    private(set) var configuredTabWidths: [Language: Int]
    /// The tab widths each language's rule last stated.
    var heldTabWidths: [Language: Int] = [:]

    /// The limit (or its absence) each language's rule last stated, and how far a cliff's test bends to keep it.
    var heldLimits: [Language: FactValue] = [:]
    /// Whether each language's rule last said its comments keep the limit it stated.
    var heldCommentsKeep: [Language: Bool] = [:]
    var holdTolerance = 1.0
    /// Whether the tallies drawn are the latest merges, judged against the limits held (``LatestMergesJudge``).
    var judgesLatestMerges = false

    /// What the head holds: a limit is lent only to a language with code there (``RepositoryHabit``).
    var census: TreeCensus?
    /// The widths of the lines in the files at the head (``HeadSnapshot``), one commit per file.
    var head: MinerTallies?
    static let headBytes = 8 << 10

    public init(configuredTabWidths: [Language: Int] = [:]) {
        self.configuredTabWidths = configuredTabWidths
    }

    func configured(by declared: [DeclaredFact]) -> any Miner {
        var widths: [Language: Int] = [:]
        // Formatters first: the strongest tool's setting wins, as it does for every declared fact.
        for fact in declared.sorted(by: { $0.declaration.tool < $1.declaration.tool }) {
            guard fact.declaration.key == .tabWidth, case .int(let width) = fact.declaration.value, width > 0 else { continue }
            for language in fact.languages ?? [] where widths[language] == nil { widths[language] = width }
        }
        var miner = self
        miner.configuredTabWidths = widths
        return miner
    }

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let scope = file.language.rawValue
        var short = 0
        // Widths counted here and handed to the sink once each: this runs on every added line.
        var long: [Counter: [Int: (count: Int, line: Int)]] = [:]
        var comments: [Int: Int] = [:]
        for line in file.lines {
            guard !line.bytes.isEmpty, !Self.isUnbreakable(line) else { continue }
            if line.isCommentOnly, case let width = line.hasTab ? line.width(tab: 4) : line.width, width >= Self.shortWidth {
                comments[width, default: 0] += 1
            }
            guard line.hasTab else {
                let width = line.width
                if width < Self.shortWidth { short += 1 } else { long[.width, default: [:]][width, default: (0, line.number)].count += 1 }
                continue
            }
            // Short at the widest count is short at every count.
            guard line.width(tab: 8) >= Self.shortWidth else {
                short += 1
                continue
            }
            for tab in Self.tabWidths {
                long[Counter.tabbed(tab), default: [:]][line.width(tab: tab), default: (0, line.number)].count += 1
            }
        }
        for (counter, widths) in long.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for (width, seen) in widths.sorted(by: { $0.key < $1.key }) {
                sink.count(
                    counter, String(width), scope: scope, by: seen.count, path: file.path, line: seen.line,
                    cite: Self.citedWidths.contains(width))
            }
        }
        sink.count(Counter.width, "short", scope: scope, by: short, cite: false)
        for (width, count) in comments.sorted(by: { $0.key < $1.key }) {
            sink.count(Counter.commentWidth, String(width), scope: scope, by: count, cite: false)
        }
    }
    /// Languages whose formatters wrap doc comments too (ktfmt KDoc, google-java-format Javadoc): a long comment
    /// there is one the formatter has not run on yet, not a habit.
    static let commentWrappingLanguages: Set<Language> = [.kotlin, .java]
    /// Languages whose formatters reflow comments with the code (those above, and clang-format's `ReflowComments`).
    static let commentReflowingLanguages = commentWrappingLanguages.union([.c, .cpp])

    /// Whether the `near` lines piled up under `limit` are mostly comments, with too few lines of code among them for
    /// a cliff of their own: a formatter wraps code, not comments, and a cliff comments make is not one the code keeps
    /// (pinia's configuration scripts: 7 lines at 86 to 90 columns, 5 of them comments, beside Prettier's 80). Comments
    /// wrapped by hand where the code piles up too (pinia's TypeScript doc comments at 80) leave the cliff the code's.
    /// Not where the formatter reflows comments too.
    static func pilesUpComments(under limit: Int, _ near: Double, _ stats: ScopeTallies, _ language: Language) -> Bool {
        guard !commentReflowingLanguages.contains(language) else { return false }
        let comments = stats[Counter.commentWidth]
        let commentsNear = Double(linesPast(limit - 5, in: comments) - linesPast(limit, in: comments))
        return commentsNear * 2 > near && near - commentsNear < minimumLinesAtCliff
    }

    /// Comment lines this close under a limit show whether comments keep it; shorter ones say nothing.
    static let commentWindow = 20
    /// Fewer comment lines near or over the limit than this cannot tell a kept limit from chance.
    static let commentEvidence = 100

    /// Whether the comment lines that come near `limit` stay within it as a rule does: more than one in ten past
    /// it is a habit (swift-nio's doc comments: a quarter), not a slip. Too few to tell, and they are held to it.
    /// What the last version said (`held`: whether comments kept it) stands while the share past the limit stays
    /// within the cut loosened by `tolerance`: bat's Rust comments, about a tenth past 100, were said to run over
    /// and not to at every few dozen merges.
    static func commentsKeep(_ limit: Int, _ widths: [String: TallyStat], held: Bool? = nil, tolerance: Double = 1) -> Bool {
        var (within, over, seen) = (0.0, 0.0, 0)
        for (value, stat) in widths {
            guard let width = Int(value), width > limit - commentWindow else { continue }
            if width > limit { over += stat.weight } else { within += stat.weight }
            seen += stat.count
        }
        guard seen >= commentEvidence, within + over > 0 else { return held ?? true }
        let cut = 1 - Linter.defaultMinimumConfidence
        return over / (within + over) <= held.map { $0 ? cut * tolerance : cut / tolerance } ?? cut
    }

    /// Lines a person would not break to keep a limit: URLs, tables, imports, and lines that are mostly string
    /// literals (from the first string's opening quote to the last one's closing quote).
    static func isUnbreakable(_ line: SourceLine) -> Bool {
        let bytes = line.bytes
        let start = line.indent
        guard start < bytes.count else { return false }
        let content = bytes[start...]
        if ByteSearch.contains(UnsafeBufferPointer(rebasing: content), "://") { return true }
        for prefix in unbreakablePrefixes where content.starts(with: prefix) { return true }
        guard let first = line.strings.first, let last = line.strings.last else { return false }
        return Int(last.end - first.start) * 2 >= content.count
    }

    private static let unbreakablePrefixes: [[UInt8]] = ["|", "// |", "# |", "import ", "#include", "use "].map { Array($0.utf8) }

    /// Line counts by width with a tab counted as `tab`: lines without tabs, and those with, at that width.
    static func widths(_ stats: ScopeTallies, tab: Int) -> [String: TallyStat] {
        stats[Counter.width].merging(stats[Counter.tabbed(tab)]) { $0.adding($1, commits: max($0.commits, $1.commits)) }
    }

    /// A cliff that holds less than this share of the lines counted is a sparse tail, not a wrap: gofmt wraps
    /// nothing, and gin's Go at 8 columns a tab piles 0.2% of its lines under 129.
    static let tabCliffShare = 0.01
    /// The width the winning cliff's pile must exceed the next width's by, for the width to be stated.
    static let tabCliffMargin = 1.5

    /// The width a formatter counts a tab at, where the lines show it: at the true width lines pile up under the
    /// limit; at the others, lines with more or fewer tabs smear the pile over several columns. The width whose
    /// cliff holds the most lines wins, where that pile is a real wrap (`tabCliffShare` of the lines, and
    /// `minimumLinesAtCliff` lines at least) and clearly the largest (`tabCliffMargin`): immer's Prettier
    /// (`useTabs`, width 2) piles 4% of its TypeScript under 80 at 2, and 2% under 88 at 4. A width stated before
    /// stands while its cliff passes the held test. Nil when no width shows one, and tabs count as 4.
    static func tabWidth(in stats: ScopeTallies, holding held: Int? = nil, limit: FactValue? = nil, tolerance: Double = 1) -> Int? {
        if let held, tabWidths.contains(held), Self.limit(in: widths(stats, tab: held), holding: limit, tolerance: tolerance) != nil {
            return held
        }
        var piles: [(tab: Int, pile: Double)] = []
        for tab in tabWidths {
            // Read over years, not months: a few recent lines at 125 to 129 piled 1% of gin's last months at 8.
            let histogram = histograms(widths(stats, tab: tab)).history
            guard let found = histogram.limit() else { continue }
            let pile = histogram.weight((found.limit - 4)...found.limit)
            if pile >= tabCliffShare * histogram.total, found.near >= minimumLinesAtCliff { piles.append((tab, pile)) }
        }
        let ranked = piles.sorted { ($0.pile, $1.tab) > ($1.pile, $0.tab) }
        guard let best = ranked.first, ranked.count == 1 || best.pile >= tabCliffMargin * ranked[1].pile else { return nil }
        return best.tab
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        var drafts: [RuleDraft] = []
        var thin: [ThinLines] = []
        var unlimited: [(draft: RuleDraft, lines: ThinLines)] = []
        for (scope, stats) in tallies.sortedScopes {
            guard let language = Language(rawValue: scope) else { continue }
            let lines = { ThinLines(language: language, stats: stats, tab: self.configuredTabWidths[language], commits: stats.commits) }
            if let draft = draft(language, stats) {
                if draft.facts[FactKey.maxLineLength.rawValue] == .null, !draft.countedAtHead {
                    unlimited.append((draft, lines()))
                } else {
                    drafts.append(draft)
                }
            } else {
                thin.append(headLines(language, commits: stats.commits) ?? lines())
            }
        }
        // Lines that pile up under no limit do not contradict the one the other languages keep where they fit it, and
        // are few beside theirs; any others keep that limit from being the repository's.
        var taking: Set<Language> = []
        if let habit = RepositoryHabit(drafts, fact: .maxLineLength, unanimous: true, census: census), case .int(let limit) = habit.value {
            for (_, lines) in unlimited
            where Self.fits(lines, within: limit, slack: Histogram.overShare) && 4 * lines.count <= habit.total.observations {
                taking.insert(lines.language)
            }
        }
        drafts += unlimited.filter { !taking.contains($0.lines.language) }.map(\.draft)
        let lent = lent(to: thin + unlimited.map(\.lines).filter { taking.contains($0.language) }, beside: drafts, slack: taking)
        let kept = unlimited.filter { entry in taking.contains(entry.lines.language) && !lent.contains { $0.language == entry.lines.language } }
        return drafts + kept.map(\.draft) + lent
    }

    /// A language's lines, where it states no limit of its own.
    struct ThinLines {
        var language: Language
        /// The counts the widths are read from, and whether enough of its long lines hold tabs for their width to matter.
        let stats: ScopeTallies
        let holdsTabs: Bool
        private(set) var widths: [String: TallyStat]
        var commits: Int
        /// The lines are the files at the head, not the merged history's.
        var atHead = false
        var count: Int { widths.values.reduce(0) { $0 + $1.count } }

        /// Its lines, a tab counted as `tab` columns (4 where the configuration gives no width).
        init(language: Language, stats: ScopeTallies, tab: Int?, commits: Int, atHead: Bool = false) {
            self.language = language
            self.stats = stats
            holdsTabs = LineLengthMiner.tabsMatter(stats)
            widths = LineLengthMiner.widths(stats, tab: tab ?? 4)
            self.commits = commits
            self.atHead = atHead
        }

        /// The same lines, a tab counted as `tab` columns.
        func counting(tab: Int) -> ThinLines {
            var lines = self
            lines.widths = LineLengthMiner.widths(stats, tab: tab)
            return lines
        }
    }

    /// A thin language's lines as the files at the head hold them, where they hold any: what it is now, not what its
    /// few merges were (ofetch's JavaScript: lines past 80 merged in 2021, examples within 80 at the head). The files
    /// at the head are formatted as the lenders' are, so the few lines a limit lets run past may (h3's examples: long
    /// comments and a trailing one, 6 of 265 lines past Prettier's 80).
    private func headLines(_ language: Language, commits: Int) -> ThinLines? {
        guard let stats = head?.scopes[language.rawValue] else { return nil }
        let lines = ThinLines(language: language, stats: stats, tab: configuredTabWidths[language], commits: commits, atHead: true)
        return lines.count > 0 ? lines : nil
    }

    /// Whether enough of the long lines hold tabs (``tabbedShare``) for the width a tab counts to move a limit.
    static func tabsMatter(_ stats: ScopeTallies) -> Bool {
        let tabbed = stats[Counter.tabbed4].values.reduce(0) { $0 + $1.count }
        let plainLong = stats[Counter.width].reduce(0) { $1.key == "short" ? $0 : $0 + $1.value.count }
        return tabbed > 0 && Double(tabbed) >= tabbedShare * Double(tabbed + plainLong)
    }

    /// Whether all but a `slack` share of `lines` fit within `limit`.
    private static func fits(_ lines: ThinLines, within limit: Int, slack: Double) -> Bool {
        Double(linesPast(limit, in: lines.widths)) <= slack * Double(lines.count)
    }

    /// A language whose lines are too few for a limit of their own (a few shell scripts beside a Python package), or
    /// never come near one, takes the limit every other language keeps where all its own lines fit within it; one
    /// whose lines pile up under none beside four times as many lines of the others (pinia's configuration scripts
    /// beside its TypeScript), where all but the few a limit lets run past do (``Histogram/overShare``, the languages in
    /// `slack`): a limit is contradicted by lines past it, not by lines that never reach it, and a language about as
    /// large as the lenders has a habit of its own (ky's JavaScript, before its TypeScript grew). Its rule cites the
    /// other languages' lines at the limit: its own never reach it. Never Go: gofmt keeps no limit.
    private func lent(to thin: [ThinLines], beside drafts: [RuleDraft], slack: Set<Language>) -> [RuleDraft] {
        guard let habit = RepositoryHabit(drafts, fact: .maxLineLength, unanimous: true, census: census), case .int(let limit) = habit.value else {
            return []
        }
        // Where every lender counts a tab at one width, a language it is lent to whose lines hold tabs is counted at that
        // width too, and told it: one formatter counts tabs alike in every file (octochangelog's Prettier, tabs counted
        // as 2 in its TypeScript and its JavaScript).
        let lenderTabs = Set(habit.drafts.map { $0.facts[FactKey.tabWidth.rawValue] })
        let lentTab: Int? = if lenderTabs.count == 1, case .int(let width)?? = lenderTabs.first { width } else { nil }
        var tabbed: Set<Language> = []
        let thin = thin.map { lines in
            guard let lentTab, lines.holdsTabs, configuredTabWidths[lines.language] == nil else { return lines }
            tabbed.insert(lines.language)
            return lines.counting(tab: lentTab)
        }
        var widest: [Language: Int] = [:]
        let languages = thin.map { lines in
            let over = Self.linesPast(limit, in: lines.widths)
            widest[lines.language] = lines.widths.keys.compactMap(Int.init).max()
            let keeps = Self.fits(lines, within: limit, slack: slack.contains(lines.language) || lines.atHead ? Histogram.overShare : 0)
            return RepositoryHabit.ThinLanguage(
                language: lines.language, facts: keeps ? [.maxLineLength: habit.value] : [:], agreeing: lines.count - over,
                observations: lines.count, commits: lines.commits, atHead: lines.atHead)
        }
        // Where every lender lets comments run past the limit, so does the language it is lent to (h3's examples
        // beside TypeScript whose comments run over Prettier's 80).
        let commentsRunOver = habit.drafts.allSatisfy { $0.facts[FactKey.commentsWithinLineLength.rawValue] == .bool(false) }
        let lent = habit.lent(
            to: languages.filter { !Self.unwrapped.contains($0.language) }, census: census, unit: "lines", citingLenders: true,
            slack: Histogram.overShare
        ) { thin in
            let fit = widest[thin.language].map { "the widest is \($0) columns" } ?? "none reaches 60 columns"
            let own =
                thin.agreeing == thin.observations
                ? thin.all("line", "fit", "fits")
                : "\(thin.agreeing.formatted()) of \(thin.observations.formatted()) \(thin.language.displayName) lines "
                    + (thin.atHead ? "at the head fit" : "counted fit")
            let counting = tabbed.contains(thin.language) ? lentTab.map { ", a tab counted as \($0) columns" } ?? "" : ""
            let kept =
                commentsRunOver
                ? "Keep code within \(limit) columns\(counting) (comments may run over)" : "Keep lines within \(limit) columns\(counting)"
            return "\(kept), \(habit.followed): \(own) (\(fit)), and \(habit.figures("lines")) do."
        }
        return lent.map { draft in
            var draft = draft
            if commentsRunOver { draft.facts[FactKey.commentsWithinLineLength.rawValue] = .bool(false) }
            if let lentTab, let language = draft.language, tabbed.contains(language) { draft.facts[FactKey.tabWidth.rawValue] = .int(lentTab) }
            return draft
        }
    }

    /// The rule `stats` support in `language`; nil with too little evidence, or lines that never come near a limit.
    private func draft(_ language: Language, _ stats: ScopeTallies) -> RuleDraft? {
        guard stats.commits >= MinimumEvidence.commits else { return nil }
        // Tabs matter only where enough long lines hold them; then they count as the configuration says, else
        // at the width whose cliff holds the most lines (``tabWidth(in:holding:limit:tolerance:)``), else as 4.
        let tabsMatter = Self.tabsMatter(stats)
        let configured = configuredTabWidths[language].flatMap { Self.tabWidths.contains($0) ? $0 : nil }
        let shown =
            tabsMatter && configured == nil
            ? Self.tabWidth(in: stats, holding: heldTabWidths[language], limit: heldLimits[language], tolerance: holdTolerance) : nil
        let tab = tabsMatter ? configured ?? shown ?? 4 : 4
        let widths = Self.widths(stats, tab: tab)
        let found = Self.limit(in: widths, holding: heldLimits[language], tolerance: holdTolerance).map { (tab: tab, cliff: $0) }
            .flatMap { found in Self.pilesUpComments(under: found.cliff.limit, found.cliff.near, stats, language) ? nil : found }
        let total = widths.values.reduce(0) { $0 + $1.weight }
        let count = widths.values.reduce(0) { $0 + $1.count }
        guard count >= 200, total > 0 else { return nil }
        var byWidth: [Int: TallyStat] = [:]
        for (value, stat) in widths { if let width = Int(value) { byWidth[width] = stat } }
        // The width a tab is counted at is a fact where the configuration gives it or the lines show it: 4
        // otherwise is how the lines were measured, not something the code showed (immer's Prettier counts 2).
        let tabFacts: [FactKey: FactValue] = tabsMatter && (configured ?? shown) != nil ? [.tabWidth: .int(tab)] : [:]
        let counting = tabsMatter ? ", a tab counted as \(tab) columns" : ""
        let counters = [Counter.width] + (tabsMatter ? [Counter.tabbed(tab)] : [])
        if let drawn = headDraft(
            language, tab: tab, tabFacts: tabFacts, counting: counting, counters: counters, history: byWidth, tighterThan: found?.cliff.limit)
        {
            return drawn
        }
        let widest = byWidth.keys.max() ?? 0
        if let cliff = found?.cliff {
            let limit = cliff.limit
            let within = count - Self.linesPast(limit, in: widths)
            let share = 1 - cliff.histogram.weight((limit + 1)...Int.max - 1) / cliff.histogram.total
            let (limitFacts, statement) = kept(limit, language, comments: stats[Counter.commentWidth], counting: counting)
            let facts = tabFacts.merging(limitFacts) { $1 }
            return RuleDraft(
                topic: Self.topic, skill: .style(language), language: language,
                facts: facts, share: share,
                support: Support(observations: count, agreeing: within, commits: stats.commits),
                statement: statement,
                unit: "lines",
                evidence: Self.evidence(under: limit, seen: byWidth.keys, counters: counters))
        }
        // Code that never comes near any limit says nothing about one.
        guard widest >= Self.candidates[0] else { return nil }
        if let standing = heldDraft(
            language, comments: stats[Counter.commentWidth], widths: widths, count: count, commits: stats.commits, tabFacts: tabFacts,
            counting: counting, counters: counters)
        {
            return standing
        }
        let history = Histogram(byWidth.mapValues(\.weight), total: total, lines: byWidth.mapValues(\.count))
        let overCommon = history.weight(121...Int.max - 1) / total
        // The widest lines show there is no limit: the widest widths whose places are stored.
        let widestCited = byWidth.keys.filter(Self.citedWidths.contains).sorted(by: >).prefix(3)
        return RuleDraft(
            topic: Self.topic, skill: .style(language), language: language,
            facts: [.maxLineLength: .null], share: 1,
            support: Support(observations: count, agreeing: count, commits: stats.commits),
            statement:
                "No line length limit is kept (widest line \(widest) columns; \(percent(overCommon)) of lines are over 120): wrap where it reads well.",
            unit: "lines", evidence: counters.flatMap { counter in widestCited.map { (key: counter.rawValue, value: String($0)) } })
    }

    /// The limit the last version stated, judging the latest merges, where their lines show no cliff but no more of
    /// them run past it than a cliff allows: a limit is contradicted only by lines beyond it, never by lines too few,
    /// or too unevenly spread over commits, to pile up under it (octochangelog's last ten merges, 2,000 TypeScript
    /// lines of which 14 ran past Prettier's 80, were read as keeping no limit). Lines are counted, not weighted: a
    /// window's weights are each commit's vote, and a two-line change would make one long comment a tenth of ten
    /// merges. Comment lines past the limit do not count where the rule let comments run over. Never for the whole
    /// history: there a limit whose cliff is gone has gone with it, though most lines still fit (cobra's Go kept 80
    /// for years after its lines stopped piling up under it, and ten merges at 100 flagged it by turns).
    private func heldDraft(
        _ language: Language, comments: [String: TallyStat], widths: [String: TallyStat], count: Int, commits: Int,
        tabFacts: [FactKey: FactValue], counting: String, counters: [Counter]
    ) -> RuleDraft? {
        guard judgesLatestMerges, case .int(let limit)? = heldLimits[language] else { return nil }
        let commentsPast = heldCommentsKeep[language] == false ? Self.linesPast(limit, in: comments) : 0
        let over = max(0, Self.linesPast(limit, in: widths) - commentsPast)
        guard Double(over) <= Histogram.overShare * holdTolerance * Double(count) else { return nil }
        let (facts, statement) = kept(limit, language, comments: comments, counting: counting)
        return RuleDraft(
            topic: Self.topic, skill: .style(language), language: language, facts: tabFacts.merging(facts) { $1 },
            share: 1 - Double(over) / Double(count), support: Support(observations: count, agreeing: count - over, commits: commits),
            statement: statement, unit: "lines", evidence: Self.evidence(under: limit, seen: widths.keys.compactMap { Int($0) }, counters: counters))
    }

    /// The limit the files at the head keep, where the merged history shows none: os-lib's scalafmt `maxColumn = 100`
    /// came in 2022, and lines of 101 to 105 columns from the years before still weigh in the history (the cliff
    /// holds 2.9 times the lines past it, where the test asks 3), while at the head 56 lines sit at 96 to 100 columns
    /// and 5 at 101 to 105. The head must show it clearly: a cliff that passes the test tightened by the hold
    /// tolerance, with `minimumLinesAtCliff` lines under it, in enough files for a rule; a limit it stated before
    /// stands within the loosened test. A head whose Ruby piles up under 80, 100 and 120 by turns (sinatra, whose
    /// RuboCop leaves line length off) states none; nor does Go's, which gofmt never wraps (gin's head of 2018 piled
    /// up under 100 for a hundred merges, no linter asking it). Comments are judged by the head's comment lines; the
    /// places cited are the history's lines just under the limit.
    ///
    /// Where the history shows a limit (`tighterThan`), the head replaces it only with a narrower one its lines
    /// never pass (``headPastShare``): a formatter tightened and run over every file. The history counts the lines
    /// merges added, never the ones they removed, and spdlog's 2023 reformat to clang-format's 100 left its years of
    /// lines at 120 weighing in it, though no line at the head runs past 100. A head whose older lines pile under 79
    /// while black's run on to 88 (flask's) keeps the history's limit.
    private func headDraft(
        _ language: Language, tab: Int, tabFacts: [FactKey: FactValue], counting: String, counters: [Counter], history: [Int: TallyStat],
        tighterThan historyLimit: Int? = nil
    ) -> RuleDraft? {
        guard !Self.unwrapped.contains(language), let stats = head?.scopes[language.rawValue], stats.commits >= MinimumEvidence.commits else {
            return nil
        }
        let widths = Self.widths(stats, tab: tab)
        let histogram = Self.histograms(widths).history
        let held: (limit: Int, edge: Double, near: Double)? =
            if case .int(let limit)? = heldLimits[language] { histogram.cliff(at: limit, tolerance: holdTolerance) } else { nil }
        guard let cliff = held ?? histogram.limit(tolerance: 1 / holdTolerance), cliff.near >= Self.minimumLinesAtCliff,
            !Self.pilesUpComments(under: cliff.limit, cliff.near, stats, language)
        else { return nil }
        let limit = cliff.limit
        let count = widths.values.reduce(0) { $0 + $1.count }
        let over = Self.linesPast(limit, in: widths)
        if let historyLimit { guard limit < historyLimit, Double(over) <= Self.headPastShare * Double(count) else { return nil } }
        let (limitFacts, kept) = kept(limit, language, comments: stats[Counter.commentWidth], counting: counting)
        let before = historyLimit.map { "merged changes kept \($0) columns, older lines running past \(limit)." }
        let statement =
            kept + " At the head, \((count - over).formatted()) of \(count.formatted()) lines in \(stats.commits.formatted()) files fit;"
            + " \(before ?? "merged changes show no clear limit, older lines running over it.")"
        var draft = RuleDraft(
            topic: Self.topic, skill: .style(language), language: language, facts: tabFacts.merging(limitFacts) { $1 },
            share: 1 - histogram.weight((limit + 1)...Int.max - 1) / histogram.total,
            support: Support(observations: count, agreeing: count - over, commits: stats.commits), statement: statement, unit: "lines",
            evidence: Self.evidence(under: limit, seen: history.keys, counters: counters))
        draft.countedAtHead = true
        return draft
    }

    /// The most of the head's lines that may run past a narrower limit than the history's for the head's to replace it.
    static let headPastShare = 0.002

    /// Lines wider than `limit` among counts by width (the "short" bucket is no width).
    static func linesPast(_ limit: Int, in widths: [String: TallyStat]) -> Int {
        widths.reduce(0) { (Int($1.key) ?? 0) > limit ? $0 + $1.value.count : $0 }
    }

    /// What a rule of `limit` columns cites, on each counter it counted: the widest three widths seen just under it.
    static func evidence(under limit: Int, seen widths: some Sequence<Int>, counters: [Counter]) -> [(key: String, value: String)] {
        let near = widths.filter { $0 <= limit && $0 > limit - 6 }.sorted(by: >).prefix(3)
        return counters.flatMap { counter in near.map { (key: counter.rawValue, value: String($0)) } }
    }

    /// What a rule of `limit` columns states: the limit, and whether comments keep it. Held only where the limit is
    /// the one stated: comments against another limit are a new question.
    private func kept(
        _ limit: Int, _ language: Language, comments: [String: TallyStat], counting: String
    ) -> (facts: [FactKey: FactValue], statement: String) {
        let heldComments = heldLimits[language] == .int(limit) ? heldCommentsKeep[language] : nil
        guard !Self.commentWrappingLanguages.contains(language),
            !Self.commentsKeep(limit, comments, held: heldComments, tolerance: holdTolerance)
        else {
            return ([.maxLineLength: .int(limit)], "Keep lines within \(limit) columns\(counting); URLs and long string literals may run over.")
        }
        return (
            [.maxLineLength: .int(limit), .commentsWithinLineLength: .bool(false)],
            "Keep code within \(limit) columns\(counting); comments, URLs and long string literals may run over."
        )
    }

    /// The limit the counts by width show, and how sharp its cliff is. The last months decide first: a formatter
    /// adopted recently sets today's limit, whatever years of older code did. With too little recent code, the
    /// whole (weighted) history decides.
    /// A limit stated before (`held`) stands while its cliff passes the test loosened by `tolerance`; where the
    /// last version stated no limit, a cliff must pass the test tightened by it. Lines hovering at a threshold then
    /// move neither a limit nor its absence at every few merges.
    static func limit(
        in widths: [String: TallyStat], holding held: FactValue? = nil, tolerance: Double = 1
    ) -> (limit: Int, edge: Double, near: Double, histogram: Histogram)? {
        let (recent, history) = histograms(widths)
        for (histogram, isRecent) in recent.total >= 1_000 ? [(recent, true), (history, false)] : [(history, false)] {
            if case .int(let stated)? = held, let kept = histogram.cliff(at: stated, tolerance: tolerance) {
                return (kept.limit, kept.edge, kept.near, histogram)
            }
            guard let found = histogram.limit(tolerance: held == .null ? 1 / tolerance : 1) else { continue }
            // The last months replace a stated limit only with a wrap as many lines show as a formatter leaves: 13
            // lines of bat's near 120 made a "limit" over its rustfmt's 100 for thirty merges.
            if isRecent, case .int? = held, found.near < minimumLinesAtCliff { continue }
            return (found.limit, found.edge, found.near, histogram)
        }
        return nil
    }

    /// The counts by width weighted by age over the last months (`recent`) and over years (`history`).
    static func histograms(_ widths: [String: TallyStat]) -> (recent: Histogram, history: Histogram) {
        var byWidth: [Int: TallyStat] = [:]
        for (value, stat) in widths { if let width = Int(value) { byWidth[width] = stat } }
        let lines = byWidth.mapValues(\.count)
        return (
            Histogram(byWidth.mapValues(\.recent), total: widths.values.reduce(0) { $0 + $1.recent }, lines: lines),
            Histogram(byWidth.mapValues(\.weight), total: widths.values.reduce(0) { $0 + $1.weight }, lines: lines)
        )
    }
}

/// Weighted line counts by width.
struct Histogram {
    let byWidth: [Int: Double]
    let total: Double
    /// Lines counted at each width, unweighted: how many lines a share stands for.
    let lines: [Int: Int]

    init(_ byWidth: [Int: Double], total: Double, lines: [Int: Int]) {
        self.byWidth = byWidth
        self.total = total
        self.lines = lines
    }

    func lines(_ range: ClosedRange<Int>) -> Int {
        lines.reduce(0) { range.contains($1.key) ? $0 + $1.value : $0 }
    }

    func weight(_ range: ClosedRange<Int>) -> Double {
        byWidth.reduce(0) { range.contains($1.key) ? $0 + $1.value : $0 }
    }

    /// The candidate limit with the most lines piled up just under its cliff, where they thin out at once past it.
    /// Older code from before a formatter was adopted may still run over, within a tolerance. `edge` is how much
    /// fuller the two columns up to the limit are than the two past it; `near`, how many lines (unweighted) sit in
    /// the five columns up to it. `tolerance` above 1 loosens every threshold by that factor, below 1 tightens it.
    func limit(tolerance: Double = 1) -> (limit: Int, edge: Double, near: Double)? {
        var passing: [(limit: Int, edge: Double, near: Double, pile: Double)] = []
        for limit in LineLengthMiner.candidates {
            // A width next to a common limit is that limit's older, looser lines, not a limit of its own.
            if !LineLengthMiner.common.contains(limit), LineLengthMiner.common.contains(where: { abs($0 - limit) <= 2 }) { continue }
            if let found = cliff(at: limit, tolerance: tolerance) {
                passing.append((found.limit, found.edge, found.near, weight((limit - 4)...limit)))
            }
        }
        // The cliff most lines pile up under wins, not the sharpest edge: the few lines a formatter leaves past
        // its width (Prettier's strings and comments at 81 to 88) thin out too, and where nothing lies past them
        // their edge looks sharper than the real one at 80. Candidates whose piles overlap (79 and 80) are one
        // cliff, and there the sharpest edge places it.
        guard let pile = passing.max(by: { $0.pile < $1.pile }) else { return nil }
        let best = passing.filter { abs($0.limit - pile.limit) <= 4 }.max { $0.edge < $1.edge } ?? pile
        return (best.limit, best.edge, best.near)
    }

    /// The most of the lines (by weight) a limit lets run past it: older code, and lines no formatter breaks.
    static let overShare = 0.03

    /// Whether the lines show a cliff at `limit`, and how sharp it is.
    func cliff(at limit: Int, tolerance: Double = 1) -> (limit: Int, edge: Double, near: Double)? {
        guard total > 0 else { return nil }
        let over = weight((limit + 1)...Int.max - 1)
        let near = weight((limit - 4)...limit)
        let beyond = weight((limit + 1)...(limit + 5))
        // Few lines grow as wide as a wide limit, so fewer need pile up under it; but enough of them that a
        // sparse tail (two lines at 155, none past it) is not taken for a cliff, above all at an uncommon width.
        let wide = limit > 120 && near / total >= 0.0005 / tolerance
        let counted = Double(lines((limit - 4)...limit))
        let many = counted >= LineLengthMiner.minimumLinesAtCliff
        let enough = LineLengthMiner.common.contains(limit) ? near / total >= 0.002 / tolerance || (wide && many) : wide && many
        guard over / total <= Self.overShare * tolerance, enough, counted >= LineLengthMiner.minimumLinesNearLimit / tolerance else {
            return nil
        }
        let ratio = near / max(beyond, total * 0.0001)
        // The limit column itself is full, and the next one nearly empty: 79 and 80 are told apart.
        let base = weight((limit - 5)...(limit - 1)) / 5
        guard ratio >= 3 / tolerance, base > 0, weight(limit...limit) >= 0.3 / tolerance * base,
            weight((limit + 1)...(limit + 1)) <= 0.5 * tolerance * base
        else { return nil }
        let edge = weight((limit - 1)...limit) / max(weight((limit + 1)...(limit + 2)), total * 0.0001)
        return (limit, edge, Double(lines((limit - 4)...limit)))
    }
}

/// Example code for the line-length miner, generated so that its figures are exact.
enum LineLengthExamples {
    /// Lines of assorted widths, the longest at `limit`, as code wrapped by a formatter; then `comments` comment
    /// lines within 20 columns of the limit, the last `commentsOver` of them past it.
    static func wrappedAt(_ limit: Int, comments: Int = 0, commentsOver: Int = 0) -> String {
        let code = (0..<400).map { index in
            let width = index % 4 == 0 ? limit - (index % 7) : 20 + (index * 7) % 50
            return "x = " + String(repeating: "a", count: max(1, width - 4))
        }
        let commentLines = (0..<comments).map { index in
            let width = index < comments - commentsOver ? limit - index % 19 : limit + 10 + index % 20
            return "// " + String(repeating: "c", count: width - 3)
        }
        return (code + commentLines).joined(separator: "\n")
    }

    /// Tab-indented code, one to four tabs deep, wrapped at `limit` by a formatter that counts a tab as `tab`
    /// columns (Prettier with `useTabs`): at any other width the pile under the limit smears.
    static func tabbed(wrappedAt limit: Int, tab: Int) -> String {
        (0..<400).map { index in
            let depth = 1 + index % 4
            let width = index % 3 == 0 ? limit - (index % 5) : 30 + (index * 7) % 40
            return String(repeating: "\t", count: depth) + "x = " + String(repeating: "a", count: max(1, width - depth * tab - 4))
        }.joined(separator: "\n")
    }

    /// Lines that thin out smoothly with no cliff: nobody wraps them.
    static var unwrapped: String {
        (0..<600).map { index in
            let width = 30 + (index * 37) % 220
            return "y = " + String(repeating: "b", count: width - 4)
        }.joined(separator: "\n")
    }
}

extension LineLengthMiner: LatestMergesJudge {
    func judgingLatestMerges() -> any Miner {
        var miner = self
        miner.judgesLatestMerges = true
        return miner
    }

    func holding(_ stated: [String: [String: FactValue]], policy: SkillPolicy) -> any Miner {
        var miner = self
        for language in Language.allCases {
            let rule = stated[RuleSynthesizer.ruleID(skill: .style(language), topic: Self.topic, language: language)]
            if let limit = rule?[FactKey.maxLineLength.rawValue] { miner.heldLimits[language] = limit }
            if case .int? = rule?[FactKey.maxLineLength.rawValue] {
                miner.heldCommentsKeep[language] = rule?[FactKey.commentsWithinLineLength.rawValue] != .bool(false)
            }
            if case .int(let width)? = rule?[FactKey.tabWidth.rawValue] { miner.heldTabWidths[language] = width }
        }
        miner.holdTolerance = policy.holdCliffTolerance
        return miner
    }
}
