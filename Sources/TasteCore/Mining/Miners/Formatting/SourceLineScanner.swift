/// What a line scanner must know of a language's lexical syntax: where comments and strings start and end.
struct LexicalSyntax: Sendable {
    /// `//` line comments and `/* */` block comments.
    var slashComments = false
    /// `#` line comments.
    var hashComments = false
    /// `'` delimits strings; otherwise it starts a character literal, or a lifetime (Rust) when unclosed.
    var singleQuoteStrings = false
    /// `"""` (and `'''` where `'` delimits strings) opens a string that may span lines.
    var tripleQuotes = false
    /// Backtick template literals (JavaScript, TypeScript).
    var templates = false
    /// `/re/` literals after an operator or at the start of an expression (JavaScript, TypeScript).
    var regexLiterals = false
    /// Ordinary strings may span lines (Ruby, PHP).
    var multilineStrings = false
    /// `<<~ID` (Ruby) and `<<<ID` (PHP) heredocs: the following lines up to `ID` are string content.
    var heredocs = false
    /// A quote right after a word other than these keywords is prose (JSX text), not a string.
    var keywordsBeforeStrings: Set<String>?
    /// Interpolation inside a double-quoted string: the opening pair and the closing byte, skipped as a whole.
    var interpolation: (first: UInt8, second: UInt8, close: UInt8)?
    /// Identifier letters that may prefix a string (Python's r, b, f, u).
    var stringPrefixes: Set<UInt8>?

    static func of(_ language: Language) -> LexicalSyntax {
        var syntax = LexicalSyntax()
        switch language {
        case .javascript, .typescript:
            syntax.slashComments = true
            syntax.singleQuoteStrings = true
            syntax.templates = true
            syntax.regexLiterals = true
            syntax.keywordsBeforeStrings = ["return", "case", "from", "import", "export", "in", "of", "typeof", "else", "throw",
                                            "yield", "await", "void", "default", "delete", "instanceof", "as", "satisfies",
                                            "extends", "keyof", "is", "require", "declare", "module"]
        case .python:
            syntax.hashComments = true
            syntax.singleQuoteStrings = true
            syntax.tripleQuotes = true
            syntax.stringPrefixes = Set("rRbBfFuU".utf8)
        case .ruby:
            syntax.hashComments = true
            syntax.singleQuoteStrings = true
            syntax.multilineStrings = true
            syntax.heredocs = true
            syntax.interpolation = (UInt8(ascii: "#"), UInt8(ascii: "{"), UInt8(ascii: "}"))
        case .php:
            syntax.slashComments = true
            syntax.hashComments = true
            syntax.singleQuoteStrings = true
            syntax.multilineStrings = true
            syntax.heredocs = true
        case .swift:
            syntax.slashComments = true
            syntax.tripleQuotes = true
            syntax.interpolation = (UInt8(ascii: "\\"), UInt8(ascii: "("), UInt8(ascii: ")"))
        case .kotlin:
            syntax.slashComments = true
            syntax.tripleQuotes = true
            syntax.interpolation = (UInt8(ascii: "$"), UInt8(ascii: "{"), UInt8(ascii: "}"))
        case .shell:
            syntax.hashComments = true
            syntax.singleQuoteStrings = true
            syntax.multilineStrings = true
        default:
            syntax.slashComments = true
        }
        return syntax
    }
}

/// A string literal that opened and closed on one line.
struct StringLiteral: Sendable {
    var quote: UInt8
    /// Offsets of the opening and closing quotes.
    var start: Int
    var end: Int
    /// Holds a quote character other than its delimiters: the delimiter was forced, not chosen.
    var holdsQuote: Bool
    /// Holds a backslash escape, or interpolation (`#{}`, `$x`): only double quotes do that in Ruby and PHP.
    var escapes: Bool
    /// Written `name="…"`, as a JSX (or HTML) attribute.
    var attribute: Bool
}

/// Reads one line at a time, carrying block comments and multi-line strings over to the next line, and
/// reports what lies outside comments and strings: brackets, the first and last code bytes, and the string
/// literals themselves. Works on bytes: it runs on every added line.
struct SourceLineScanner {
    enum State: Equatable {
        case code
        case blockComment
        case string(quote: UInt8, triple: Bool)
        case template
        case heredoc([UInt8])
    }

    let syntax: LexicalSyntax
    private(set) var state: State = .code
    /// The line's bytes.
    private(set) var bytes: [UInt8] = []
    /// Offsets of the first and last bytes of code: outside comments, strings included.
    private(set) var firstCode: Int?
    private(set) var lastCode: Int?
    /// Brackets outside strings and comments, in order: `( ) [ ] { }`.
    private(set) var brackets: [(byte: UInt8, offset: Int)] = []
    private(set) var strings: [StringLiteral] = []
    /// The line began inside a comment or a string that an earlier line opened.
    private(set) var startedInside = false
    /// The scanner lost track (prose in JSX, an unclosed quote): nothing on this line can be trusted.
    private(set) var unreliable = false
    /// A `/* */` comment or a line comment was seen.
    private(set) var hasComment = false
    private var pendingHeredoc: [UInt8]?

