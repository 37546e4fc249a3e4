/// Finds whether statements end with a semicolon where the language leaves it optional: JavaScript and
/// TypeScript (prettier's default, or standard's and xo's `semicolon: false`), and Swift, Kotlin, Python, Go,
/// Ruby and Scala, whose formatters and linters remove it (swift-format, SwiftLint, ktlint, ruff, gofmt,
/// RuboCop). Rust, C, C++, Java, C# and PHP need it: it is syntax there, not a habit.
///
/// JavaScript and TypeScript:
/// Only lines that clearly end a simple statement count: one that began with `const`, `let`, `var`, `return`,
/// `import`, `export`, `throw`, `break`, `continue`, `await`, a call `a.b(…)` or an assignment `a.b = …`,
/// at statement level, and ends at the same bracket depth. Lines inside a multi-line expression, lines
/// ending in an operator or an opening bracket, and statements closed by a `}` (object literals, function
/// expressions: `};` is a matter of taste even in code that uses semicolons) say nothing. A line without a
/// semicolon counts only when the next line does not continue it (`.then(…)`, `? a : b`, `+ b`).
public struct SemicolonMiner: Miner {
    public static let description = MinerDescription(
        identifier: "semicolons",
        version: 4,
        name: "Semicolons",
        summary: "Whether statements end with a semicolon, in the languages where it is optional.",
        languages: [.javascript, .typescript] + optionalLanguages,
        examples: [
            .shows("src/app.ts", SemicolonExamples.code(semicolons: true), expect: [.semicolons: .bool(true)]),
            .contradicts("src/app.js", SemicolonExamples.code(semicolons: false), expect: [.semicolons: .bool(false)]),
            .shows("Sources/Cart/Cart.swift", SemicolonExamples.swift(semicolons: false), expect: [.semicolons: .bool(false)]),
            .contradicts("Sources/Cart/Cart.swift", SemicolonExamples.swift(semicolons: true), expect: [.semicolons: .bool(true)]),
        ]
    )

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        /// Statements outside test files.
        case statementEnd = "statement_end"
        /// Statements in test files, counted apart: a team's tests may keep another habit than its code (express's
        /// `lib/` ends statements with semicolons, its tests mostly have not since 2017), and merges that touch one
        /// or the other by turns would move one mixed count back and forth.
        case testStatementEnd = "test_statement_end"
    }

    public init() {}

    private enum Open: UInt8 { case paren, bracket, object, block }

    /// Languages where a newline ends a statement and a semicolon at the end of a line is only a habit.
    static let optionalLanguages: [Language] = [.swift, .kotlin, .python, .go, .ruby, .scala]

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let scope = file.language.rawValue
        let counter = file.role == .test ? Counter.testStatementEnd : .statementEnd
        Self.statementEnds(in: file) { line, semicolon in
            sink.count(counter, semicolon ? "semicolon" : "none", scope: scope, path: file.path, line: line)
        }
    }

    /// Each statement that clearly ends on a line of `file`: its line number, and whether a semicolon ends it.
    /// `taste lint` reads the same statements the miner counts.
    static func statementEnds(in file: SourceFile, _ visit: (_ line: Int, _ semicolon: Bool) -> Void) {
        switch file.language {
        case .javascript, .typescript: scriptStatementEnds(in: file, visit)
        case let language where optionalLanguages.contains(language): lineEnds(in: file, visit)
        default: break
        }
    }

    /// Statements in a language where a newline ends one: each starts at a line outside any `(` or `[` that does
    /// not continue the line before it, and ends where the brackets close on a `;` or an operand. A line without
    /// a semicolon counts once the next line shows it does not go on (`.map(…)`, `+ b`). Statements that end
    /// with a block (`{`, `}`, `:`), attributes, directives and Ruby's block keywords say nothing.
    static func lineEnds(in file: SourceFile, _ visit: (_ line: Int, _ semicolon: Bool) -> Void) {
        var depth = 0
        /// A statement began at depth 0 and has not ended yet.
        var pending = false
        /// A line that ended a statement without a semicolon, waiting for the next line.
        var candidate: Int?
        for line in file.lines {
            if !line.followsPrevious || !line.isTrusted {
                depth = 0
                pending = false
                candidate = nil
                if !line.isTrusted { continue }
            }
            guard let first = line.firstCode, let end = line.lastCode, !line.startedInside else {
                if line.isEmpty, line.isBlank, let ended = candidate { visit(ended, false) }
                candidate = nil
                if !line.isEmpty || !line.isBlank { pending = false }
                continue
            }
            if let ended = candidate {
                if Self.continues(line, at: first) { pending = true } else { visit(ended, false) }
                candidate = nil
            }
            if depth == 0, !pending {
                let head = line.bytes[first]
                // @attribute, #if and `}` lines start no statement a semicolon could end, nor does a lone string
                // (a docstring, a string's lines in a table).
                let loneString = line.strings.count == 1 && line.strings.first.map { Int($0.start) == first && Int($0.end) == end } == true
                pending = head != 0x40 && head != 0x23 && head != 0x7D && !loneString && !Self.continues(line, at: first)
            }
            var braces = 0
            for bracket in line.brackets {
                switch bracket.byte {
                case 0x28, 0x5B: depth += 1
                case 0x29, 0x5D: depth = max(0, depth - 1)
                case 0x7B: braces += 1
                default: braces -= 1
                }
            }
            guard depth == 0, !line.endsInside else { continue }
            let byte = line.bytes[end]
            if braces > 0 {
                pending = false  // a block or a closure opens: `items.forEach { item in`
            } else if byte == 0x3B {
                // `;;` ends a case in a shell-like script: only one plain semicolon counts.
                if pending, line.byte(before: end) != 0x3B { visit(line.number, true) }
                pending = false
            } else if endsPostfixOperand(line, at: end) {
                let word = String(decoding: line.word(endingAt: end), as: UTF8.self)
                if pending, !(file.language == .ruby && rubyBlockWords.contains(word)) { candidate = line.number }
                pending = false
            } else if byte == 0x7B || byte == 0x7D || byte == 0x3A {
                pending = false
            }
            // Otherwise an operator, a comma or a `\`: the statement goes on.
        }
        if file.status == .added, let ended = candidate { visit(ended, false) }
    }

    /// `endsOperand`, and Swift's and Kotlin's postfix `x!`, `x?` and `x!!`; a `/` (a regular expression in
    /// JavaScript) is a division's operator here.
    private static func endsPostfixOperand(_ line: SourceLine, at end: Int) -> Bool {
        switch line.bytes[end] {
        case 0x2F: return false
        case 0x21, 0x3F:
            guard end > 0 else { return false }
            let before = line.bytes[end - 1]
            return line.isIdentifierByte(before) || before == 0x29 || before == 0x5D || before == 0x21
        default: return endsOperand(line, at: end)
        }
    }

    /// Ruby words that end a line without ending a statement a semicolon could close.
    private static let rubyBlockWords: Set<String> = ["begin", "else", "ensure", "then", "do", "end", "rescue"]

    /// JavaScript and TypeScript statements that clearly end on a line.
    static func scriptStatementEnds(in file: SourceFile, _ visit: (_ line: Int, _ semicolon: Bool) -> Void) {
        var stack: [Open] = []
        /// The depth at which a statement that has not ended yet began.
        var pending: Int?
        /// A line that ended a statement, waiting for the next line to show that nothing continues it.
        var candidate: (line: Int, semicolon: Bool, depth: Int)?

        func settle(_ accept: Bool) {
            if let ended = candidate {
                if accept {
                    visit(ended.line, ended.semicolon)
                } else {
                    pending = ended.depth  // the statement goes on
                }
            }
            candidate = nil
        }
        func forget() {
            stack.removeAll(keepingCapacity: true)
            pending = nil
            candidate = nil
        }

        for line in file.lines {
            if !line.followsPrevious { forget() }
            if !line.isTrusted {
                forget()
                continue
            }
            guard let first = line.firstCode, let end = line.lastCode, !line.startedInside else {
                // A blank line ends whatever came before it; a comment line shows nothing, so the next code line
                // decides (`return a` / `// why` / `|| b;` is one statement).
                if line.isBlank {
                    settle(true)
                } else if !line.isEmpty || line.startedInside {
                    forget()
                }
                continue
            }
            if candidate != nil { settle(candidate?.semicolon == true || !Self.continues(line, at: first)) }

            let inExpression = stack.last.map { $0 != .block } ?? false
            if !inExpression, pending != stack.count {
                pending = Self.startsStatement(line, at: first) ? stack.count : nil
            }
            for bracket in line.brackets {
                let byte = bracket.byte, offset = Int(bracket.offset)
                switch byte {
                case 0x28: stack.append(.paren)
                case 0x5B: stack.append(.bracket)
                case 0x7B:
                    // A `{` that starts a line is an object inside an expression, a block elsewhere.
                    let object = line.byte(before: offset) == nil ? inExpression : Self.opensObject(line, at: offset)
                    stack.append(object ? .object : .block)
                default:
                    if stack.popLast() == nil { forget() }
                }
            }
            guard let depth = pending else { continue }
            if depth > stack.count {
                pending = nil
                continue
            }
            guard depth == stack.count else { continue }
            let byte = line.bytes[end]
            if byte == 0x3B {  // ;
                pending = nil
                if line.byte(before: end) != 0x7D { candidate = (line.number, true, depth) }
            } else if byte == 0x7D {
                pending = nil  // `}` or `};`: a matter of taste either way
            } else if Self.endsOperand(line, at: end) {
                pending = nil
                candidate = (line.number, false, depth)
            }
            // Otherwise an operator or a comma: the statement goes on.
        }
        // The last line of a new file is the end of the file: nothing follows it.
        if file.status == .added { settle(true) }
    }

    /// Words that begin a simple statement.
    private static let statementKeywords: Set<String> = [
        "const", "let", "var", "return", "import", "export", "throw", "break",
        "continue", "await", "yield", "debugger",
    ]
    /// Words that begin something else (a block, a declaration, a clause): never a call or an assignment.
    private static let otherKeywords: Set<String> = [
        "if", "for", "while", "switch", "catch", "function", "class", "else", "do",
        "try", "finally", "case", "default", "interface", "type", "enum", "namespace",
        "module", "declare", "abstract", "async", "public", "private", "protected",
        "static", "readonly", "get", "set", "new", "delete", "typeof", "void",
        "constructor", "with", "of", "in",
    ]

    /// Whether the line starts a simple statement: a statement keyword, a call or an assignment.
    static func startsStatement(_ line: SourceLine, at first: Int) -> Bool {
        let bytes = line.bytes
        var index = first
        guard line.isIdentifierByte(bytes[index]) else { return false }
        while index < bytes.count, line.isIdentifierByte(bytes[index]) { index += 1 }
        let word = String(decoding: bytes[first..<index], as: UTF8.self)
        if statementKeywords.contains(word) {
            return index == bytes.count || !line.isIdentifierByte(bytes[index]) && bytes[index] != 0x3A && bytes[index] != 0x2E
        }
        guard !otherKeywords.contains(word) else { return false }
        // A chain of names: a.b?.c
        while index < bytes.count {
            if bytes[index] == 0x2E {
                index += 1
            } else if bytes[index] == 0x3F, index + 1 < bytes.count, bytes[index + 1] == 0x2E {
                index += 2
            } else {
                break
            }
            let start = index
            while index < bytes.count, line.isIdentifierByte(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < bytes.count else { return false }
        if bytes[index] == 0x28 { return true }  // a call
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        guard index + 1 < bytes.count else { return false }
        let next = bytes[index + 1]
        switch bytes[index] {
        case 0x3D: return next != 0x3D && next != 0x3E  // = but not == or =>
        case 0x2B, 0x2D: return next == bytes[index] || next == 0x3D  // ++ -- += -=
        case 0x2A, 0x2F, 0x25, 0x7C, 0x26, 0x3F: return next == 0x3D || (next == bytes[index] && index + 2 < bytes.count && bytes[index + 2] == 0x3D)
        default: return false
        }
    }

    /// Whether a line ends with an operand (a name, a literal, a closing bracket), not an operator.
    static func endsOperand(_ line: SourceLine, at end: Int) -> Bool {
        let byte = line.bytes[end]
        switch byte {
        case 0x29, 0x5D, 0x22, 0x27, 0x60: return true
        case 0x2B, 0x2D: return end > 0 && line.bytes[end - 1] == byte  // i++ i--
        case 0x2F: return true  // a regular expression literal's end (a division would need an operand after it)
        default: return line.isIdentifierByte(byte)
        }
    }

    /// Whether a line continues the expression the line before it ended with.
    static func continues(_ line: SourceLine, at first: Int) -> Bool {
        switch line.bytes[first] {
        case 0x2E, 0x3F, 0x3A, 0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x26, 0x7C, 0x5E, 0x3D, 0x2C, 0x29, 0x5D, 0x3E, 0x3C, 0x28, 0x5B, 0x60:
            return true
        default:
            let word = line.word(
                endingAt: line.bytes[first...].firstIndex { !line.isIdentifierByte($0) }.map { $0 - 1 }
                    ?? line.bytes.count - 1)
            return ["in", "instanceof", "as", "satisfies"].contains(String(decoding: word, as: UTF8.self))
        }
    }

    /// A `{` opens an object literal after `=`, `(`, `,`, `:`, `[`, `?`, an operator or `return`; otherwise a block.
    static func opensObject(_ line: SourceLine, at offset: Int) -> Bool {
        guard let before = line.byte(before: offset) else { return false }
        switch before {
        case 0x3D, 0x28, 0x2C, 0x3A, 0x5B, 0x3F, 0x7C, 0x26, 0x21, 0x7B: return true
        case 0x3E:
            var index = offset - 1
            while index >= 0, line.bytes[index] == 0x20 { index -= 1 }
            return index < 1 || line.bytes[index - 1] != 0x3D  // `=> {` is a function body
        default:
            guard line.isIdentifierByte(before) else { return false }
            var index = offset - 1
            while index >= 0, line.bytes[index] == 0x20 { index -= 1 }
            return String(decoding: line.word(endingAt: index), as: UTF8.self) == "return"
        }
    }

    /// Enough statements for a rule: 30, from three commits.
    private static func enough(_ found: Dominant) -> Bool {
        found.observations >= 30 && found.commits >= MinimumEvidence.commits
    }

    /// The code's statements decide where there are enough of them, and a test habit that clearly differs is stated
    /// beside them; a language with too few outside its tests is read from all its statements.
    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), Self.description.languages.contains(language), stats.commits >= MinimumEvidence.commits
            else { return nil }
            let code = stats.dominant(Counter.statementEnd)
            let byCode = code.map(Self.enough) == true
            guard let ending = byCode ? code : Self.combined(stats), Self.enough(ending) else { return nil }
            let semicolons = ending.value == "semicolon"
            let script = language == .javascript || language == .typescript
            var statement: String
            if ending.share >= 0.9 {
                statement =
                    semicolons
                    ? "End statements with a semicolon."
                    : script
                        ? "Don't end statements with a semicolon; start a line with `;` when it begins with `(`, `[` or a template literal."
                        : "Don't end statements with a semicolon: a line break ends them."
            } else if ending.share >= 0.8 {
                statement =
                    (semicolons ? "Prefer ending statements with a semicolon" : "Prefer statements without a semicolon")
                    + " (\(percent(ending.share)) of them); some files differ."
            } else {
                statement =
                    "Mixed: \(percent(ending.share)) of statements \(semicolons ? "end with" : "omit") a semicolon, "
                    + "\(percent(1 - ending.share)) \(semicolons ? "omit it" : "end with one"); keep a file's own style."
            }
            var evidence = [(key: Counter.statementEnd.rawValue, value: ending.value)]
            if !byCode { evidence.append((key: Counter.testStatementEnd.rawValue, value: ending.value)) }
            if byCode, let tests = stats.dominant(Counter.testStatementEnd), Self.enough(tests), tests.value != ending.value, tests.share >= 0.6 {
                statement +=
                    " Test files mostly \(semicolons ? "leave it off" : "end them with one") (\(percent(tests.share)) of "
                    + "\(tests.observations.formatted()) test statements): keep a test file's own style."
                evidence.append((key: Counter.testStatementEnd.rawValue, value: tests.value))
            }
            // The commits behind the figures: those that counted the code's statements, where they decide (at least the
            // most that counted one value), not those that only touched tests.
            let commits = byCode ? stats[Counter.statementEnd].values.map(\.commits).max() ?? 0 : stats.commits
            return RuleDraft(
                topic: "semicolons", skill: .style(language), language: language,
                facts: [.semicolons: .bool(semicolons)], share: ending.share,
                support: Support(observations: ending.observations, agreeing: ending.agreeing, commits: commits),
                statement: statement, unit: byCode ? "statements outside test files" : "statements", evidence: evidence)
        }
    }

    /// Every statement's ending, the code's and the tests' together. A commit that counted both is counted once per
    /// value at least: the larger of the two counts of commits.
    private static func combined(_ stats: ScopeTallies) -> Dominant? {
        let merged = stats[Counter.statementEnd].merging(stats[Counter.testStatementEnd]) { code, tests in
            code.adding(tests, commits: max(code.commits, tests.commits))
        }
        return ScopeTallies(values: ["all": merged], commits: stats.commits).dominant("all")
    }
}

