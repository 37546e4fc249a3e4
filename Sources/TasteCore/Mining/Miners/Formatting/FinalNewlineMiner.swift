/// Finds whether files end with a newline. Counted where a change decided it: a new file, or a change
/// that added or removed the newline at the end.
public struct FinalNewlineMiner: HeadReadingMiner, CensusReadingMiner {
    public static let description = MinerDescription(
        identifier: "final-newline",
        version: 3,
        name: "Final newline",
        summary: "Whether files end with a newline.",
        languages: IndentationMiner.description.languages,
        examples: [
            .shows("a.py", "print('hi')\n", expect: [.finalNewline: .bool(true)]),
            .contradicts("a.py", "print('hi')", expect: [.finalNewline: .bool(false)]),
        ],
        editsConfirm: true
    )

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case finalNewline = "final_newline"
    }

    /// What the head holds: a habit is lent only to a language with code there (``RepositoryHabit``).
    var census: TreeCensus?
    /// How the files at the head end: a language with too few merged files for a rule is judged by them, as it is
    /// now (swift-argument-parser's first shell script lacked a final newline; both scripts at the head have one).
    var head: MinerTallies?

    /// Only the end counts, which the head's reader gives whatever it reads of the top.
    static let headBytes = 0

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        guard let final = file.finalNewline else { return }
        sink.count(
            Counter.finalNewline, String(final), scope: file.language.rawValue,
            path: file.path, line: file.addedLines.last?.number)
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        var drafts: [RuleDraft] = []
        var thin: [RepositoryHabit.ThinLanguage] = []
        for (scope, stats) in tallies.sortedScopes {
            guard let language = Language(rawValue: scope), let final = stats.dominant(Counter.finalNewline) else { continue }
            guard stats.commits >= MinimumEvidence.commits, final.observations >= 5 else {
                let now = head?.scopes[scope]?.dominant(Counter.finalNewline)
                let cases = now ?? final
                thin.append(
                    .init(
                        language: language, facts: [.finalNewline: .bool(cases.value == "true")], agreeing: cases.agreeing,
                        observations: cases.observations, commits: stats.commits, atHead: now != nil))
                continue
            }
            let ends = final.value == "true"
            drafts.append(
                RuleDraft(
                    topic: "final-newline", skill: .style(language), language: language,
                    facts: [.finalNewline: .bool(ends)], share: final.share,
                    support: Support(observations: final.observations, agreeing: final.agreeing, commits: stats.commits),
                    statement: ends ? "End every file with a single newline." : "Files here end without a final newline; keep it that way.",
                    unit: "files", evidence: [(key: Counter.finalNewline.rawValue, value: final.value)]))
        }
        // Whether a language keeps the habit clearly enough to lend it is asked of its files at the head too: cJSON's
        // C ends all 30 of its files with a newline, though files merged years ago without one hold its weighted
        // share at 89%.
        let judged = drafts.map { draft in
            guard draft.facts[FactKey.finalNewline.rawValue] == .bool(true), let language = draft.language,
                let now = head?.scopes[language.rawValue]?.dominant(Counter.finalNewline), now.value == "true", now.share > draft.share
            else { return draft }
            var judged = draft
            judged.share = now.share
            return judged
        }
        guard let habit = RepositoryHabit(judged, fact: .finalNewline, census: census), habit.value == .bool(true) else { return drafts }
        return drafts
            + habit.lent(to: thin, census: census, unit: "files of every language") { thin in
                "End every file with a single newline, \(habit.followed): \(thin.all("file", "do", "does")), "
                    + "and \(habit.figures("files"))."
            }
    }
}
