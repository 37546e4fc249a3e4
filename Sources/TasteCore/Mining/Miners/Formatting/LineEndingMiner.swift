/// Finds whether lines end with LF or CRLF, as committed (after any `.gitattributes` normalisation).
public struct LineEndingMiner: CensusReadingMiner {
    public static let description = MinerDescription(
        identifier: "line-endings",
        version: 1,
        name: "Line endings",
        summary: "LF or CRLF line endings, as the repository stores them.",
        languages: IndentationMiner.description.languages,
        examples: [
            .shows(
                "src/app.py", (0..<40).map { "value_\($0) = \($0)" }.joined(separator: "\n") + "\n",
                expect: [.lineEndings: .string("lf")]),
            .contradicts(
                "src/App.cs", (0..<40).map { "var value\($0) = \($0);" }.joined(separator: "\r\n") + "\r\n",
                expect: [.lineEndings: .string("crlf")]),
        ]
    )

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case ending
    }

    /// What the head holds: a habit is lent only to a language with code there (``RepositoryHabit``).
    var census: TreeCensus?

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let scope = file.language.rawValue
        var firstLF: Int?
        var firstCRLF: Int?
        var lf = 0
        var crlf = 0
        for line in file.addedLines {
            if line.crlf {
                crlf += 1
                if firstCRLF == nil { firstCRLF = line.number }
            } else {
                lf += 1
                if firstLF == nil { firstLF = line.number }
            }
        }
        sink.count(Counter.ending, "lf", scope: scope, by: lf, path: file.path, line: firstLF)
        sink.count(Counter.ending, "crlf", scope: scope, by: crlf, path: file.path, line: firstCRLF)
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        var drafts: [RuleDraft] = []
        var thin: [RepositoryHabit.ThinLanguage] = []
        for (scope, stats) in tallies.sortedScopes {
            guard let language = Language(rawValue: scope), let ending = stats.dominant(Counter.ending) else { continue }
            let crlfShare = ending.value == "crlf" ? ending.share : 1 - ending.share
            // CRLF only where it clearly rules: a few files committed from Windows do not make a convention.
            let value = crlfShare >= 0.8 ? "crlf" : "lf"
            let share = value == "crlf" ? crlfShare : 1 - crlfShare
            let agreeing = value == ending.value ? ending.agreeing : ending.observations - ending.agreeing
            guard stats.commits >= MinimumEvidence.commits, ending.observations >= 30 else {
                thin.append(
                    .init(
                        language: language, facts: [.lineEndings: .string(value)], agreeing: agreeing, observations: ending.observations,
                        commits: stats.commits))
                continue
            }
            let statement: String
            if share >= 0.9 {
                statement = value == "crlf" ? "Use CRLF line endings, as the files here do." : "Use LF line endings, never CRLF."
            } else {
                statement = "Mostly LF line endings, but \(percent(crlfShare)) of lines end with CRLF: keep a file's own line endings."
            }
            drafts.append(
                RuleDraft(
                    topic: "line-endings", skill: .style(language), language: language,
                    facts: [.lineEndings: .string(value)], share: share,
                    support: Support(observations: ending.observations, agreeing: agreeing, commits: stats.commits),
                    statement: statement, unit: "lines", evidence: [(key: Counter.ending.rawValue, value: value)]))
        }
        // Where every language clearly keeps LF, a language with a few lines of its own keeps it too.
        guard let habit = RepositoryHabit(drafts, fact: .lineEndings, census: census), habit.value == .string("lf") else { return drafts }
        return drafts
            + habit.lent(to: thin, census: census, unit: "lines of every language") { thin in
                "Use LF line endings, never CRLF, \(habit.followed): \(thin.all("line", "do", "does")), "
                    + "and \(habit.figures("lines"))."
            }
    }
}
