/// One language's declaration syntax, read a line at a time: the keywords a declaration starts with, its
/// modifiers and its name. State a grammar keeps across lines (Go's `const (` blocks) is dropped at a gap in
/// the added lines, where what the unseen lines opened is unknown.
protocol Grammar {
    init()
    /// Reads the declaration `line` makes, from its first byte of code. Attributes read on the way stay in
    /// `line.attributes` whether or not a declaration follows.
    mutating func read(_ line: inout GrammarLine) -> Declaration?
    /// The lines before were not all added: forget what they opened.
    mutating func reset()
    /// Whether a line whose code starts with `byte` may declare anything: a cheap test before any word is read.
    static func mayStart(_ byte: UInt8) -> Bool
    /// Java and Kotlin end an enum's constants with `;`, then declare members.
    static var semicolonEndsEnumCases: Bool { get }
}

extension Grammar {
    mutating func reset() {}
    static func mayStart(_ byte: UInt8) -> Bool { ByteCursor.isIdentifierStart(byte) || byte == UInt8(ascii: "@") }
    static var semicolonEndsEnumCases: Bool { false }
}

/// The line a grammar reads: a cursor over its code, and what it collects.
struct GrammarLine {
    var cursor: ByteCursor
    /// Index of the line in the file's lines.
    let index: Int
    /// Bytes of leading spaces and tabs.
    let indent: Int
    var attributes: [Attribute] = []
    /// Where the last attribute read ends.
    var attributesEnd = -1

    func declaration(_ kind: Declaration.Kind, _ name: UnsafeBufferPointer<UInt8>?, _ modifiers: Declaration.Modifiers = []) -> Declaration {
        Declaration(kind, line: index, name: name, modifiers: modifiers)
    }

    /// Annotations and decorators at the cursor, recorded: `@Test`, `@available(macOS 13, *)`, `@pytest.mark.slow`.
    mutating func readAnnotations() {
        while cursor.peek == UInt8(ascii: "@") {
            cursor.index += 1
            guard let name = cursor.dottedName() else { return }
            let describes = cursor.opensDescription
            cursor.skipGroup(UInt8(ascii: "("), UInt8(ascii: ")"))
            cursor.skipSpaces()
            attributes.append(Attribute(name: name, describes: describes, line: index))
            attributesEnd = cursor.index
        }
    }

    /// C#'s attributes at the cursor, recorded by the last part of each name: `[Fact]`, `[Theory, InlineData(1)]`,
    /// `[Xunit.Fact]`. A `[` that opens no attribute (an index, a collection expression) records nothing.
    mutating func readBracketedAttributes() {
        while cursor.peek == UInt8(ascii: "[") {
            let start = cursor.index
            cursor.index += 1
            var names: [(name: UnsafeBufferPointer<UInt8>, describes: Bool)] = []
            while true {
                cursor.skipSpaces()
                guard let name = cursor.dottedName() else { break }
                let describes = cursor.opensDescription
                cursor.skipGroup(UInt8(ascii: "("), UInt8(ascii: ")"))
                cursor.skipSpaces()
                names.append((name, describes))
                guard cursor.peek == UInt8(ascii: ",") else { break }
                cursor.index += 1
            }
            guard cursor.peek == UInt8(ascii: "]"), !names.isEmpty else {
                cursor.index = start
                return
            }
            cursor.index += 1
            cursor.skipSpaces()
            attributes += names.map { Attribute(name: $0.name, describes: $0.describes, line: index) }
            attributesEnd = cursor.index
        }
    }

    /// Rust's outer attributes at the cursor, recorded by the last part of their path (`test` for
    /// `#[tokio::test]`); inner attributes (`#![allow(…)]`) belong to the enclosing item and are skipped.
    mutating func readRustAttributes() {
        let bytes = cursor.bytes
        while cursor.peek == UInt8(ascii: "#") {
            let start = cursor.index
            var open = start + 1
            let inner = open < bytes.count && bytes[open] == UInt8(ascii: "!")
            if inner { open += 1 }
            guard open < bytes.count, bytes[open] == UInt8(ascii: "[") else { return }
            cursor.index = open + 1
            cursor.skipSpaces()
            var name = cursor.identifier()
            while name != nil, cursor.index + 1 < bytes.count, bytes[cursor.index] == UInt8(ascii: ":"), bytes[cursor.index + 1] == UInt8(ascii: ":")
            {
                cursor.index += 2
                name = cursor.identifier()
            }
            let describes = cursor.opensDescription
            cursor.index = open
            cursor.skipGroup(UInt8(ascii: "["), UInt8(ascii: "]"))
            cursor.skipSpaces()
            if !inner, let name { attributes.append(Attribute(name: name, describes: describes, line: index)) }
            attributesEnd = cursor.index
        }
    }
}

