/// Finds whether code is indented with spaces or tabs, and by how many spaces a level.
///
/// Style is counted per indented line. Size comes from the steps between consecutive added lines:
/// going one level deeper adds exactly one indent, so the most common step is the size, while
/// aligned continuation lines scatter over other values. Where continuation lines step by 4 in
/// 2-space code (Google and Square Java, whose small recent edits are mostly wrapped calls), the
/// widths settle it: 2-space code puts many lines at 2, 6, 10… columns, 4-space code almost none.
public struct IndentationMiner: HeadReplacingMiner, CensusReadingMiner {
    public static let description = MinerDescription(
        identifier: "indentation",
        version: 3,
        name: "Indentation",
        summary: "Spaces or tabs, and the size of one level, per language.",
        languages: [.swift, .python, .javascript, .typescript, .go, .rust, .c, .cpp, .java, .kotlin, .ruby, .csharp, .php, .scala, .shell],
        examples: [
            .shows(
                "Sources/App/Greeter.swift",
                """
                struct Greeter {
                    func greet(_ name: String) -> String {
                        if name.isEmpty {
                            return "Hello"
                        }
                        return "Hello, \\(name)"
                    }
                }
                """, expect: [.indentStyle: .string("space"), .indentSize: .int(4)]),
            .shows(
                "src/app.ts",
                """
                export function greet(name: string): string {
                  if (name === "") {
                    return "Hello";
                  }
                  return `Hello, ${name}`;
                }
                """, expect: [.indentStyle: .string("space"), .indentSize: .int(2)]),
            .contradicts(
                "main.go", "func main() {\n\tif ok {\n\t\tfmt.Println(\"hi\")\n\t}\n}\n",
                expect: [.indentStyle: .string("tab")]),
        ]
    )

