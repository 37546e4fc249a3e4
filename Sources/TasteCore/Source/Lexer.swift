/// The one lexical state machine: it reads a file's added lines in order, carries block comments and
/// multi-line strings over to the next line, and records what lies outside them. Every miner reads its
/// results; none scans for comments or strings itself.
///
/// Added lines come in hunks. Where the line numbers jump, the lines between were not added and what they
/// opened is unknown: the lexer starts afresh there, and that reset lives here only.
struct Lexer {
    /// What a line starts inside, carried from the line before.
    enum State: Equatable {
        case code
        case blockComment(depth: Int)
        case string(StringForm)
        case heredoc([UInt8])
    }

    /// How an open string ends.
    struct StringForm: Equatable {
        var quote: UInt8
        var triple = false
        /// `#` marks after the closing quote (Swift `#"…"#`, Rust `r#"…"#`).
        var hashes = 0
        var escapes = true
        /// `""` is a quote inside it (C# verbatim strings).
        var doubledQuotes = false
        var interpolation: LexicalTable.Interpolation? = nil
        /// C++ `R"delim(…)delim"`: the closing `)delim"`.
        var closing: [UInt8]? = nil
    }

    let table: LexicalTable
    private(set) var state: State = .code
    private var lastNumber = Int.min
    private var pendingHeredoc: [UInt8]?

    init(_ language: Language) { table = .of(language) }

    /// Reads one line into `line`, appending its brackets and strings. `number` is its line number in the new
    /// file: a gap since the previous call starts afresh.
    mutating func lex(
        _ bytes: UnsafeBufferPointer<UInt8>, number: Int, into line: inout LexedLine,
        brackets: inout [Bracket], strings: inout [StringLiteral]
    ) {
        if number != lastNumber &+ 1 {
            state = Self.continuesComment(bytes, table) ? .blockComment(depth: 1) : .code
        } else {
            line.flags.insert(.followsPrevious)
        }
        lastNumber = number
        var scan = LineScan(bytes: bytes, table: table, brackets: brackets.count, strings: strings.count)
        switch state {
        case .code: break
        case .blockComment: line.flags.insert(.startsInComment)
        case .string, .heredoc: line.flags.insert(.startsInString)
        }
        state = scan.run(from: state, brackets: &brackets, strings: &strings, pendingHeredoc: &pendingHeredoc)
        line.firstCode = scan.firstCode
        line.lastCode = scan.lastCode
        line.brackets = Int32(scan.bracketStart)..<Int32(brackets.count)
        line.strings = Int32(scan.stringStart)..<Int32(strings.count)
        if scan.unreliable { line.flags.insert(.unreliable) }
        if scan.hasComment { line.flags.insert(.hasComment) }
        switch state {
        case .code: break
        case .blockComment: line.flags.insert(.endsInComment)
        case .string, .heredoc: line.flags.insert(.endsInString)
        }
    }
}

extension Lexer {
    /// At a hunk's first line nothing says what earlier lines opened, but a line that starts with `* ` or `*/`
    /// is the middle or the end of a block comment in every language that has them.
    static func continuesComment(_ bytes: UnsafeBufferPointer<UInt8>, _ table: LexicalTable) -> Bool {
        guard table.slashComments else { return false }
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < bytes.count, bytes[index] == 0x2A else { return false }
        guard index + 1 < bytes.count else { return true }
        let next = bytes[index + 1]
        return next == 0x20 || next == 0x09 || (next == 0x2F && !(index + 2 < bytes.count && bytes[index + 2] == 0x2A))
    }
}

/// A bracket outside strings and comments: `( ) [ ] { }` and its byte offset in the line.
public struct Bracket: Sendable, Equatable {
    public var byte: UInt8
    public var offset: Int32
}

/// A string literal that opened and closed on one line.
public struct StringLiteral: Sendable, Equatable {
    public enum Form: UInt8, Sendable {
        /// A string in the language's ordinary quotes: what a quote-style convention chooses between.
        case plain
        case triple, raw, template
    }

    public var form: Form
    public var quote: UInt8
    /// Offsets of the opening and closing quotes.
    public var start: Int32
    public var end: Int32
    /// Holds a quote character other than its delimiters: the delimiter was forced, not chosen.
    public var holdsQuote: Bool
    /// Holds a backslash escape, or interpolation (`#{}`, `$x`): only double quotes do that in Ruby and PHP.
    public var escapes: Bool
    /// Written `name="…"`, as a JSX (or HTML) attribute.
    public var attribute: Bool
}

