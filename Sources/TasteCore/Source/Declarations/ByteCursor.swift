/// A position in one line's code (its bytes up to the last byte of code, so a trailing comment is not read),
/// with the small matches the grammars need: keywords, identifiers, balanced groups, an assignment.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// ASCII letters, digits, `_` and `$`: the bytes of the names the grammars read.
    @inline(__always)
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
    }

    @inline(__always)
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        isIdentifierByte(byte) && !(byte >= 0x30 && byte <= 0x39)
    }

    /// Spaces and tabs, skipped; returns how many.
    @discardableResult
    mutating func skipSpaces() -> Int {
        let start = index
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index - start
    }

    /// The keyword of `K` spelled at the cursor as a whole word, without moving.
    @inline(__always)
    func peekKeyword<K: Keyword>(_ type: K.Type = K.self) -> K? {
        K.table.match(bytes, at: index)?.keyword
    }

    /// The keyword of `K` spelled at the cursor as a whole word: moves past it and the spaces after it.
    @inline(__always)
    mutating func keyword<K: Keyword>(_ type: K.Type = K.self) -> K? {
        guard let match = K.table.match(bytes, at: index) else { return nil }
        index = match.end
        skipSpaces()
        return match.keyword
    }

    /// Whether `keyword` is spelled at the cursor: moves past it and the spaces after it when it is.
    @inline(__always)
    mutating func take<K: Keyword>(_ keyword: K) -> Bool {
        guard let match = K.table.match(bytes, at: index), match.keyword == keyword else { return false }
        index = match.end
        skipSpaces()
        return true
    }

    /// The identifier at the cursor, moved past (not the spaces after it).
    mutating func identifier() -> UnsafeBufferPointer<UInt8>? {
        guard let first = peek, Self.isIdentifierStart(first) else { return nil }
        let start = index
        while index < bytes.count, Self.isIdentifierByte(bytes[index]) { index += 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<index])
    }

    /// A dotted name at the cursor (`pytest.mark.slow`, `Xunit.Fact`), moved past: its last part.
    mutating func dottedName() -> UnsafeBufferPointer<UInt8>? {
        guard var name = identifier() else { return nil }
        while peek == UInt8(ascii: "."), index + 1 < bytes.count, Self.isIdentifierStart(bytes[index + 1]) {
            index += 1
            name = identifier() ?? name
        }
        return name
    }

    /// Whether a call opens at the cursor with a string: `("parses empty input"`, a test or attribute that describes.
    var opensDescription: Bool {
        peek == UInt8(ascii: "(") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"")
    }

    /// Skips a balanced `open … close` group that starts at the cursor, on this line.
    mutating func skipGroup(_ open: UInt8, _ close: UInt8) {
        guard peek == open else { return }
        var depth = 0
        while index < bytes.count {
            if bytes[index] == open { depth += 1 } else if bytes[index] == close { depth -= 1 }
            index += 1
            if depth == 0 { return }
        }
    }

    /// The last byte that is not a space, or nil for a blank line.
    var lastContent: UInt8? {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        return end > 0 ? bytes[end - 1] : nil
    }

    /// Whether `byte` occurs from the cursor on.
    func contains(_ byte: UInt8) -> Bool {
        var position = index
        while position < bytes.count {
            if bytes[position] == byte { return true }
            position += 1
        }
        return false
    }

    /// The last offset of `byte` from the cursor on.
    func lastIndex(of byte: UInt8) -> Int? {
        var position = bytes.count - 1
        while position >= index {
            if bytes[position] == byte { return position }
            position -= 1
        }
        return nil
    }

    /// Where ` = ` (an assignment, not `==`, `=>` or a keyword argument's `=`) starts after the cursor.
    func assignment(from start: Int? = nil) -> Int? {
        var position = start ?? index
        while position + 2 < bytes.count {
            if bytes[position] == 0x20, bytes[position + 1] == UInt8(ascii: "="), bytes[position + 2] != UInt8(ascii: "="),
                bytes[position + 2] != UInt8(ascii: ">")
            {
                return position + 1
            }
            position += 1
        }
        return nil
    }

    /// Whether what follows `position` (an assignment's right-hand side) is a literal: a number, a string, a boolean.
    /// The whole value must be the literal: `'\\/' not in text` starts with a string but is an expression.
    func literal(after position: Int) -> Bool {
        var start = position
        while start < bytes.count, bytes[start] == 0x20 { start += 1 }
        guard start < bytes.count, var last = lastContent else { return false }
        if last == UInt8(ascii: ";") || last == UInt8(ascii: ",") {  // `= 3;`, a field list's `= 3,`
            var end = bytes.count
            while end > start, bytes[end - 1] != last { end -= 1 }
            last = end - 1 > start ? bytes[end - 2] : 0
        }
        let byte = bytes[start]
        if byte >= 0x30 && byte <= 0x39 || byte == UInt8(ascii: "-") {
            return Self.isIdentifierByte(last)  // a number, maybe with a unit (`1 << 20`, `0.5f`)
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`") {
            return last == byte || last == UInt8(ascii: "\\")  // one string, or a multi-line one opened here
        }
        // Python's raw and byte strings.
        if byte == UInt8(ascii: "r") || byte == UInt8(ascii: "b"), start + 1 < bytes.count,
            bytes[start + 1] == UInt8(ascii: "\"") || bytes[start + 1] == UInt8(ascii: "'")
        {
            return last == bytes[start + 1]
        }
        if LiteralWord.table.match(bytes, at: start) != nil { return Self.isIdentifierByte(last) }
        return false
    }

    /// The identifier that ends just before `end`, spaces between allowed.
    func identifier(endingBefore end: Int) -> UnsafeBufferPointer<UInt8>? {
        var stop = end
        while stop > 0, bytes[stop - 1] == 0x20 { stop -= 1 }
        var start = stop
        while start > 0, Self.isIdentifierByte(bytes[start - 1]) { start -= 1 }
        guard start < stop, Self.isIdentifierStart(bytes[start]) else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[start..<stop])
    }
}

/// Words a value may be that make it a literal.
enum LiteralWord: String, Keyword {
    case `true`, `false`, pythonTrue = "True", pythonFalse = "False"
    static let table = KeywordTable<LiteralWord>()
}

/// A language's reserved words, matched from a line's bytes as whole words: a grammar switches over them, never
/// over positions in a list.
protocol Keyword: RawRepresentable, CaseIterable, Sendable, Equatable where RawValue == String {
    static var table: KeywordTable<Self> { get }
}

/// The spellings of a keyword enum, grouped by first byte so that a match compares a handful of words at most.
struct KeywordTable<K: Keyword>: Sendable {
    private struct Entry: Sendable {
        let bytes: [UInt8]
        let keyword: K
    }

    private let entries: [[Entry]]

    init() {
        var entries = [[Entry]](repeating: [], count: 128)
        for keyword in K.allCases {
            let bytes = Array(keyword.rawValue.utf8)
            entries[Int(bytes[0])].append(Entry(bytes: bytes, keyword: keyword))
        }
        // Longer spellings first: `non-sealed` before a `non`.
        self.entries = entries.map { $0.sorted { $0.bytes.count > $1.bytes.count } }
    }

    /// The keyword spelled at `start` as a whole word, and the offset after it.
    @inline(__always)
    func match(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> (keyword: K, end: Int)? {
        guard start < bytes.count else { return nil }
        let first = bytes[start]
        guard first < 128 else { return nil }
        for entry in entries[Int(first)] {
            let end = start + entry.bytes.count
            guard end <= bytes.count else { continue }
            var offset = 1
            while offset < entry.bytes.count, bytes[start + offset] == entry.bytes[offset] { offset += 1 }
            guard offset == entry.bytes.count else { continue }
            if end < bytes.count, ByteCursor.isIdentifierByte(bytes[end]) { continue }
            return (entry.keyword, end)
        }
        return nil
    }

    /// The keyword that `word` is, all of it.
    func match(_ word: UnsafeBufferPointer<UInt8>) -> K? {
        guard let found = match(word, at: 0), found.end == word.count else { return nil }
        return found.keyword
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether these bytes spell `text`.
    func spells(_ text: StaticString) -> Bool {
        guard count == text.utf8CodeUnitCount else { return false }
        let other = text.utf8Start
        for offset in 0..<count where self[offset] != other[offset] { return false }
        return true
    }
}