    init(_ language: Language) { syntax = .of(language) }

    /// Forgets what earlier lines opened: the next line is not the one after the last.
    mutating func reset() { state = .code }

    /// True when the line holds no code at all (blank, comment only, or inside a multi-line string).
    var isEmpty: Bool { firstCode == nil }

    var firstByte: UInt8? { firstCode.map { bytes[$0] } }
    var lastByte: UInt8? { lastCode.map { bytes[$0] } }

    /// The code byte before `offset`, skipping blanks (comments are not skipped).
    func byte(before offset: Int) -> UInt8? {
        var index = offset - 1
        while index >= 0, bytes[index] == 0x20 || bytes[index] == 0x09 { index -= 1 }
        return index >= 0 ? bytes[index] : nil
    }

    /// The word that ends at `offset` (inclusive), if any.
    func word(endingAt offset: Int) -> ArraySlice<UInt8> {
        guard offset >= 0, offset < bytes.count else { return [] }
        var start = offset
        while start >= 0, Self.isWord(bytes[start]) { start -= 1 }
        return bytes[(start + 1)..<(offset + 1)]
    }

    @inline(__always)
    static func isWord(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == 0x5F || byte == 0x24 || byte >= 0x80
    }

    mutating func scan(_ text: String) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: text.utf8)
        brackets.removeAll(keepingCapacity: true)
        strings.removeAll(keepingCapacity: true)
        firstCode = nil
        lastCode = nil
        unreliable = false
        hasComment = false
        startedInside = state != .code
        pendingHeredoc = nil
        var index = 0
        let count = bytes.count

        switch state {
        case .code:
            break
        case .blockComment:
            hasComment = true
            guard let end = find(0x2A, 0x2F, from: 0) else { return }
            index = end + 2
            state = .code
        case .string(let quote, let triple):
            guard let end = closing(quote, triple: triple, from: 0) else { return }
            index = end + 1
            mark(end)
            state = .code
        case .template:
            guard let end = closing(0x60, triple: false, from: 0) else { return }
            index = end + 1
            mark(end)
            state = .code
        case .heredoc(let terminator):
            var start = 0
            while start < count, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            if bytes[start...].starts(with: terminator) { state = .code }
            return
        }

        while index < count {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09:
                index += 1
                continue
            case 0x2F where syntax.slashComments && index + 1 < count && bytes[index + 1] == 0x2F:  // //
                hasComment = true
                finishLine()
                return
            case 0x2F where syntax.slashComments && index + 1 < count && bytes[index + 1] == 0x2A:  // /*
                hasComment = true
                guard let end = find(0x2A, 0x2F, from: index + 2) else {
                    state = .blockComment
                    return
                }
                index = end + 2
                continue
            case 0x23 where syntax.hashComments:  // #
                hasComment = true
                finishLine()
                return
            case 0x2F where syntax.regexLiterals && regexMayStart(at: index):
                guard let end = regexEnd(from: index + 1) else { return lose() }
                mark(index)
                mark(end)
                index = end + 1
                continue
            case 0x60 where syntax.templates:  // `
                mark(index)
                guard let end = closing(0x60, triple: false, from: index + 1) else {
                    state = .template
                    return
                }
                mark(end)
                index = end + 1
                continue
            case 0x27 where !syntax.singleQuoteStrings:  // a character literal, or a lifetime / label
                mark(index)
                index = characterLiteralEnd(from: index).map { $0 + 1 } ?? index + 1
                continue
            case 0x22, 0x27:
                if syntax.tripleQuotes, index + 2 < count, bytes[index + 1] == byte, bytes[index + 2] == byte {
                    mark(index)
                    guard let end = closing(byte, triple: true, from: index + 3) else {
                        state = .string(quote: byte, triple: true)
                        return
                    }
                    mark(end)
                    index = end + 1
                    continue
                }
                guard stringMayStart(at: index) else { return lose() }
                mark(index)
                guard let end = closing(byte, triple: false, from: index + 1) else {
                    if syntax.multilineStrings {
                        state = .string(quote: byte, triple: false)
                        return
                    }
                    return lose()
                }
                mark(end)
                strings.append(literal(byte, from: index, to: end))
                index = end + 1
                continue
            case 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D:
                brackets.append((byte, index))
            case 0x3C where syntax.heredocs && index + 2 < count && bytes[index + 1] == 0x3C:
                pendingHeredoc = heredocTerminator(after: index + 2) ?? pendingHeredoc
            default:
                break
            }
            mark(index)
            index += 1
        }
        finishLine()
    }

    private mutating func finishLine() {
        if let terminator = pendingHeredoc, state == .code { state = .heredoc(terminator) }
    }

    private mutating func lose() {
        unreliable = true
        state = .code
    }

    @inline(__always)
    private mutating func mark(_ offset: Int) {
        if firstCode == nil { firstCode = offset }
        lastCode = offset
    }

    private func find(_ first: UInt8, _ second: UInt8, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == first, bytes[index + 1] == second { return index }
            index += 1
        }
        return nil
    }

    /// The offset of the quote that closes a string, skipping escapes and interpolations.
    private func closing(_ quote: UInt8, triple: Bool, from start: Int) -> Int? {
        var index = start
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x5C {
                if let interpolation = syntax.interpolation, interpolation.first == 0x5C, quote == 0x22,
                   index + 1 < count, bytes[index + 1] == interpolation.second {  // Swift \(…)
                    index = skipBalanced(from: index + 2, open: interpolation.second, close: interpolation.close)
                } else {
                    index += 2
                }
                continue
            }
            if let interpolation = syntax.interpolation, interpolation.first != 0x5C, quote == 0x22 || quote == 0x60,
               byte == interpolation.first, index + 1 < count, bytes[index + 1] == interpolation.second {
                index = skipBalanced(from: index + 2, open: interpolation.second, close: interpolation.close)
                continue
            }
            if quote == 0x60, byte == 0x24, index + 1 < count, bytes[index + 1] == 0x7B {  // ${ in a template
                index = skipBalanced(from: index + 2, open: 0x7B, close: 0x7D)
                continue
            }
            if byte == quote {
                if !triple { return index }
                if index + 2 < count, bytes[index + 1] == quote, bytes[index + 2] == quote { return index + 2 }
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

    private func literal(_ quote: UInt8, from start: Int, to end: Int) -> StringLiteral {
        var holdsQuote = false
        var escapes = false
        var index = start + 1
        while index < end {
            switch bytes[index] {
            case 0x22, 0x27, 0x60: holdsQuote = true
            case 0x5C: escapes = true
            case 0x24 where syntax.heredocs && quote == 0x22: escapes = true  // PHP "$name"
            case 0x23 where syntax.interpolation?.first == 0x23 && index + 1 < end && bytes[index + 1] == 0x7B: escapes = true
            default: break
            }
            index += 1
        }
        let attribute = start >= 2 && bytes[start - 1] == 0x3D && Self.isWord(bytes[start - 2])
        return StringLiteral(quote: quote, start: start, end: end, holdsQuote: holdsQuote, escapes: escapes, attribute: attribute)
    }

    /// Whether a quote here opens a string: after a word, only keywords (JavaScript) or prefixes (Python) may
    /// precede one; otherwise the quote is an apostrophe in prose.
    private func stringMayStart(at offset: Int) -> Bool {
        guard offset > 0 else { return true }
        if let prefixes = syntax.stringPrefixes, Self.isWord(bytes[offset - 1]) {
            let word = self.word(endingAt: offset - 1)
            return word.count <= 2 && word.allSatisfy { prefixes.contains($0) }
        }
        guard let keywords = syntax.keywordsBeforeStrings else { return true }
        var index = offset - 1
        while index >= 0, bytes[index] == 0x20 || bytes[index] == 0x09 { index -= 1 }
        guard index >= 0, Self.isWord(bytes[index]) else { return true }
        let word = self.word(endingAt: index)
        if let first = word.first, first >= 0x30 && first <= 0x39 { return false }
        return keywords.contains(String(decoding: word, as: UTF8.self))
    }

    /// A `/` starts a regular expression where an operand is expected: at the start, or after an operator.
    private func regexMayStart(at offset: Int) -> Bool {
        guard let before = byte(before: offset) else { return true }
        switch before {
        case 0x28, 0x2C, 0x3D, 0x3A, 0x5B, 0x21, 0x26, 0x7C, 0x3F, 0x7B, 0x7D, 0x3B, 0x2B, 0x2D, 0x2A, 0x25, 0x7E, 0x5E:  // not < >: JSX `</a>`
            return true
        default:
            guard Self.isWord(before) else { return false }
            var index = offset - 1
            while index >= 0, bytes[index] == 0x20 || bytes[index] == 0x09 { index -= 1 }
            let word = String(decoding: self.word(endingAt: index), as: UTF8.self)
            return ["return", "typeof", "case", "in", "of", "yield", "await", "void"].contains(word)
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
        if index < bytes.count, bytes[index] == 0x7E || bytes[index] == 0x2D { index += 1 }  // Ruby <<~ <<-
        if index < bytes.count, bytes[index] == 0x27 || bytes[index] == 0x22 { index += 1 }
        let start = index
        while index < bytes.count, Self.isWord(bytes[index]) { index += 1 }
        // Upper-case identifiers only: `a << b` and `x <<= 1` are shifts.
        guard index > start, bytes[start] >= 0x41, bytes[start] <= 0x5A else { return nil }
        return Array(bytes[start..<index])
    }
}
