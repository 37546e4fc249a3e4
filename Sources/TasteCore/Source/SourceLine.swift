/// One added line as the lexer left it: its bytes, where its code is, and the brackets and strings outside its
/// comments. A view into its ``SourceFile``, which it keeps alive.
///
/// Miners make one for every line they visit: it holds only the file (one reference to count) and what the lexer
/// recorded; the added line, brackets and strings are looked up in the file when asked for.
public struct SourceLine {
    /// Owns the storage `bytes` points into.
    let file: SourceFile
    /// The line's position among the file's added lines.
    let index: Int
    /// The line's UTF-8 bytes, without its line ending.
    public let bytes: UnsafeBufferPointer<UInt8>
    let lexed: LexedLine
    /// `$` is an identifier letter in this line's language.
    let dollarIdentifiers: Bool

    /// The line as the commit added it.
    public var added: AddedLine { file.change.addedLines[index] }
    /// Brackets outside strings and comments, in order.
    public var brackets: ArraySlice<Bracket> { file.brackets(of: lexed) }
    /// String literals that open and close on this line.
    public var strings: ArraySlice<StringLiteral> { file.strings(of: lexed) }

    public var number: Int { file.change.addedLines[index].number }
    public var text: String { file.change.addedLines[index].text }
    public var crlf: Bool { file.change.addedLines[index].crlf }

    /// Offsets of the first and last bytes of code: outside comments, strings included.
    public var firstCode: Int? { lexed.firstCode < 0 ? nil : Int(lexed.firstCode) }
    public var lastCode: Int? { lexed.lastCode < 0 ? nil : Int(lexed.lastCode) }
    /// The line holds no code at all: blank, comment only, or inside a multi-line string or comment.
    public var isEmpty: Bool { lexed.firstCode < 0 }
    public var firstByte: UInt8? { firstCode.map { bytes[$0] } }

    /// The line began inside a comment or a string that an earlier added line opened.
    public var startedInside: Bool { !lexed.flags.isDisjoint(with: [.startsInComment, .startsInString]) }
    public var startsInComment: Bool { lexed.flags.contains(.startsInComment) }
    public var startsInString: Bool { lexed.flags.contains(.startsInString) }
    /// The line leaves a comment or a string open for the next one.
    public var endsInside: Bool { !lexed.flags.isDisjoint(with: [.endsInComment, .endsInString]) }
    /// The lexer lost track (prose in JSX, an unclosed quote): nothing on this line can be trusted.
    public var isTrusted: Bool { !lexed.flags.contains(.unreliable) }
    /// A `/* */` comment or a line comment was seen.
    public var hasComment: Bool { lexed.flags.contains(.hasComment) }
    /// The previous added line of the file is the line just above this one (no hunk gap between them).
    public var followsPrevious: Bool { lexed.flags.contains(.followsPrevious) }
    /// A comment line, or a line inside a block comment or a multi-line string: words on it are mentions, not code.
    public var isCommentOrProse: Bool { isEmpty ? !isBlank : startsInComment }
    /// A line of comment and nothing else: no code, and not inside a multi-line string.
    public var isCommentOnly: Bool { isEmpty && !isBlank && !startsInString }

    /// The line as code alone: string literals' contents and comments replaced by spaces, so that a word found
    /// in it is code (`print(` in a string or a comment is no call). Quotes and offsets are kept.
    public var maskedText: String {
        guard let first = firstCode, let last = lastCode else { return String(repeating: " ", count: bytes.count) }
        var masked = Array(bytes)
        for index in 0..<first where masked[index] != 0x09 { masked[index] = 0x20 }
        for index in (last + 1)..<masked.count where masked[index] != 0x09 { masked[index] = 0x20 }
        for string in strings where string.end > string.start + 1 {
            for index in Int(string.start + 1)..<Int(string.end) { masked[index] = 0x20 }
        }
        return String(decoding: masked, as: UTF8.self)
    }

    /// Bytes of leading spaces and tabs.
    public var indent: Int {
        var index = 0
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index
    }

    public var isBlank: Bool { indent == bytes.count }

    /// Columns (Unicode scalars), with a tab counted as 4.
    public var width: Int { width(tab: 4) }

    /// Columns (Unicode scalars), with a tab counted as `tab` columns, as formatters count a line against their
    /// limit (rustfmt's `tab_spaces`, Prettier's `tabWidth`, lll's `tab-width`).
    public func width(tab: Int) -> Int { width(tab: tab, upTo: bytes.count) }

    /// The columns of the line's first `end` bytes, counted as ``width(tab:)`` counts them.
    public func width(tab: Int, upTo end: Int) -> Int {
        var width = 0
        for byte in bytes[..<end] where byte & 0xC0 != 0x80 { width += byte == 0x09 ? tab : 1 }
        return width
    }

    /// Where the line's trailing blanks begin (its length when it has none).
    public var trailingBlanksStart: Int {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return end
    }

    /// The line holds a tab.
    public var hasTab: Bool { bytes.contains(0x09) }

    /// The code byte before `offset`, skipping blanks (comments are not skipped).
    public func byte(before offset: Int) -> UInt8? {
        var index = offset - 1
        while index >= 0, bytes[index] == 0x20 || bytes[index] == 0x09 { index -= 1 }
        return index >= 0 ? bytes[index] : nil
    }

    /// The word that ends at `offset` (inclusive), if any.
    public func word(endingAt offset: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
        guard offset >= 0, offset < bytes.count else { return bytes[0..<0] }
        var start = offset
        while start >= 0, isIdentifierByte(bytes[start]) { start -= 1 }
        return bytes[(start + 1)..<(offset + 1)]
    }

    /// A byte of an identifier in this line's language.
    @inline(__always)
    public func isIdentifierByte(_ byte: UInt8) -> Bool {
        LexicalTable.isWordByte(byte) || (byte == 0x24 && dollarIdentifiers)
    }
}
