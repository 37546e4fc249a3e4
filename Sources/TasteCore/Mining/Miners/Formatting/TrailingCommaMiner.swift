/// Finds whether the last element of a multi-line list ends with a comma.
///
/// Only lists written one element per line count: the opening bracket ends its line, every element line
/// at the list's level ends with a comma except perhaps the last, there are at least two elements, and the
/// closing bracket starts the line right after the last element. That keeps blocks out (their lines do not
/// end with commas), and black's hugged `foo(\n    a, b\n)` and single-argument splits, which never take a
/// trailing comma, out too. `)` lists (arguments, parameters, tuples) are counted apart from `]` and `}`
/// literals: prettier's "es5" setting puts commas in literals only. Swift allowed them in argument lists only
/// from 6.1, so only its `]` literals count.
public struct TrailingCommaMiner: HeadReplacingMiner, CensusReadingMiner {
    public static let description = MinerDescription(
        identifier: "trailing-commas",
        version: 2,
        name: "Trailing commas",
        summary: "Whether the last element of a multi-line list, literal or argument list ends with a comma.",
        languages: [.javascript, .typescript, .python, .rust, .swift, .kotlin],
        examples: [
            .shows("src/config.py", TrailingCommaExamples.python(trailing: true), expect: [.trailingCommas: .string("multiline")]),
            .shows("src/main.rs", TrailingCommaExamples.rust(trailing: true), expect: [.trailingCommas: .string("multiline")]),
            .contradicts("src/config.js", TrailingCommaExamples.javascript(trailing: false), expect: [.trailingCommas: .string("never")]),
        ]
    )

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case literal
        case arguments
    }

    /// What the files at the head keep (``HeadSnapshot``). A list counts in a merge only where the merge added all of
    /// it, so a formatter run that adds the commas alone (chalk's, 2021) leaves no trace in the history; the files
    /// show it.
    var head: MinerTallies?
    /// Which languages the head holds code of: a family's lists are read only for those (``familyAtHead(of:)``).
    var census: TreeCensus?
    /// The style each language's rule last stated (``HeadReplacingMiner``).
    var statedValues: [Language: String] = [:]
    static let replaceable = (topic: "trailing-commas", fact: FactKey.trailingCommas)

    public init() {}

    static let headBytes = 8 << 10

    /// A bracket still open, and what the lines at its level ended with.
    private struct List {
        var closer: UInt8
        var line: Int
        /// The bracket ended its line: the elements start on the next one.
        var multiline = false
        var commas = 0
        var others = 0
        /// A `{` after `)` or an arrow opens a function body, never a literal; `!(` and `![` open a Rust macro's
        /// arguments, which rustfmt leaves as written; a TypeScript type alias's parentheses hold a function
        /// type's parameters, which xo's and eslint's `comma-dangle` never reach (ky's hooks keep them bare).
        var block = false
        /// The last line that ended at this list's level, and whether it ended with a comma.
        var lastEnd: (line: Int, comma: Bool, spread: Bool, brace: Bool)?
    }

    /// A multi-line list written one element per line, closed on the line after its last element.
    struct ListEnd {
        /// The line of the last element, and whether it ends with a comma.
        var line: Int
        var comma: Bool
        /// `)`, `]` or `}`.
        var closer: UInt8
        /// The element lines at the list's level that end with a comma, and those that do not.
        var commas: Int
        var others: Int

        /// What the list shows: "multiline" or "never", or nil when it shows neither (one element, or ragged).
        var style: String? {
            if comma, commas >= 2 { return "multiline" }
            if !comma, others == 1, commas >= 1 { return "never" }
            return nil
        }
    }

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let scope = file.language.rawValue
        Self.listEnds(in: file) { end in
            guard let style = end.style else { return }
            sink.count(end.closer == 0x29 ? Counter.arguments : Counter.literal, style, scope: scope, path: file.path, line: end.line)
        }
    }

    /// The lists of `file` whose last element could take a trailing comma or drop it: the ones this miner
    /// counts, and the ones `taste lint` holds to the counted habit.
    static func listEnds(in file: SourceFile, _ found: (ListEnd) -> Void) {
        let countsArguments = file.language != .swift
        var stack: [List] = []
        for line in file.lines {
            if !line.followsPrevious { stack.removeAll(keepingCapacity: true) }
            if !line.isTrusted || line.startedInside {
                stack.removeAll(keepingCapacity: true)
                continue
            }
            guard let first = line.firstCode, let end = line.lastCode else { continue }
            let typeAlias =
                file.language == .typescript
                && (line.bytes[first...].starts(with: "type ".utf8) || line.bytes[first...].starts(with: "export type ".utf8))
            // A line that starts by closing the innermost list: its previous line held the last element.
            let firstByte = line.bytes[first]
            if firstByte == 0x29 || firstByte == 0x5D || firstByte == 0x7D, let list = stack.last, list.closer == firstByte,
                list.multiline, !list.block, let element = list.lastEnd, element.line == line.number - 1, !element.spread,
                firstByte != 0x29 || countsArguments,
                // A Rust match arm with a block body takes no comma: a `}` element in braces says nothing there.
                !(file.language == .rust && firstByte == 0x7D && element.brace)
            {
                found(ListEnd(line: element.line, comma: element.comma, closer: firstByte, commas: list.commas, others: list.others))
            }
            let depthBefore = stack.count
            var lowest = depthBefore
            for bracket in line.brackets {
                let byte = bracket.byte, offset = Int(bracket.offset)
                switch byte {
                case 0x28, 0x5B:
                    let block = line.byte(before: offset) == 0x21 || (byte == 0x28 && typeAlias)
                    stack.append(List(closer: byte == 0x28 ? 0x29 : 0x5D, line: line.number, block: block))
                case 0x7B:
                    let before = line.byte(before: offset)
                    stack.append(List(closer: 0x7D, line: line.number, block: before == 0x29 || before == 0x3E))
                default:
                    guard let open = stack.popLast(), open.closer == byte else {
                        stack.removeAll(keepingCapacity: true)  // unbalanced: lost track
                        lowest = 0
                        continue
                    }
                    lowest = min(lowest, stack.count)
                }
            }
            let byte = line.bytes[end]
            guard let top = stack.indices.last else { continue }
            if byte == 0x28 || byte == 0x5B || byte == 0x7B, stack[top].line == line.number {
                stack[top].multiline = true
            } else if stack[top].line != line.number, lowest >= stack.count {
                // The line ended at the level of a list an earlier line opened: it ended an element, or a part of one.
                let comma = byte == 0x2C
                if comma { stack[top].commas += 1 } else { stack[top].others += 1 }
                let spread = line.bytes[first...].starts(with: [0x2E, 0x2E, 0x2E])  // ...rest takes no comma
                stack[top].lastEnd = (line.number, comma, spread, byte == 0x7D)
            }
        }
    }

    /// Literals decide where there are enough of them; argument lists otherwise.
    static func deciding(_ stats: ScopeTallies) -> (counter: Counter, found: Dominant)? {
        if let literal = stats.dominant(Counter.literal), literal.observations >= 15 { return (.literal, literal) }
        if let arguments = stats.dominant(Counter.arguments), arguments.observations >= 15 { return (.arguments, arguments) }
        return nil
    }

    static func lists(_ language: Language) -> String {
        language == .swift ? "array and dictionary literals" : "lists (literals, arguments, parameters)"
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), Self.description.languages.contains(language) else { return nil }
            let history = stats.commits >= MinimumEvidence.commits ? Self.deciding(stats) : nil
            if let draft = headDraft(scope: scope, language: language, history: history) { return draft }
            guard let (key, decided) = history, decided.commits >= MinimumEvidence.commits else { return nil }
            let literal = stats.dominant(Counter.literal)
            let arguments = stats.dominant(Counter.arguments)
            let literalCount = literal?.observations ?? 0
            let argumentCount = arguments?.observations ?? 0
            let multiline = decided.value == "multiline"
            let lists = Self.lists(language)
            var statement: String
            if decided.share >= 0.9 {
                statement =
                    multiline
                    ? "End the last element of multi-line \(lists) with a trailing comma."
                    : "Don't put a trailing comma after the last element of multi-line \(lists)."
                if let literal, let arguments, literalCount >= 15, argumentCount >= 10, arguments.value != literal.value,
                    arguments.share >= 0.8
                {
                    statement =
                        multiline
                        ? "End the last element of multi-line array and object literals with a trailing comma, but not the last argument or parameter."
                        : "Don't put a trailing comma after the last element of multi-line array and object literals; do after the last argument or parameter."
                }
            } else if decided.share >= 0.8 {
                statement =
                    "Prefer \(multiline ? "a" : "no") trailing comma after the last element of multi-line \(lists) "
                    + "(\(percent(decided.share)) of them); some files differ."
            } else {
                statement =
                    "Mixed: \(percent(multiline ? decided.share : 1 - decided.share)) of multi-line \(lists) end with a trailing comma; "
                    + "keep a file's own style."
            }
            return RuleDraft(
                topic: "trailing-commas", skill: .style(language), language: language,
                facts: [.trailingCommas: .string(decided.value)], share: decided.share,
                support: Support(observations: decided.observations, agreeing: decided.agreeing, commits: stats.commits),
                statement: statement, unit: "multi-line lists", evidence: [(key: key.rawValue, value: decided.value)])
        }
    }

    /// The style the head's lists keep, where it replaces what the history states (or the history has too few lists).
    /// Where the language's own files hold too few lists, it reads them with its formatter family's
    /// (``Language/formatterFamily``), its own (enough of them, ``MinerTallies/ownCasesSuffice(count:files:)``) all
    /// keeping the style the family keeps: xo formats chalk's JavaScript and TypeScript alike, and its JavaScript at the
    /// head holds 7 literals, all in one file. A style the rule stated stands while most of the language's own lists
    /// keep it.
    private func headDraft(scope: String, language: Language, history: (counter: Counter, found: Dominant)?) -> RuleDraft? {
        guard let own = head?.scopes[scope] else { return nil }
        if let key = history?.counter ?? Self.deciding(own)?.counter,
            let now = replacement(from: own, language: language, key: key.rawValue, history: history?.found, share: 0.9)
        {
            return headDraft(now, key: key, language: language, history: history?.found, files: "files")
        }
        guard let family = familyAtHead(of: language) else { return nil }
        let lists = { (counter: Counter) in family[counter].values.reduce(0) { $0 + $1.count } }
        let key = history?.counter ?? Self.deciding(family)?.counter ?? (lists(.arguments) > lists(.literal) ? .arguments : .literal)
        let mine = own.ranked(key)
        let ownCount = mine.reduce(0) { $0 + $1.stat.count }
        guard let now = replacement(from: family, language: language, key: key.rawValue, history: history?.found, share: 0.9),
            let keeping = mine.first, keeping.value == now.value, keeping.share >= (statedValues[language] == now.value ? 0.5 : 0.9),
            MinerTallies.ownCasesSuffice(count: ownCount, files: mine.map(\.stat.commits).max() ?? 0)
        else { return nil }
        let members = language.formatterFamily.filter { head?.scopes[$0.rawValue]?[key].isEmpty == false }
        let ownFigures = keeping.stat.count == ownCount ? ownCount.formatted() : "\(keeping.stat.count.formatted()) of \(ownCount.formatted())"
        let files = "\(proseList(members.map(\.displayName).sorted())) files (\(ownFigures) in \(language.displayName))"
        return headDraft(now, key: key, language: language, history: history?.found, files: files)
    }

    /// The rule `now` states, the head's lists counted in `files` ("files", or the family's).
    private func headDraft(_ now: HeadReplacement, key: Counter, language: Language, history: Dominant?, files: String) -> RuleDraft {
        let multiline = now.value == "multiline"
        var statement =
            multiline
            ? "End the last element of multi-line \(Self.lists(language)) with a trailing comma."
            : "Don't put a trailing comma after the last element of multi-line \(Self.lists(language))."
        statement +=
            " At the head, \(now.agreeing.formatted()) of \(now.observations.formatted()) multi-line lists in \(now.files.formatted()) \(files)"
        statement += multiline ? " end with one" : " end without one"
        if let left = now.left {
            statement += left == history?.value ? "; merged changes mostly showed the other style." : "; the style this rule stated is gone."
        } else {
            statement += history.map { $0.share < 0.9 ? "; merged changes are split (\(percent($0.share)) \($0.value))." : "." } ?? "."
        }
        var draft = RuleDraft(
            topic: "trailing-commas", skill: .style(language), language: language, facts: [.trailingCommas: .string(now.value)], share: now.share,
            support: Support(observations: now.observations, agreeing: now.agreeing, commits: now.files), statement: statement,
            unit: "multi-line lists", evidence: [(key: key.rawValue, value: now.value)])
        draft.countedAtHead = true
        return draft
    }
}