/// Reads a file's declarations with one grammar, in line order, and follows enum bodies, whose members are
/// names listed without a keyword (`Red,`, `Red = 1`, `RED("r")`).
///
/// A line that starts inside a block comment or a multi-line string declares nothing; neither does a line
/// whose first byte of code no declaration starts with.
///
/// Attributes wait on the lines below for their declaration, within the hunk, or beyond a gap that falls inside
/// their arguments (`@Test(` … unseen `)` … `func`). And a diff without context slides an inserted block over
/// the lines it repeats, so that a test added between two others shows as `fn added() { … }`, blank,
/// `#[test]`: the added function's own attribute is the unseen line above the hunk, and the one that ends the
/// hunk belongs to the unseen function below. Those are the same text: a hunk that starts with a declaration
/// without attributes and ends with attributes gives them to that declaration.
struct DeclarationScan<G: Grammar> {
    private var grammar = G()
    /// Inside an enum's body: the brace depth, members being at 1.
    private var enumDepth: Int?
    private var enumCasesDone = false
    private var enumPending = false
    /// Attributes on lines above, waiting for the declaration they belong to.
    private var pending: [Attribute] = []
    /// No line of code was read in the hunk yet.
    private var hunkStarts = true
    /// The declaration on the hunk's first line of code, when it has no attributes: see the slide above.
    private var slid: Int?
    /// A line of code other than attributes came after the pending attributes.
    private var codeAfterPending = false
    /// Brackets the last attribute's arguments leave open, on the lines after it.
    private var openArguments = 0