/// What the lexer found on one line; kept per line by ``SourceFile``.
struct LexedLine {
    struct Flags: OptionSet {
        let rawValue: UInt8
        static let startsInComment = Flags(rawValue: 1)
        static let startsInString = Flags(rawValue: 2)
        static let endsInComment = Flags(rawValue: 4)
        static let endsInString = Flags(rawValue: 8)
        static let unreliable = Flags(rawValue: 16)
        static let hasComment = Flags(rawValue: 32)
        static let followsPrevious = Flags(rawValue: 64)
    }

    /// Where the line's bytes start in the file's storage, and how many.
    var start: Int
    var count: Int32
    var firstCode: Int32 = -1
    var lastCode: Int32 = -1
    var brackets: Range<Int32> = 0..<0
    var strings: Range<Int32> = 0..<0
    var flags: Flags = []
}

/// One line's scan: a cursor over its bytes and what it found so far.
private struct LineScan {
    let bytes: UnsafeBufferPointer<UInt8>
    let table: LexicalTable
    let bracketStart: Int
    let stringStart: Int
    var firstCode: Int32 = -1
    var lastCode: Int32 = -1
    var unreliable = false
    var hasComment = false

    init(bytes: UnsafeBufferPointer<UInt8>, table: LexicalTable, brackets: Int, strings: Int) {
        self.bytes = bytes
        self.table = table
        bracketStart = brackets
        stringStart = strings
    }

    @inline(__always)
    mutating func mark(_ offset: Int) {
        if firstCode < 0 { firstCode = Int32(offset) }
        lastCode = Int32(offset)
    }