    /// The share of even indents at 2, 6, 10… columns above which code is indented by 2, whatever the steps say:
    /// 4-space code keeps it under 0.1 (only aligned lines land there), 2-space code near 0.4 to 0.5.
    static let twoSpaceWidthShare = 0.3

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case style
        case width
        case size
    }

    /// What the files at the head keep (``HeadSnapshot``): a tree re-indented in one merge (octochangelog's move to
    /// tabs, 2,429 lines) shows there at once, where the merged history follows only as merges come in.
    var head: MinerTallies?
    /// What the head holds: a habit is lent only to a language with code there (``RepositoryHabit``).
    var census: TreeCensus?
    /// The style each language's rule last stated (``HeadReplacingMiner``).
    var statedValues: [Language: String] = [:]
    static let replaceable = (topic: "indentation", fact: FactKey.indentStyle)

    public init() {}

    /// A file's first lines show how it is indented.
    static let headBytes = 8 << 10

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let scope = file.language.rawValue
        // Counted here and handed to the sink once per value: this runs on every added line of the history.
        var spaced = 0, tabbed = 0, firstSpaced: Int?, firstTabbed: Int?
        var twoModFour = 0, zeroModFour = 0
        var steps = [Int](repeating: 0, count: 9), firstStep = [Int?](repeating: nil, count: 9)
        var previous: (number: Int, spaces: Int)?
        for line in file.lines {
            // Inside a block comment or a multi-line string, the text is aligned or verbatim, not indented.
            if line.startedInside {
                previous = nil
                continue
            }
            // Bytes, not Characters.
            let bytes = line.text.utf8
            guard let firstContent = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else {
                previous = nil  // blank lines break a run
                continue
            }
            // Block-comment continuation (` * text`) is aligned, not indented.
            if bytes[firstContent] == UInt8(ascii: "*") {
                previous = nil
                continue
            }
            let leading = bytes[..<firstContent]
            if leading.first == 0x09 {
                tabbed += 1
                if firstTabbed == nil { firstTabbed = line.number }
                previous = nil
                continue
            }
            let spaces = leading.count
            let mixed = leading.contains(0x09)
            if spaces > 0 {
                spaced += 1
                if firstSpaced == nil { firstSpaced = line.number }
                if spaces % 2 == 0, !mixed {
                    if spaces % 4 == 2 { twoModFour += 1 } else { zeroModFour += 1 }
                }
            }
            if mixed {
                previous = nil
                continue
            }
            if let prior = previous, prior.number == line.number - 1 {
                let step = spaces - prior.spaces
                if step > 0, step <= 8 {
                    steps[step] += 1
                    if firstStep[step] == nil { firstStep[step] = line.number }
                }
            }
            previous = (line.number, spaces)
        }
        sink.count(Counter.style, "space", scope: scope, by: spaced, path: file.path, line: firstSpaced)
        sink.count(Counter.style, "tab", scope: scope, by: tabbed, path: file.path, line: firstTabbed)
        sink.count(Counter.width, "2mod4", scope: scope, by: twoModFour, cite: false)
        sink.count(Counter.width, "0mod4", scope: scope, by: zeroModFour, cite: false)
        for step in 1...8 where steps[step] > 0 {
            sink.count(Counter.size, String(step), scope: scope, by: steps[step], path: file.path, line: firstStep[step])
        }
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        var drafts: [RuleDraft] = []
        var thin: [RepositoryHabit.ThinLanguage] = []
        for (scope, stats) in tallies.sortedScopes {
            guard let language = Language(rawValue: scope) else { continue }
            guard stats.commits >= MinimumEvidence.commits, let style = stats.dominant(Counter.style), style.observations >= 30 else {
                if let draft = thinHistoryDraft(language, scope: scope) {
                    drafts.append(draft)
                } else {
                    thin.append(Self.thin(language, stats))
                }
                continue
            }
            // Only a change of style is read from the head; the size of a style the history keeps is the history's.
            if let now = replacement(
                from: head?.scopes[scope], language: language, key: Counter.style.rawValue, leading: style.value, historyShare: 1, share: 0.9),
                let headStats = head?.scopes[scope], var draft = Self.draft(language, headStats)
            {
                draft.statement +=
                    Self.atHead(now) + (now.left == style.value ? "; merged changes mostly kept \(style.value == "tab" ? "tabs" : "spaces")." : ".")
                draft.countedAtHead = true
                drafts.append(draft)
            } else if let draft = Self.draft(language, stats) {
                drafts.append(draft)
            }
        }
        return drafts + lent(to: thin, beside: drafts, seen: Set(tallies.scopes.keys))
    }

    /// A language whose scripts are too few to show an indent of their own takes the one every other language keeps,
    /// where its own lines keep it too; one whose merges indented no line at all (a flat build script) takes it as
    /// well. Never to Go, whose formatter indents with tabs whatever the rest does.
    private func lent(to thin: [RepositoryHabit.ThinLanguage], beside drafts: [RuleDraft], seen: Set<String>) -> [RuleDraft] {
        guard let census, let habit = RepositoryHabit(drafts, fact: .indentStyle, alongside: [.indentSize], census: census) else { return [] }
        let unseen = census.languages.subtracting(Set(thin.map(\.language))).filter { !seen.contains($0.rawValue) }.sorted().map {
            RepositoryHabit.ThinLanguage(language: $0, facts: [:], agreeing: 0, observations: 0, commits: 0)
        }
        let indent: String
        if case .int(let size)? = habit.facts[.indentSize] { indent = "\(size) spaces" } else { indent = "tabs" }
        return habit.lent(to: (thin + unseen).filter { $0.language != .go }, census: census, unit: "indented lines", unseen: true) { thin in
            let own =
                thin.observations == 0
                ? "no \(thin.language.displayName) line merged is indented yet"
                : thin.all("indented line", "keep it", "keeps it")
            return "Indent with \(indent), \(habit.followed): \(own), and \(habit.figures("indented lines")) do."
        }
    }

    /// What a language too thin for a rule shows: its leading style and, for spaces, its most common step, if any.
    private static func thin(_ language: Language, _ stats: ScopeTallies) -> RepositoryHabit.ThinLanguage {
        guard let style = stats.dominant(Counter.style) else {
            return .init(language: language, facts: [:], agreeing: 0, observations: 0, commits: stats.commits)
        }
        var facts: [FactKey: FactValue] = [.indentStyle: .string(style.value)]
        if style.value == "space", let step = stats.ranked(Counter.size).first(where: { ["2", "3", "4", "8"].contains($0.value) }),
            let size = Int(step.value)
        {
            facts[.indentSize] = .int(size)
        }
        return .init(language: language, facts: facts, agreeing: style.agreeing, observations: style.observations, commits: stats.commits)
    }

    /// The rule `stats` support in `language`: the leading style, and for spaces the leading step.
    /// A language whose merges indented too few lines for a rule (a dozen TypeScript declaration files beside a
    /// JavaScript package) is read from the files at the head, where they clearly keep one style in enough files.
    private func thinHistoryDraft(_ language: Language, scope: String) -> RuleDraft? {
        guard let atHead = head?.scopes[scope],
            let now = atHead.replacement(of: Counter.style.rawValue, leading: [], historyShare: 0, share: 0.9),
            var draft = Self.draft(language, atHead)
        else { return nil }
        draft.statement += Self.atHead(now) + "; merged changes show too few to count."
        draft.countedAtHead = true
        return draft
    }

    /// The head's figures, as the start of a sentence after the rule's own.
    private static func atHead(_ now: HeadReplacement) -> String {
        " At the head, \(now.agreeing.formatted()) of \(now.observations.formatted()) indented lines in \(now.files.formatted()) files use "
            + (now.value == "tab" ? "tabs" : "spaces")
    }

    static func draft(_ language: Language, _ stats: ScopeTallies) -> RuleDraft? {
        guard let style = stats.dominant(Counter.style), style.observations >= 30 else { return nil }
        var facts: [FactKey: FactValue] = [.indentStyle: .string(style.value)]
        var statement: String
        var evidence = [(key: Counter.style.rawValue, value: style.value)]
        var sizeShare: Double?
        if style.value == "space" {
            // Only steps of a plausible indent size decide it.
            let sizes = stats.ranked(Counter.size).filter { ["2", "3", "4", "8"].contains($0.value) }
            guard let size = sizes.first, var width = Int(size.value) else { return nil }
            sizeShare = size.stat.weight / max(sizes.reduce(0) { $0 + $1.stat.weight }, 1e-9)
            if width >= 4, let odd = stats.ranked(Counter.width).first(where: { $0.value == "2mod4" }), odd.share >= Self.twoSpaceWidthShare {
                width = 2
                sizeShare = min(1, odd.share * 2)
            }
            facts[.indentSize] = .int(width)
            statement = "Indent with \(width) spaces\(style.share >= 0.98 ? ", never tabs" : "")."
            evidence.insert((key: Counter.size.rawValue, value: String(width)), at: 0)  // lines that show the size show the style too
        } else {
            statement = "Indent with tabs\(style.share >= 0.98 ? ", never spaces" : "")."
        }
        if style.share < 0.9 {
            statement += " Some files use \(style.value == "space" ? "tabs" : "spaces"): keep a file's own style when editing it."
        }
        var draft = RuleDraft(
            topic: "indentation", skill: .style(language), language: language, facts: facts,
            share: style.share,
            support: Support(observations: style.observations, agreeing: style.agreeing, commits: stats.commits),
            statement: statement, unit: "indented lines", evidence: evidence)
        if let sizeShare { draft.factShares[.indentSize] = sizeShare }
        return draft
    }
}