    mutating func read(_ file: SourceFile) -> [Declaration] {
        var found: [Declaration] = []
        for index in file.lines.indices {
            let (info, bytes) = file.lexedLine(at: index)
            if !info.flags.contains(.followsPrevious) {
                endHunk(&found)
                enumDepth = nil
                enumPending = false
                grammar.reset()
            }
            guard info.flags.isDisjoint(with: [.startsInComment, .startsInString]), info.firstCode >= 0 else { continue }
            let first = Int(info.firstCode)
            let startsHunk = hunkStarts
            hunkStarts = false
            codeAfterPending = true
            if openArguments > 0 { openArguments = max(0, openArguments + Self.balance(file.brackets(of: info))) }
            let byte = bytes[first]
            // Comment-like starts (`*` continuing a comment, a `/` regex) declare nothing, and do not count as an
            // enum body's lines.
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "*") { continue }
            if enumPending {
                enumPending = false
                if byte == UInt8(ascii: "{") {
                    openEnum(file.brackets(of: info))
                    continue
                }
            }
            let code = UnsafeBufferPointer(rebasing: bytes[0...Int(info.lastCode)])
            var indent = 0
            while indent < first, bytes[indent] == 0x20 || bytes[indent] == 0x09 { indent += 1 }
            var reading = GrammarLine(cursor: ByteCursor(code, at: first), index: index, indent: indent)
            if enumDepth != nil {
                if var member = enumCase(&reading, file.brackets(of: info), file.strings(of: info)) {
                    member.attributes = pending
                    pending.removeAll()
                    found.append(member)
                }
                continue
            }
            guard G.mayStart(byte) else { continue }
            guard var declaration = grammar.read(&reading) else {
                // A line of attributes only: they belong to the declaration below.
                if !reading.attributes.isEmpty, reading.attributesEnd >= code.count {
                    pending += reading.attributes
                    codeAfterPending = false
                    openArguments = max(0, Self.balance(file.brackets(of: info)))
                }
                continue
            }
            declaration.attributes = pending.isEmpty ? reading.attributes : pending + reading.attributes
            pending.removeAll()
            openArguments = 0
            if startsHunk, declaration.attributes.isEmpty { slid = found.count }
            if declaration.opensEnum {
                let brackets = file.brackets(of: info)
                if brackets.contains(where: { $0.byte == UInt8(ascii: "{") }) {
                    openEnum(brackets)
                } else if bytes[Int(info.lastCode)] != UInt8(ascii: ";") {
                    enumPending = true
                }
            }
            found.append(declaration)
        }
        endHunk(&found)
        return found
    }

    /// At a gap or the end: attributes that end the hunk go to its first declaration if the diff slid it, or
    /// wait for the next declaration if their arguments go on beyond the gap.
    private mutating func endHunk(_ found: inout [Declaration]) {
        if openArguments == 0 {
            if let slid, !pending.isEmpty, !codeAfterPending { found[slid].attributes = pending }
            pending.removeAll()
        }
        openArguments = 0
        slid = nil
        hunkStarts = true
    }

    /// Brackets a line opens minus those it closes.
    private static func balance(_ brackets: ArraySlice<Bracket>) -> Int {
        var balance = 0
        for bracket in brackets {
            switch bracket.byte {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): balance += 1
            default: balance -= 1
            }
        }
        return balance
    }

    private mutating func openEnum(_ brackets: ArraySlice<Bracket>) {
        enumCasesDone = false
        var depth = 0
        for bracket in brackets {
            if bracket.byte == UInt8(ascii: "{") { depth += 1 } else if bracket.byte == UInt8(ascii: "}") { depth -= 1 }
        }
        enumDepth = depth > 0 ? depth : nil
    }

    /// A line in an enum's body: a case's name where it starts one (`Red,`, `Red = 1`, `Red(u8)`, `RED("r")`).
    private mutating func enumCase(
        _ reading: inout GrammarLine, _ brackets: ArraySlice<Bracket>,
        _ literals: ArraySlice<StringLiteral>
    ) -> Declaration? {
        guard var depth = enumDepth else { return nil }
        var member: Declaration?
        var cursor = reading.cursor
        if depth == 1, !enumCasesDone, cursor.peekKeyword(MemberWord.self) == nil, let name = cursor.identifier() {
            cursor.skipSpaces()
            switch cursor.peek {
            case nil, UInt8(ascii: ","), UInt8(ascii: "="), UInt8(ascii: "("), UInt8(ascii: "{"), UInt8(ascii: ";"):
                member = reading.declaration(.enumCase, name)
            default:
                break
            }
        }
        if G.semicolonEndsEnumCases {
            // Braces and semicolons outside strings, in order.
            let bytes = reading.cursor.bytes
            var strings = literals.makeIterator()
            var string = strings.next()
            var index = 0
            while index < bytes.count {
                if let literal = string, index >= Int(literal.start) {
                    index = Int(literal.end) + 1
                    string = strings.next()
                    continue
                }
                switch bytes[index] {
                case UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: "}"): depth -= 1
                case UInt8(ascii: ";") where depth == 1: enumCasesDone = true
                default: break
                }
                index += 1
            }
        } else {
            for bracket in brackets {
                if bracket.byte == UInt8(ascii: "{") { depth += 1 } else if bracket.byte == UInt8(ascii: "}") { depth -= 1 }
            }
        }
        enumDepth = depth > 0 ? depth : nil
        return member
    }
}

/// Words that start an enum body's other members: never a case's name.
enum MemberWord: String, Keyword {
    case `public`, `private`, protected, `static`, final, fun, val, `var`, `case`, `default`, `override`, abstract, void, pub, fn
    static let table = KeywordTable<MemberWord>()
}

extension SourceFile {
    /// The declarations the added lines make, in line order: read by the language's grammar the first time a
    /// miner asks, and kept for the others.
    public var declarations: [Declaration] {
        if let cached = declarationCache { return cached }
        let found = Self.readDeclarations(self)
        declarationCache = found
        return found
    }

    private static func readDeclarations(_ lines: SourceFile) -> [Declaration] {
        func scan<G: Grammar>(_ grammar: G.Type) -> [Declaration] {
            var scan = DeclarationScan<G>()
            return scan.read(lines)
        }
        switch lines.language {
        case .swift: return scan(SwiftGrammar.self)
        case .python: return scan(PythonGrammar.self)
        case .javascript, .typescript: return scan(ScriptGrammar.self)
        case .go: return scan(GoGrammar.self)
        case .rust: return scan(RustGrammar.self)
        case .java: return scan(JavaGrammar.self)
        case .kotlin: return scan(KotlinGrammar.self)
        case .ruby: return scan(RubyGrammar.self)
        case .c, .cpp: return scan(CGrammar.self)
        case .csharp: return scan(CSharpGrammar.self)
        case .php: return scan(PHPGrammar.self)
        case .scala: return scan(ScalaGrammar.self)
        case .shell: return []
        }
    }
}
