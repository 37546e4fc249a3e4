/// Finds blank-line habits: how many blank lines in a row code keeps at most, and (Python) how many separate
/// top-level definitions. Counted on runs of blank lines between two added non-blank lines, so that the
/// edges of a hunk, where the run may go on in unchanged lines, never count.
public struct BlankLinesMiner: Miner {
    public static let description = MinerDescription(
        identifier: "blank-lines",
        version: 1,
        name: "Blank lines",
        summary: "The most blank lines kept in a row, and the blank lines before Python's top-level definitions.",
        languages: IndentationMiner.description.languages,
        examples: [
            .shows(
                "app/models.py", (0..<8).map { "def f\($0)(x):\n    y = x + \($0)\n\n    return y\n" }.joined(separator: "\n\n") + "\n",
                expect: [.maxBlankLines: .int(2), .blankLinesBeforeDefinitions: .int(2)]),
            .contradicts(
                "app/models.py", (0..<8).map { "def f\($0)(x):\n    y = x + \($0)\n\n    return y\n" }.joined(separator: "\n") + "\n",
                expect: [.maxBlankLines: .int(1), .blankLinesBeforeDefinitions: .int(1)]),
            .shows(
                "src/main.go", (0..<8).map { "func f\($0)() int {\n\tx := \($0)\n\n\treturn x\n}\n" }.joined(separator: "\n"),
                expect: [.maxBlankLines: .int(1)]),
        ]
    )

    /// A run of blank lines is "one", "two" or "more": three in a row is never a layout anyone chose.
    static func runValue(_ length: Int) -> String { length == 1 ? "1" : length == 2 ? "2" : "3+" }

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case run
        case beforeDefinition = "before_definition"
    }

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let scope = file.language.rawValue
        var run = 0
        var previous: Int?  // number of the last added line seen
        var sawContent = false
        var definitions: Set<Int>?  // Python: lines that start a top-level definition, read when a run first ends
        for (index, line) in file.lines.enumerated() {
            let isBlank = line.isBlank
            if let prior = previous, prior + 1 != line.number {
                run = 0  // a gap in the added lines: the run is not all in view
                sawContent = false
            }
            previous = line.number
            // Blank lines inside a block comment or a multi-line string are its text, not spacing between code.
            if line.startedInside {
                run = 0
                continue
            }
            if isBlank {
                if sawContent { run += 1 }
                continue
            }
            if run > 0 {
                sink.count(Counter.run, Self.runValue(run), scope: scope, path: file.path, line: line.number)
                if file.language == .python {
                    if definitions == nil { definitions = Self.topLevelDefinitions(file) }
                    if definitions?.contains(index) == true {
                        sink.count(Counter.beforeDefinition, Self.runValue(run), scope: scope, path: file.path, line: line.number)
                    }
                }
            }
            run = 0
            sawContent = true
        }
    }

    /// The lines that start a top-level `def` or `class`: its own line, or a decorator at the margin, which
    /// starts one even where the definition lies beyond the added lines.
    static func topLevelDefinitions(_ file: SourceFile) -> Set<Int> {
        var starts: Set<Int> = []
        for declaration in file.declarations where declaration.kind == .type || declaration.kind == .function {
            if file.lines[declaration.line].indent == 0 { starts.insert(declaration.line) }
        }
        for (index, line) in file.lines.enumerated() where line.firstCode == 0 && line.firstByte == UInt8(ascii: "@") && !line.startedInside {
            starts.insert(index)
        }
        return starts
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), stats.commits >= MinimumEvidence.commits else { return nil }
            let runs = stats.ranked(Counter.run)
            let observations = runs.reduce(0) { $0 + $1.stat.count }
            guard observations >= 20 else { return nil }
            let share = { (value: String) in runs.first { $0.value == value }?.share ?? 0 }
            let (two, more) = (share("2"), share("3+"))
            var evidence: [(key: String, value: String)] = []
            var factShares: [FactKey: Double] = [:]
            var facts: [FactKey: FactValue] = [:]
            // Python: the blank lines before a top-level `def` or `class` (PEP 8 asks for two).
            var beforeDefinitions: Int?
            if language == .python {
                let before = stats.ranked(Counter.beforeDefinition)
                if before.reduce(0, { $0 + $1.stat.count }) >= 10, let top = before.first, top.value != "3+", top.share >= 0.7 {
                    beforeDefinitions = top.value == "2" ? 2 : 1
                    factShares[.blankLinesBeforeDefinitions] = top.share
                    evidence.append((key: Counter.beforeDefinition.rawValue, value: top.value))
                }
            }
            // The most in a row the code keeps: 2 when double blank lines are a habit (not a stray), else 1.
            let maximum = two >= 0.1 || beforeDefinitions == 2 ? 2 : 1
            let keeping = maximum == 2 ? 1 - more : 1 - two - more
            facts[.maxBlankLines] = .int(maximum)
            evidence.insert((key: Counter.run.rawValue, value: String(maximum)), at: 0)
            var statement: String
            switch (maximum, beforeDefinitions) {
            case (2, 2?): statement = "Put two blank lines before a top-level `def` or `class`, one between other blocks; never more."
            case (_, 1?): statement = "Separate blocks, top-level definitions included, with a single blank line, never two."
            case (2, _): statement = "Leave at most two blank lines in a row."
            default: statement = "Separate blocks with a single blank line, never two."
            }
            if let beforeDefinitions { facts[.blankLinesBeforeDefinitions] = .int(beforeDefinitions) }
            if keeping < 0.9 {
                statement += " Some files keep longer runs (\(percent(1 - keeping)) of them): leave a file's layout as it is."
            }
            let agreeing = runs.filter { (Int($0.value) ?? 3) <= maximum }.reduce(0) { $0 + $1.stat.count }
            var draft = RuleDraft(
                topic: "blank-lines", skill: .style(language), language: language, facts: facts, share: keeping,
                support: Support(observations: observations, agreeing: agreeing, commits: stats.commits),
                statement: statement, unit: "blank-line runs", evidence: evidence)
            draft.factShares = factShares
            return draft
        }
    }
}