    /// Scans the line from `state`; returns the state the next line starts in.
    mutating func run(
        from state: Lexer.State, brackets: inout [Bracket], strings: inout [StringLiteral],
        pendingHeredoc: inout [UInt8]?
    ) -> Lexer.State {
        let count = bytes.count
        var index = 0
        pendingHeredoc = nil
        switch state {
        case .code:
            break
        case .blockComment(let depth):
            hasComment = true
            guard let end = commentEnd(from: 0, depth: depth) else { return .blockComment(depth: openDepth) }
            index = end
        case .string(let form):
            guard let end = closing(form, from: 0) else { return state }
            mark(end)
            index = end + 1
        case .heredoc(let terminator):
            var start = 0
            while start < count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            return bytes[start...].starts(with: terminator) ? .code : state
        }

        while index < count {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09:
                index += 1
                continue
            case 0x2F where table.slashComments && index + 1 < count && bytes[index + 1] == 0x2F:  // //
                hasComment = true
                return finish(pendingHeredoc)
            case 0x2F where table.slashComments && index + 1 < count && bytes[index + 1] == 0x2A:  // /*
                hasComment = true
                guard let end = commentEnd(from: index + 2, depth: 1) else { return .blockComment(depth: openDepth) }
                index = end
                continue
            case 0x23 where table.hashComments && !(table.hashBracketAttributes && index + 1 < count && bytes[index + 1] == 0x5B):
                hasComment = true
                return finish(pendingHeredoc)
            case 0x23 where table.hashRawStrings:  // Swift #"…"#
                var quote = index
                while quote < count, bytes[quote] == 0x23 { quote += 1 }
                guard quote < count, bytes[quote] == 0x22 else { break }
                let hashes = quote - index
                let triple = quote + 2 < count && bytes[quote + 1] == 0x22 && bytes[quote + 2] == 0x22
                let form = Lexer.StringForm(quote: 0x22, triple: triple, hashes: hashes, escapes: false)
                if let next = string(form, opening: index, contentFrom: quote + (triple ? 3 : 1), kind: .raw, strings: &strings) {
                    index = next
                    continue
                }
                return .string(form)
            case 0x2F where table.regexLiterals && regexMayStart(at: index):
                guard let end = regexEnd(from: index + 1) else { return lose() }
                mark(index)
                mark(end)
                index = end + 1
                continue
            case 0x60 where table.templates || table.rawBackticks:  // `
                let form = Lexer.StringForm(quote: 0x60, escapes: table.templates, interpolation: table.templates ? .dollarBrace : nil)
                if let next = string(form, opening: index, contentFrom: index + 1, kind: table.templates ? .template : .raw, strings: &strings) {
                    index = next
                    continue
                }
                return .string(form)
            case 0x27 where !table.singleQuoteStrings:  // a character literal, or a lifetime / label
                mark(index)
                index = characterLiteralEnd(from: index).map { $0 + 1 } ?? index + 1
                continue
            case 0x22, 0x27:
                if table.tripleQuotes, index + 2 < count, bytes[index + 1] == byte, bytes[index + 2] == byte,
                    byte == 0x22 || table.singleQuoteStrings
                {
                    let form = Lexer.StringForm(quote: byte, triple: true, interpolation: byte == 0x22 ? table.interpolation : nil)
                    if let next = string(form, opening: index, contentFrom: index + 3, kind: .triple, strings: &strings) {
                        index = next
                        continue
                    }
                    return .string(form)
                }
                if let raw = rawPrefix(before: index, quote: byte) {
                    if let next = string(raw.form, opening: raw.opening, contentFrom: raw.contentFrom, kind: .raw, strings: &strings) {
                        index = next
                        continue
                    }
                    return .string(raw.form)
                }
                guard stringMayStart(at: index) else { return lose() }
                let form = Lexer.StringForm(
                    quote: byte, escapes: !(byte == 0x27 && table.singleQuotesRaw),
                    interpolation: byte == 0x22 ? table.interpolation : nil)
                mark(index)
                guard let end = closing(form, from: index + 1) else {
                    if table.multilineStrings { return .string(form) }
                    return lose()
                }
                mark(end)
                strings.append(literal(byte, from: index, to: end))
                index = end + 1
                continue
            case 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D:
                brackets.append(Bracket(byte: byte, offset: Int32(index)))
            case 0x3C where table.heredocs && index + 2 < count && bytes[index + 1] == 0x3C:
                pendingHeredoc = heredocTerminator(after: index + 2) ?? pendingHeredoc
            default:
                break
            }
            mark(index)
            index += 1
        }
        return finish(pendingHeredoc)
    }

    private func finish(_ heredoc: [UInt8]?) -> Lexer.State {
        heredoc.map { .heredoc($0) } ?? .code
    }

    private mutating func lose() -> Lexer.State {
        unreliable = true
        return .code
    }

    /// Nesting depth of the comment left open at the end of the line, set by `commentEnd`.
    private var openDepth = 0

    /// The offset after the `*/` that closes a block comment `depth` levels deep, or nil when it stays open.
    private mutating func commentEnd(from start: Int, depth: Int) -> Int? {
        var depth = depth
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 0x2A, bytes[index + 1] == 0x2F {
                depth -= 1
                index += 2
                if depth == 0 { return index }
                continue
            }
            if table.nestedComments, bytes[index] == 0x2F, bytes[index + 1] == 0x2A {
                depth += 1
                index += 2
                continue
            }
            index += 1
        }
        openDepth = depth
        return nil
    }

    /// Records a string that opens at `opening` and returns the offset after it, or nil when it stays open.
    private mutating func string(
        _ form: Lexer.StringForm, opening: Int, contentFrom: Int, kind: StringLiteral.Form,
        strings: inout [StringLiteral]
    ) -> Int? {
        mark(opening)
        guard let end = closing(form, from: contentFrom) else { return nil }
        mark(end)
        var found = literal(form.quote, from: opening, to: end, contentFrom: contentFrom)
        found.form = kind
        strings.append(found)
        return end + 1
    }

    /// `r"`, `r#"`, `br"` (Rust), `@"`, `$@"` (C#) and `R"delim(` (C++) before a quote at `quote`.
    private func rawPrefix(before quote: Int, quote byte: UInt8) -> (form: Lexer.StringForm, opening: Int, contentFrom: Int)? {
        guard byte == 0x22, quote > 0 else { return nil }
        let before = bytes[quote - 1]
        if table.verbatimStrings, before == 0x40 {  // @"
            var opening = quote - 1
            if opening > 0, bytes[opening - 1] == 0x24 { opening -= 1 }
            return (Lexer.StringForm(quote: 0x22, escapes: false, doubledQuotes: true), opening, quote + 1)
        }
        if table.cppRawStrings, before == 0x52 {  // R"delim(
            var prefixStart = quote - 1
            while prefixStart > 0,
                bytes[prefixStart - 1] == 0x38 || bytes[prefixStart - 1] == 0x75 || bytes[prefixStart - 1] == 0x55
                    || bytes[prefixStart - 1] == 0x4C
            { prefixStart -= 1 }
            guard prefixStart == 0 || !LexicalTable.isWordByte(bytes[prefixStart - 1]) else { return nil }
            var paren = quote + 1
            while paren < bytes.count, paren - quote <= 17, bytes[paren] != 0x28 { paren += 1 }
            guard paren < bytes.count, bytes[paren] == 0x28 else { return nil }
            let closing = [0x29] + Array(bytes[(quote + 1)..<paren]) + [0x22]
            return (Lexer.StringForm(quote: 0x22, escapes: false, closing: closing), prefixStart, paren + 1)
        }
        if table.rustRawStrings {
            var start = quote
            while start > 0, bytes[start - 1] == 0x23 { start -= 1 }
            let hashes = quote - start
            guard start > 0, bytes[start - 1] == 0x72 else { return nil }  // r
            var opening = start - 1
            if opening > 0, bytes[opening - 1] == 0x62 || bytes[opening - 1] == 0x63 { opening -= 1 }  // br, cr
            guard opening == 0 || !LexicalTable.isWordByte(bytes[opening - 1]) else { return nil }
            return (Lexer.StringForm(quote: 0x22, hashes: hashes, escapes: false), opening, quote + 1)
        }
        return nil
    }

    /// The offset of the last byte that closes a string, skipping escapes and interpolations.
    func closing(_ form: Lexer.StringForm, from start: Int) -> Int? {
        var index = start
        let count = bytes.count
        if let closing = form.closing {
            while index + closing.count <= count {
                if bytes[index] == closing[0], bytes[index..<(index + closing.count)].elementsEqual(closing) {
                    return index + closing.count - 1
                }
                index += 1
            }
            return nil
        }
        let quote = form.quote
        while index < count {
            let byte = bytes[index]
            if byte == 0x5C, form.escapes {
                if form.interpolation == .backslashParen, index + 1 < count, bytes[index + 1] == 0x28 {
                    index = skipBalanced(from: index + 2, open: 0x28, close: 0x29)
                } else {
                    index += 2
                }
                continue
            }
            if let interpolation = form.interpolation, index + 1 < count, bytes[index + 1] == 0x7B,
                (byte == 0x24 && interpolation == .dollarBrace) || (byte == 0x23 && interpolation == .hashBrace)
            {
                index = skipBalanced(from: index + 2, open: 0x7B, close: 0x7D)
                continue
            }
            if byte == quote {
                if form.doubledQuotes, index + 1 < count, bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                var end = index
                if form.triple {
                    guard index + 2 < count, bytes[index + 1] == quote, bytes[index + 2] == quote else {
                        index += 1
                        continue
                    }
                    end = index + 2
                }
                if form.hashes > 0 {
                    var hashes = 0
                    while hashes < form.hashes, end + 1 + hashes < count, bytes[end + 1 + hashes] == 0x23 { hashes += 1 }
                    guard hashes == form.hashes else {
                        index += 1
                        continue
                    }
                    end += hashes
                }
                return end
            }
            index += 1
        }
        return nil
    }

    /// The offset after the bracket that closes one already open at `start`.
    private func skipBalanced(from start: Int, open: UInt8, close: UInt8) -> Int {
        var depth = 1
        var index = start
        while index < bytes.count {
            if bytes[index] == open { depth += 1 }
            if bytes[index] == close {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return index
    }

    private func literal(_ quote: UInt8, from start: Int, to end: Int, contentFrom: Int? = nil) -> StringLiteral {
        var holdsQuote = false
        var escapes = false
        var index = contentFrom ?? start + 1
        while index < end {
            switch bytes[index] {
            case 0x22, 0x27, 0x60: holdsQuote = true
            case 0x5C: escapes = true
            case 0x24 where table.heredocs && table.slashComments && quote == 0x22: escapes = true  // PHP "$name"
            case 0x23 where table.interpolation == .hashBrace && index + 1 < end && bytes[index + 1] == 0x7B: escapes = true
            default: break
            }
            index += 1
        }
        let attribute = start >= 2 && bytes[start - 1] == 0x3D && table.isIdentifierByte(bytes[start - 2])
        return StringLiteral(
            form: .plain, quote: quote, start: Int32(start), end: Int32(end), holdsQuote: holdsQuote,
            escapes: escapes, attribute: attribute)
    }

    /// The word that ends at `offset` (inclusive).
    private func word(endingAt offset: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
        var start = offset
        while start >= 0, table.isIdentifierByte(bytes[start]) { start -= 1 }
        return bytes[(start + 1)..<(offset + 1)]
    }

    private func byte(before offset: Int) -> UInt8? {
        var index = offset - 1
        while index >= 0, bytes[index] == 0x20 || bytes[index] == 0x09 { index -= 1 }
        return index >= 0 ? bytes[index] : nil
    }

    /// Whether a quote here opens a string: after a word, only keywords (JavaScript) or prefixes (Python) may
    /// precede one; otherwise the quote is an apostrophe in prose.
    private func stringMayStart(at offset: Int) -> Bool {
        guard offset > 0 else { return true }
        if let prefixes = table.stringPrefixes, table.isIdentifierByte(bytes[offset - 1]) {
            let word = self.word(endingAt: offset - 1)
            return word.count <= 2 && word.allSatisfy { prefixes.contains($0) }
        }
        guard let keywords = table.keywordsBeforeStrings else { return true }
        var index = offset - 1
        while index >= 0, bytes[index] == 0x20 || bytes[index] == 0x09 { index -= 1 }
        guard index >= 0, table.isIdentifierByte(bytes[index]) else { return true }
        let word = self.word(endingAt: index)
        if let first = word.first, first >= 0x30 && first <= 0x39 { return false }
        return keywords.contains(String(decoding: word, as: UTF8.self))
    }

    private static let regexKeywords: Set<String> = ["return", "typeof", "case", "in", "of", "yield", "await", "void"]

    /// A `/` starts a regular expression where an operand is expected: at the start, or after an operator.
    private func regexMayStart(at offset: Int) -> Bool {
        guard let before = byte(before: offset) else { return true }
        switch before {
        case 0x28, 0x2C, 0x3D, 0x3A, 0x5B, 0x21, 0x26, 0x7C, 0x3F, 0x7B, 0x7D, 0x3B, 0x2B, 0x2D, 0x2A, 0x25, 0x7E, 0x5E:  // not < >: JSX `</a>`
            return true
        default:
            guard table.isIdentifierByte(before) else { return false }
            var index = offset - 1
            while index >= 0, bytes[index] == 0x20 || bytes[index] == 0x09 { index -= 1 }
            return Self.regexKeywords.contains(String(decoding: word(endingAt: index), as: UTF8.self))
        }
    }

    private func regexEnd(from start: Int) -> Int? {
        var index = start
        var inClass = false
        while index < bytes.count {
            switch bytes[index] {
            case 0x5C: index += 1
            case 0x5B: inClass = true
            case 0x5D: inClass = false
            case 0x2F where !inClass: return index
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The closing quote of a character literal (`'a'`, `'\n'`, `'é'`), or nil for a lifetime or label (`'a`).
    private func characterLiteralEnd(from start: Int) -> Int? {
        let count = bytes.count
        guard start + 2 < count else { return nil }
        if bytes[start + 1] == 0x5C {
            var index = start + 2
            while index < min(count, start + 14) {
                if bytes[index] == 0x27 { return index }
                index += 1
            }
            return nil
        }
        if bytes[start + 2] == 0x27 { return start + 2 }
        guard bytes[start + 1] >= 0x80 else { return nil }
        var index = start + 2
        while index < min(count, start + 6), bytes[index] >= 0x80 { index += 1 }
        return index < count && bytes[index] == 0x27 ? index : nil
    }

    private func heredocTerminator(after offset: Int) -> [UInt8]? {
        var index = offset
        if index < bytes.count, bytes[index] == 0x3C { index += 1 }  // PHP <<<
        if index < bytes.count, bytes[index] == 0x7E || bytes[index] == 0x2D { index += 1 }  // Ruby <<~ <<-, shell <<-
        if index < bytes.count, bytes[index] == 0x27 || bytes[index] == 0x22 { index += 1 }
        let start = index
        while index < bytes.count, table.isIdentifierByte(bytes[index]) { index += 1 }
        // Upper-case identifiers only: `a << b` and `x <<= 1` are shifts.
        guard index > start, bytes[start] >= 0x41, bytes[start] <= 0x5A else { return nil }
        return Array(bytes[start..<index])
    }
}
