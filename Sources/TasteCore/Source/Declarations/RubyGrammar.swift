/// Ruby's declarations: `class` and `module` (the last name of `A::B`), `def` (and `def self.name`),
/// assignments at a line's start (a capital makes a constant), and tests declared by a described call
/// (`it "parses" do`, `test 'x'`).
struct RubyGrammar: Grammar {
    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        let start = line.cursor.index
        switch line.cursor.keyword(RubyWord.self) {
        case .class?, .module?:
            var name = line.cursor.identifier()
            let bytes = line.cursor.bytes
            while name != nil, line.cursor.index + 2 < bytes.count, bytes[line.cursor.index] == UInt8(ascii: ":"),
                bytes[line.cursor.index + 1] == UInt8(ascii: ":")
            {
                line.cursor.index += 2
                name = line.cursor.identifier()
            }
            guard let name else { return nil }  // `class << self`
            return line.declaration(.type, name)
        case .def?:
            let receiver = line.cursor.index
            if line.cursor.take(RubyWord.selfReceiver) || line.cursor.identifier() != nil, line.cursor.peek == UInt8(ascii: ".") {
                line.cursor.index += 1
            } else {
                line.cursor.index = receiver
            }
            guard let name = line.cursor.identifier() else { return nil }
            return line.declaration(.function, name)
        case .it?, .specify?, .test?, .scenario?:
            if line.cursor.peek == UInt8(ascii: "(") { line.cursor.index += 1 }
            if line.cursor.peek == UInt8(ascii: "\"") || line.cursor.peek == UInt8(ascii: "'") { return line.declaration(.test, nil) }
            line.cursor.index = start
        default:
            line.cursor.index = start
        }
        return assignment(&line)
    }

    /// `NAME = value`, `name = value`, `@name = value`.
    private func assignment(_ line: inout GrammarLine) -> Declaration? {
        while line.cursor.peek == UInt8(ascii: "@") { line.cursor.index += 1 }
        guard let name = line.cursor.identifier(), let value = line.cursor.assignment(from: line.cursor.index),
            value == line.cursor.index + 1
        else { return nil }
        guard let first = name.first, first >= 0x41, first <= 0x5A else { return line.declaration(.variable, name) }
        // `Point = Struct.new(…)` names a class; a constant holds a value.
        var rhs = ByteCursor(line.cursor.bytes, at: value + 1)
        rhs.skipSpaces()
        if let byte = rhs.peek, byte >= 0x41, byte <= 0x5A { return line.declaration(.constant, name, .unclearKind) }
        return line.declaration(.constant, name)
    }
}

enum RubyWord: String, Keyword {
    case `class`, module, def, selfReceiver = "self"
    // Calls that declare a test.
    case it, specify, test, scenario

    static let table = KeywordTable<RubyWord>()
}