/// Example code for the trailing-comma miner, with blocks and hugged lists that must not count.
enum TrailingCommaExamples {
    static func python(trailing: Bool) -> String {
        let c = trailing ? "," : ""
        return (0..<8).map { index in
            """
            SETTINGS_\(index) = {
                "name": "service-\(index)",
                "port": \(8000 + index)\(c)
            }
            def handler_\(index)(
                request,
                response\(c)
            ):
                raise ValueError(
                    "a single long argument that black splits without a trailing comma"
                )
                return call(
                    first, second, third
                )
            """
        }.joined(separator: "\n") + "\n"
    }

    static func rust(trailing: Bool) -> String {
        let c = trailing ? "," : ""
        return (0..<8).map { index in
            """
            fn build_\(index)() -> Config {
                let value = compute(\(index));
                Config {
                    name: "service",
                    port: \(index)\(c)
                }
            }
            const PORTS_\(index): [u16; 2] = [
                80,
                443\(c)
            ];
            """
        }.joined(separator: "\n") + "\n"
    }

    static func javascript(trailing: Bool) -> String {
        let c = trailing ? "," : ""
        return (0..<8).map { index in
            """
            const settings\(index) = {
              name: 'service',
              port: \(index)\(c)
            }
            function run\(index)(...args) {
              if (args.length > 0) {
                start(args)
              }
              return [
                'a',
                ...args
              ]
            }
            const list\(index) = [
              1,
              2\(c)
            ]
            """
        }.joined(separator: "\n") + "\n"
    }
}
