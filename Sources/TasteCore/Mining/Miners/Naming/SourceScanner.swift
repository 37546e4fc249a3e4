/// Byte-level reading of added lines for the naming miners: where code is (not inside a block comment or a
/// multi-line string), and a cursor to match keywords and identifiers at a line's start.

/// Follows block comments and multi-line strings across a file's consecutive added lines.
struct CodeRegionTracker {
    private let cStyleComments: Bool
    private let hashComments: Bool
    private let tripleQuotes: Bool
    private let singleQuoteStrings: Bool
    private let backtickStrings: Bool
    private var inBlockComment = false
    /// The closing delimiter's byte and length (`"""`, `'''` or a backtick) while inside a multi-line string.
    private var openString: (byte: UInt8, length: Int)?
    private var lastLine = Int.min

    init(language: Language) {
        cStyleComments = ![.python, .ruby, .shell].contains(language)
        hashComments = [.python, .ruby, .shell].contains(language)
        tripleQuotes = [.python, .swift, .kotlin, .java, .scala].contains(language)
        singleQuoteStrings = ![.rust, .swift].contains(language)
        backtickStrings = [.javascript, .typescript, .go].contains(language)
    }

    /// Whether the line starts in code, and moves the state past it. A gap in line numbers starts afresh:
    /// the lines between were not added, so what they opened is unknown.
    mutating func startsInCode(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) -> Bool {
        if number != lastLine + 1 {
            inBlockComment = false
            openString = nil
        }
        lastLine = number
        let inCode = !inBlockComment && openString == nil
        advance(over: bytes)
        return inCode
    }

    private mutating func advance(over bytes: UnsafeBufferPointer<UInt8>) {
        let count = bytes.count
        var quote: UInt8?  // a one-line string
        var index = 0
        while index < count {
            let byte = bytes[index]
            let next: UInt8 = index + 1 < count ? bytes[index + 1] : 0
            if inBlockComment {
                if byte == UInt8(ascii: "*") && next == UInt8(ascii: "/") { inBlockComment = false; index += 2 } else { index += 1 }
                continue
            }
            if let open = openString {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == open.byte, Self.repeats(bytes, at: index, byte: open.byte, count: open.length) {
                    openString = nil
                    index += open.length
                } else {
                    index += 1
                }
                continue
            }
            if let open = quote {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == open { quote = nil }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "/") where cStyleComments:
                if next == UInt8(ascii: "/") { return }
                if next == UInt8(ascii: "*") { inBlockComment = true; index += 2; continue }
            case UInt8(ascii: "#") where hashComments:
                return
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if tripleQuotes, Self.repeats(bytes, at: index, byte: byte, count: 3),
                   byte == UInt8(ascii: "\"") || singleQuoteStrings {
                    openString = (byte, 3)
                    index += 3
                    continue
                }
                if byte == UInt8(ascii: "\"") || singleQuoteStrings { quote = byte }
            case UInt8(ascii: "`") where backtickStrings:
                openString = (byte, 1)
            default:
                break
            }
            index += 1
        }
    }

    private static func repeats(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, byte: UInt8, count: Int) -> Bool {
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != byte { return false }
        return true
    }
}

/// A position in one line's bytes, with the small matches declarations need.
struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        index = 0
    }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        isIdentifierByte(byte) && !(byte >= 0x30 && byte <= 0x39)
    }

    /// Leading spaces and tabs, skipped; returns how many.
    @discardableResult
    mutating func skipSpaces() -> Int {
        let start = index
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index - start
    }

    /// Matches `word` as a whole word and moves past it and the spaces after it.
    mutating func word(_ word: [UInt8]) -> Bool {
        guard index + word.count <= bytes.count else { return false }
        for offset in 0..<word.count where bytes[index + offset] != word[offset] { return false }
        if index + word.count < bytes.count, Self.isIdentifierByte(bytes[index + word.count]) { return false }
        index += word.count
        skipSpaces()
        return true
    }

    /// Matches any of `words`; returns which.
    mutating func anyWord(_ words: [[UInt8]]) -> Int? {
        for (offset, candidate) in words.enumerated() where word(candidate) { return offset }
        return nil
    }

    /// The identifier at the cursor, moved past (not the spaces after it).
    mutating func identifier() -> [UInt8]? {
        guard let first = peek, Self.isIdentifierStart(first) else { return nil }
        let start = index
        while index < bytes.count, Self.isIdentifierByte(bytes[index]) { index += 1 }
        return Array(bytes[start..<index])
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

    /// Skips `@Attribute` and `@Attribute(…)` annotations.
    mutating func skipAnnotations() {
        while peek == UInt8(ascii: "@") {
            index += 1
            guard identifier() != nil else { return }
            while peek == UInt8(ascii: "."), index + 1 < bytes.count, Self.isIdentifierStart(bytes[index + 1]) {
                index += 1
                _ = identifier()
            }
            skipGroup(UInt8(ascii: "("), UInt8(ascii: ")"))
            skipSpaces()
        }
    }

    /// The last byte that is not a space, or nil for a blank line.
    var lastContent: UInt8? {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        return end > 0 ? bytes[end - 1] : nil
    }

    /// Where ` = ` (an assignment, not `==`, `=>` or a keyword argument's `=`) starts after the cursor.
    func assignment(from start: Int? = nil) -> Int? {
        var position = start ?? index
        while position + 2 < bytes.count {
            if bytes[position] == 0x20, bytes[position + 1] == UInt8(ascii: "="), bytes[position + 2] != UInt8(ascii: "="),
               bytes[position + 2] != UInt8(ascii: ">") {
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
            return ByteCursor.isIdentifierByte(last)  // a number, maybe with a unit (`1 << 20`, `0.5f`)
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`") {
            return last == byte || last == UInt8(ascii: "\\")  // one string, or a multi-line one opened here
        }
        // Python's raw and byte strings.
        if byte == UInt8(ascii: "r") || byte == UInt8(ascii: "b"), start + 1 < bytes.count,
           bytes[start + 1] == UInt8(ascii: "\"") || bytes[start + 1] == UInt8(ascii: "'") { return last == bytes[start + 1] }
        for word in Self.literalWords {
            guard start + word.count <= bytes.count else { continue }
            if zip(word, bytes[start..<(start + word.count)]).allSatisfy({ $0 == $1 }),
               start + word.count == bytes.count || !Self.isIdentifierByte(bytes[start + word.count]) { return Self.isIdentifierByte(last) }
        }
        return false
    }

    private static let literalWords: [[UInt8]] = ["true", "false", "True", "False"].map { Array($0.utf8) }
}

/// Runs `body` on a line's UTF-8 bytes without copying them where the string is contiguous.
@inline(__always)
func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    return Array(text.utf8).withUnsafeBufferPointer(body)
}
