/// Go's declarations: `func` (with or without a receiver), `type`, `const` and `var` at the top level, the names
/// of a `const (`, `var (` or `type (` block, and `name := value` inside functions. A capital exports a name.
struct GoGrammar: Grammar {
    /// Inside `const (`, `var (` or `type (`: the kind of what its lines name.
    private var block: Declaration.Kind?

    mutating func reset() { block = nil }

    static func mayStart(_ byte: UInt8) -> Bool { ByteCursor.isIdentifierStart(byte) || byte == UInt8(ascii: ")") }

    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        if let block {
            if line.cursor.peek == UInt8(ascii: ")") {
                self.block = nil
                return nil
            }
            // gofmt indents a block's names by one tab; deeper lines are a struct's fields or a value's continuation.
            let bytes = line.cursor.bytes
            guard bytes.count > 1, bytes[0] == 0x09, bytes[1] != 0x09, let name = line.cursor.identifier(), !name.spells("_") else { return nil }
            return line.declaration(block, name, Self.visibility(name))
        }
        if line.indent == 0 {
            let kind: Declaration.Kind
            switch line.cursor.keyword(GoWord.self) {
            case .func?:
                var modifiers: Declaration.Modifiers = []
                if line.cursor.peek == UInt8(ascii: "(") {
                    line.cursor.skipGroup(UInt8(ascii: "("), UInt8(ascii: ")"))
                    line.cursor.skipSpaces()
                    modifiers.insert(.receiver)
                }
                guard let name = line.cursor.identifier() else { return nil }
                return line.declaration(.function, name, modifiers.union(Self.visibility(name)))
            case .type?: kind = .type
            case .const?: kind = .constant
            case .var?: kind = .variable
            default: return nil
            }
            if line.cursor.peek == UInt8(ascii: "(") {
                block = kind
                return nil
            }
            guard let name = line.cursor.identifier() else { return nil }
            return line.declaration(kind, name, Self.visibility(name))
        }
        // `name := value`, `name, err := value`: the first name.
        guard line.cursor.peekKeyword(GoWord.self) == nil, let name = line.cursor.identifier(), !name.spells("_") else { return nil }
        let bytes = line.cursor.bytes
        var index = line.cursor.index
        if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
            while index < bytes.count, bytes[index] != UInt8(ascii: ":") && bytes[index] != UInt8(ascii: "=") && bytes[index] != UInt8(ascii: "(") {
                index += 1
            }
            index -= 1
        }
        guard index + 3 < bytes.count, bytes[index] == 0x20, bytes[index + 1] == UInt8(ascii: ":"), bytes[index + 2] == UInt8(ascii: "=") else {
            return nil
        }
        return line.declaration(.variable, name, Self.visibility(name))
    }

    /// A capital first letter exports a name.
    private static func visibility(_ name: UnsafeBufferPointer<UInt8>) -> Declaration.Modifiers {
        guard let first = name.first, first >= 0x41, first <= 0x5A else { return [] }
        return .public
    }
}

enum GoWord: String, Keyword {
    case `func`, type, const, `var`
    // Statements: a name at a line's start that declares nothing.
    case `if`, `for`, `switch`, select, `return`, go, `defer`, `case`, `else`

    static let table = KeywordTable<GoWord>()
}
