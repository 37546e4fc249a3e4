/// Finds whether added lines are kept free of trailing spaces and tabs.
///
/// Lines decide, and files too: a repository whose lines are nearly all clean trims, and so does one whose padded
/// lines sit in a few files (one header pasted from an editor that pads, swift-nio's FreeBSD shim, 20 of its 51 lines):
/// one careless file is a slip, not a habit, however many lines it holds.
public struct TrailingWhitespaceMiner: CensusReadingMiner {
    public static let description = MinerDescription(
        identifier: "trailing-whitespace",
        version: 3,
        name: "Trailing whitespace",
        summary: "Whether lines are trimmed of trailing spaces and tabs.",
        languages: IndentationMiner.description.languages,
        examples: [
            .shows("a.rb", (0..<40).map { "puts \($0)" }.joined(separator: "\n"), expect: [.trimTrailingWhitespace: .bool(true)]),
            .contradicts("a.rb", (0..<40).map { "puts \($0)  " }.joined(separator: "\n"), expect: [.trimTrailingWhitespace: .bool(false)]),
        ]
    )

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case trailing
        /// Per file: "padded" where any added line keeps trailing whitespace, else "clean".
        case files
    }

    /// Trimming is the habit where this share of lines is clean, or where padded lines sit in at most
    /// `paddedFiles` of the files.
    static let cleanLines = 0.97
    static let paddedFiles = 0.1

    /// What the head holds: a habit is lent only to a language with code there (``RepositoryHabit``).
    var census: TreeCensus?

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let scope = file.language.rawValue
        var trimmed = 0, kept = 0, firstKept: Int?, firstTrimmed: Int?
        for line in file.addedLines {
            guard let last = line.text.utf8.last else { continue }
            if last == 0x20 || last == 0x09 {
                kept += 1
                if firstKept == nil { firstKept = line.number }
            } else {
                trimmed += 1
                if firstTrimmed == nil { firstTrimmed = line.number }
            }
        }
        sink.count(Counter.trailing, "kept", scope: scope, by: kept, path: file.path, line: firstKept)
        // A clean line is cited too, so that "leave no trailing whitespace" shows where merged code keeps it.
        sink.count(Counter.trailing, "trimmed", scope: scope, by: trimmed, path: file.path, line: firstTrimmed)
        if kept + trimmed > 0 { sink.count(Counter.files, kept > 0 ? "padded" : "clean", scope: scope, cite: false) }
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        var drafts: [RuleDraft] = []
        var thin: [RepositoryHabit.ThinLanguage] = []
        for (scope, stats) in tallies.sortedScopes {
            guard let language = Language(rawValue: scope) else { continue }
            let ranked = stats.ranked(Counter.trailing)
            let observations = ranked.reduce(0) { $0 + $1.stat.count }
            let trimmed = ranked.first { $0.value == "trimmed" }
            let share = trimmed?.share ?? 0
            // A repository trims when nearly every line is clean; a few stray spaces, or a few padded files, do not
            // make a habit.
            let files = stats.ranked(Counter.files)
            let padded = files.first { $0.value == "padded" }
            let strayFiles = !files.isEmpty && (padded?.share ?? 0) <= Self.paddedFiles
            let trims = share >= Self.cleanLines || strayFiles
            let agreeing = trims ? (trimmed?.stat.count ?? 0) : observations - (trimmed?.stat.count ?? 0)
            guard stats.commits >= MinimumEvidence.commits, observations >= 30 else {
                thin.append(
                    .init(
                        language: language, facts: [.trimTrailingWhitespace: .bool(trims)], agreeing: agreeing, observations: observations,
                        commits: stats.commits))
                continue
            }
            drafts.append(
                RuleDraft(
                    topic: "trailing-whitespace", skill: .style(language), language: language,
                    facts: [.trimTrailingWhitespace: .bool(trims)], share: trims ? share : 1 - share,
                    support: Support(observations: observations, agreeing: agreeing, commits: stats.commits),
                    statement: trims
                        ? "Leave no trailing whitespace" + Self.stray(share: share, lines: observations - agreeing, in: padded, of: files)
                        : "Trailing whitespace is common here (\(percent(1 - share)) of lines): don't strip it from lines you don't change.",
                    unit: "lines", evidence: [(key: Counter.trailing.rawValue, value: trims ? "trimmed" : "kept")]))
        }
        guard let habit = RepositoryHabit(drafts, fact: .trimTrailingWhitespace, census: census), habit.value == .bool(true) else { return drafts }
        return drafts
            + habit.lent(to: thin, census: census, unit: "lines of every language") { thin in
                "Leave no trailing whitespace, \(habit.followed): \(thin.all("line", "are clean", "is clean")), "
                    + "and \(habit.figures("lines")) are."
            }
    }

    /// Where lines alone would not say trim, the files that do: "; the 22 padded lines merged sit in 4 of 172 files, …".
    private static func stray(
        share: Double, lines: Int, in padded: (value: String, share: Double, stat: TallyStat)?,
        of files: [(value: String, share: Double, stat: TallyStat)]
    ) -> String {
        guard share < cleanLines else { return "." }
        let total = files.reduce(0) { $0 + $1.stat.count }
        return "; the \(lines.formatted()) padded lines merged sit in \((padded?.stat.count ?? 0).formatted()) of \(total.formatted()) files, "
            + "slips rather than a habit."
    }
}
