/// Finds whether an opening brace goes at the end of its declaration or statement (K&R, 1TBS) or on a line
/// of its own (Allman).
///
/// Both sides count the same headers: a line whose code ends with `)` (a signature, a condition), or that
/// begins with a declaration or control keyword (`class Foo`, `else`, `try`). Arrow functions and closures
/// (`=> {`), object literals (`= {`, `({`) and initialisers are no choice and are not counted. Declarations
/// and control statements are counted apart, for the style that puts only function braces on their own line.
public struct BraceStyleMiner: Miner {
    public static let description = MinerDescription(
        identifier: "brace-style",
        version: 3,
        name: "Brace placement",
        summary: "Opening braces on the same line as their header (K&R) or on a line of their own (Allman).",
        languages: [.c, .cpp, .java, .csharp, .javascript, .typescript, .php, .swift, .kotlin, .go, .rust],
        examples: [
            .shows("src/Server.java", BraceExamples.java(allman: false), expect: [.braceStyle: .string("same-line")]),
            .contradicts("src/Server.cs", BraceExamples.csharp, expect: [.braceStyle: .string("next-line")]),
        ]
    )

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case control
        case declaration
        /// Control and declaration braces together: `rules(from:)` merges them; never counted or stored.
        case brace
    }

    public init() {}

    /// Keywords that begin a control statement.
    static let controlKeywords: Set<String> = [
        "if", "else", "for", "foreach", "while", "switch", "do", "try", "catch", "finally",
        "using", "lock", "when", "guard", "loop", "match", "unsafe", "defer", "select",
        "repeat", "synchronized", "elif", "elseif",
    ]
    /// Keywords that begin a declaration.
    static let declarationKeywords: Set<String> = [
        "class", "struct", "enum", "interface", "namespace", "func", "fn", "impl", "trait", "mod", "extension", "protocol",
        "object", "public", "private", "protected", "internal", "static", "final", "abstract", "override", "open", "fileprivate",
        "export", "function", "async", "sealed", "data", "union", "template", "type", "fun", "init", "deinit", "pub", "record",
        "virtual", "inline", "package", "module", "actor",
    ]

    private enum Header { case control, declaration }

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let scope = file.language.rawValue
        var previous: (line: Int, header: Header)?
        for line in file.lines {
            guard line.isTrusted, !line.startedInside, let first = line.firstCode, let end = line.lastCode else {
                previous = nil
                continue
            }
            if first == end, line.bytes[first] == 0x7B {
                if let header = previous, header.line == line.number - 1 {
                    sink.count(
                        header.header == .control ? Counter.control : Counter.declaration, "next-line", scope: scope,
                        path: file.path, line: line.number)
                }
                previous = nil
                continue
            }
            if line.bytes[end] == 0x7B, let before = Self.codeBefore(line, end) {
                if let header = Self.header(line, first: first, last: before) {
                    sink.count(
                        header == .control ? Counter.control : Counter.declaration, "same-line", scope: scope,
                        path: file.path, line: line.number)
                }
                previous = nil
                continue
            }
            previous = Self.header(line, first: first, last: end).map { (line.number, $0) }
        }
    }

    /// The offset of the last code byte before `offset`.
    static func codeBefore(_ line: SourceLine, _ offset: Int) -> Int? {
        var index = offset - 1
        while index >= 0, line.bytes[index] == 0x20 || line.bytes[index] == 0x09 { index -= 1 }
        return index >= 0 ? index : nil
    }

    /// What a line from `first` to `last` heads: a control statement, a declaration, or nothing.
    private static func header(_ line: SourceLine, first: Int, last: Int) -> Header? {
        let bytes = line.bytes
        var start = first
        if bytes[start] == 0x7D {  // } else
            start += 1
            while start <= last, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        }
        guard start <= last, line.isIdentifierByte(bytes[start]) else { return nil }
        var wordEnd = start
        while wordEnd <= last, line.isIdentifierByte(bytes[wordEnd]) { wordEnd += 1 }
        let word = String(decoding: bytes[start..<wordEnd], as: UTF8.self)
        let endByte = bytes[last]
        // => and -> end expressions (arrow functions, closures), `= {` is an initialiser, `;` and `,` end statements;
        // after an open `(` or `[` a brace is an argument or an element (`export default defineConfig([` then `{`).
        switch endByte {
        case UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: "["): return nil
        default: break
        }
        if controlKeywords.contains(word) { return .control }
        if declarationKeywords.contains(word) { return opensClosure(line, from: start, to: last) ? nil : .declaration }
        // A signature: `int main(void)`, `Foo::Foo(int a) : base(a)` ends with `)`; a call statement does too, but it
        // is never followed by a brace.
        guard endByte == 0x29, word != "return", !bytes[start...last].contains(0x3D) else { return nil }
        return .declaration
    }

    /// The value of `brace_style` where declarations and control statements place their braces differently: PSR-2's
    /// and PSR-12's classes and methods (clang-format's Linux, Mozilla, Stroustrup and WebKit styles: functions) put
    /// it on a line of its own, their `if` and `foreach` at the end of the line.
    static let nextLineForDeclarations = "next-line-for-declarations"
    /// The rare converse: declarations keep the brace on their line, control statements put it on the next.
    static let nextLineForControl = "next-line-for-control"

    /// Whether a declaration header from `start` to `last` is an anonymous function's (`function (`, `static
    /// function (`): a closure passed as an argument, whose brace PSR-12 and Prettier keep on its line whatever
    /// they do with named functions' (guzzle's `function ($x) use ($y) {` on a line of its own in a call).
    private static func opensClosure(_ line: SourceLine, from start: Int, to last: Int) -> Bool {
        let bytes = line.bytes
        let keyword = Array("function".utf8)
        var index = start
        while index + keyword.count <= last {
            defer { index += 1 }
            guard bytes[index] == keyword[0], index == start || !line.isIdentifierByte(bytes[index - 1]),
                bytes[index..<(index + keyword.count)].elementsEqual(keyword), !line.isIdentifierByte(bytes[index + keyword.count])
            else { continue }
            var next = index + keyword.count
            while next <= last, bytes[next] == 0x20 || bytes[next] == 0x09 { next += 1 }
            // `function (` is anonymous; `function name(` is the declaration it looks like.
            return next <= last && bytes[next] == UInt8(ascii: "(")
        }
        return false
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), Self.description.languages.contains(language), stats.commits >= MinimumEvidence.commits
            else {
                return nil
            }
            let example = [.go, .swift, .rust].contains(language) ? "`if x {`" : "`if (x) {`"
            if let split = Self.split(stats, example: example) { return split.draft(language, commits: stats.commits) }
            var merged = ScopeTallies(commits: stats.commits)
            for key in [Counter.control, Counter.declaration] {
                for (value, stat) in stats[key] {
                    let sum = merged.values[Counter.brace.rawValue, default: [:]][value] ?? TallyStat(weight: 0, recent: 0, count: 0, commits: 0)
                    merged.values[Counter.brace.rawValue, default: [:]][value] = sum.adding(stat, commits: max(sum.commits, stat.commits))
                }
            }
            guard let brace = merged.dominant(Counter.brace), brace.observations >= 20, brace.commits >= MinimumEvidence.commits else { return nil }
            let sameLine = brace.value == "same-line"
            let statement: String
            if brace.share >= 0.9 {
                statement =
                    sameLine
                    ? "Put an opening brace at the end of its line (\(example)), never on a line of its own."
                    : "Put an opening brace on a line of its own, under the start of its declaration or statement (Allman style)."
            } else if brace.share >= 0.8 {
                statement =
                    "Prefer opening braces \(sameLine ? "at the end of the line" : "on a line of their own") "
                    + "(\(percent(brace.share)) of them); some files differ."
            } else {
                statement =
                    "Mixed: \(percent(brace.share)) of opening braces are \(sameLine ? "at the end of their line" : "on a line of their own"), "
                    + "\(percent(1 - brace.share)) \(sameLine ? "on a line of their own" : "at the end of their line"); keep a file's own style."
            }
            return RuleDraft(
                topic: "braces", skill: .style(language), language: language,
                facts: [.braceStyle: .string(brace.value)], share: brace.share,
                support: Support(observations: brace.observations, agreeing: brace.agreeing, commits: stats.commits),
                statement: statement, unit: "opening braces",
                evidence: [(key: Counter.declaration.rawValue, value: brace.value), (key: Counter.control.rawValue, value: brace.value)])
        }
    }

    /// Declarations and control statements each keeping their own placement clearly, and not the same one.
    private struct Split {
        var value: String
        var declaration: Dominant
        var control: Dominant
        var statement: String

        func draft(_ language: Language, commits: Int) -> RuleDraft {
            let observations = declaration.observations + control.observations
            let agreeing = declaration.agreeing + control.agreeing
            return RuleDraft(
                topic: "braces", skill: .style(language), language: language, facts: [.braceStyle: .string(value)],
                share: Double(agreeing) / Double(observations),
                support: Support(observations: observations, agreeing: agreeing, commits: commits),
                statement: statement, unit: "opening braces",
                evidence: [(key: Counter.declaration.rawValue, value: declaration.value), (key: Counter.control.rawValue, value: control.value)])
        }
    }

    private static func split(_ stats: ScopeTallies, example: String) -> Split? {
        guard let control = stats.dominant(Counter.control), let declaration = stats.dominant(Counter.declaration),
            control.observations >= 10, declaration.observations >= 10, control.share >= 0.8, declaration.share >= 0.8,
            control.value != declaration.value
        else { return nil }
        return declaration.value == "next-line"
            ? Split(
                value: Self.nextLineForDeclarations, declaration: declaration, control: control,
                statement:
                    "Put the `{` of a type or function on a line of its own, and the `{` of a control statement on the same line (\(example)).")
            : Split(
                value: Self.nextLineForControl, declaration: declaration, control: control,
                statement: "Put the `{` of a type or function on the same line, and the `{` of a control statement on a line of its own.")
    }
}

/// Example code for the brace-style miner.
enum BraceExamples {
    static func java(allman: Bool) -> String {
        (0..<6).map { index in
            """
            public class Server\(index) {
                private final int[] ports = { 80, 443 };

                public void start(int port) {
                    if (port > 0) {
                        listen(port);
                    } else {
                        fail("no port");
                    }
                    Runnable task = () -> {
                        run();
                    };
                }
            }
            """
        }.joined(separator: "\n") + "\n"
    }

    static var csharp: String {
        (0..<6).map { index in
            """
            namespace App\(index)
            {
                public class Server
                {
                    public void Start(int port)
                    {
                        if (port > 0)
                        {
                            Listen(port);
                        }
                        else
                        {
                            Fail("no port");
                        }
                        var options = new Options { Port = port };
                    }
                }
            }
            """
        }.joined(separator: "\n") + "\n"
    }
}
