/// C's and C++'s declarations: `#define` constants, `struct`, `class`, `union`, `enum` (and `enum class`),
/// `typedef`s, and functions defined or declared at the top level (`int parse(…)`, `void Parser::run(…)`).
struct CGrammar: Grammar {
    static func mayStart(_ byte: UInt8) -> Bool { ByteCursor.isIdentifierStart(byte) || byte == UInt8(ascii: "#") }

    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        if line.cursor.peek == UInt8(ascii: "#") {
            line.cursor.index += 1
            line.cursor.skipSpaces()
            // An object-like macro with a value: include guards and flags (`#define FOO_H`) have none.
            guard line.cursor.take(CWord.define), let name = line.cursor.identifier(),
                line.cursor.peek == 0x20 || line.cursor.peek == 0x09
            else { return nil }
            line.cursor.skipSpaces()
            guard !line.cursor.atEnd, line.cursor.peek != UInt8(ascii: "\\") else { return nil }
            return line.declaration(.constant, name)
        }
        var isTypedef = false
        while let modifier = line.cursor.peekKeyword(CWord.self), modifier.isModifier {
            _ = line.cursor.keyword(CWord.self)
            if modifier == .typedef { isTypedef = true }
        }
        switch line.cursor.peekKeyword(CWord.self) {
        case .struct?, .class?, .union?, .enum?:
            let keyword = line.cursor.keyword(CWord.self)
            if keyword == .enum, line.cursor.take(CWord.class) || line.cursor.take(CWord.struct) {}
            let nameStart = line.cursor.index
            if let name = line.cursor.identifier() {
                line.cursor.skipSpaces()
                // A definition or a forward declaration; `struct foo *p = …` only uses the type.
                switch line.cursor.peek {
                case nil, UInt8(ascii: "{"), UInt8(ascii: ":"), UInt8(ascii: ";"):
                    var declaration = line.declaration(.type, name)
                    declaration.opensEnum = keyword == .enum
                    return declaration
                default:
                    if line.cursor.take(CWord.final) {
                        var declaration = line.declaration(.type, name)
                        declaration.opensEnum = keyword == .enum
                        return declaration
                    }
                }
            }
            line.cursor.index = nameStart
            guard isTypedef else { return nil }
        default:
            break
        }
        let cursor = line.cursor
        if isTypedef {
            // `typedef unsigned long word_t;`: the last name before `;`.
            guard cursor.lastContent == UInt8(ascii: ";"), !ByteCursor(cursor.bytes).contains(UInt8(ascii: "(")),
                let semicolon = cursor.lastIndex(of: UInt8(ascii: ";")),
                let name = cursor.identifier(endingBefore: semicolon)
            else { return nil }
            return line.declaration(.type, name)
        }
        // A function defined or declared at the top level: `int parse_header(…)`, `void Parser::run(…)`.
        guard line.indent == 0, let name = Signature.name(cursor, minimumWords: 2, style: .c),
            IdentifierCase.classify(name) != .screaming
        else { return nil }  // a macro call
        return line.declaration(.function, name)
    }
}

enum CWord: String, Keyword {
    // Modifiers.
    case `static`, inline, extern, const, constexpr, virtual, explicit, typedef, unsigned, signed, volatile, register,
        underscoreInline = "__inline", consteval, constinit
    // What a declaration declares.
    case `struct`, `class`, union, `enum`
    case define, final

    static let table = KeywordTable<CWord>()

    var isModifier: Bool {
        switch self {
        case .static, .inline, .extern, .const, .constexpr, .virtual, .explicit, .typedef, .unsigned, .signed, .volatile, .register,
            .underscoreInline, .consteval, .constinit:
            true
        default:
            false
        }
    }
}