/// Example code for the semicolon miner, with lines that say nothing (blocks, object literals, continued
/// expressions, comments) next to those that do.
enum SemicolonExamples {
    /// Swift with statements on their own lines, arguments over several lines and blocks.
    static func swift(semicolons: Bool) -> String {
        let s = semicolons ? ";" : ""
        return (0..<10).map { index in
            """
            import Foundation\(s)

            @MainActor
            struct Cart\(index) {
                var items: [Int] = []\(s)

                mutating func add(_ item: Int) {
                    items.append(item)\(s)
                    let total = items.reduce(
                        0,
                        +
                    )\(s)
                    print("total; \\(total)")\(s)
                }
            }
            """
        }.joined(separator: "\n") + "\n"
    }

    static func code(semicolons: Bool) -> String {
        let s = semicolons ? ";" : ""
        return (0..<10).map { index in
            """
            import { helper\(index) } from './helper\(index)'\(s)
            // a comment that ends without a semicolon
            const options\(index) = {
              name: 'x',
              size: \(index)
            }\(s)
            export function run\(index)(input) {
              const value = helper\(index)(input)
                .map((item) => item * 2)
                .filter(Boolean)\(s)
              if (value.length > 0) {
                total += value.length\(s)
              }
              const label = value.length > 1
                ? 'many'
                : 'one'\(s)
              return label\(s)
            }
            """
        }.joined(separator: "\n") + "\n"
    }
}
