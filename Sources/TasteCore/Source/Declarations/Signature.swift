/// `Type name(`: how Java and C declare a method or a function, by a type before the name rather than a keyword.
enum Signature {
    /// The bytes a Java or a C signature holds between its words.
    enum Style {
        /// `Map<String, List<T>>`, `int[]`, `java.util.List`, `? extends T`.
        case java
        /// `const char *`, `std::vector<int> &`.
        case c

        @inline(__always)
        func allows(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ","), UInt8(ascii: " "): true
            case UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "."): self == .java
            case UInt8(ascii: "*"), UInt8(ascii: "&"), UInt8(ascii: ":"): self == .c
            default: false
            }
        }
    }

    /// The name in `Type name(`: at least `minimumWords` words before the parenthesis, the first not a
    /// statement's keyword, and nothing between them that a statement would hold (`=`, a call's `.`).
    static func name(_ cursor: ByteCursor, minimumWords: Int, style: Style) -> UnsafeBufferPointer<UInt8>? {
        let bytes = cursor.bytes
        var index = cursor.index
        var words = 0, inWord = false, depth = 0
        var firstWord: Range<Int>?
        var wordStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "(") {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") { depth += 1 } else if byte == UInt8(ascii: ">") { depth -= 1 }
            if ByteCursor.isIdentifierByte(byte) {
                if !inWord, depth == 0 {
                    words += 1
                    wordStart = index
                }
                inWord = true
            } else if style.allows(byte) {
                if inWord, firstWord == nil, words == 1 { firstWord = wordStart..<index }
                if byte == 0x20 || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "&") || depth > 0 || byte == UInt8(ascii: ">") {
                    inWord = false
                }
            } else {
                return nil
            }
            index += 1
        }
        guard index < bytes.count, words >= minimumWords else { return nil }
        if let firstWord, StatementWord.table.match(UnsafeBufferPointer(rebasing: bytes[firstWord])) != nil { return nil }
        return cursor.identifier(endingBefore: index)
    }
}

/// Words that start a statement in Java or C, never a signature's type: `return foo(x);`, `new Bar(…)`.
enum StatementWord: String, Keyword {
    case `return`, new, `throw`, `else`, `if`, `for`, `while`, `switch`, `catch`, `case`, `do`, `try`, assert, yield, `super`, this,
        `import`, package, goto, sizeof, typedef, using, namespace, template, delete, co_return, `operator`

    static let table = KeywordTable<StatementWord>()
}
