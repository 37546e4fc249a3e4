/// Scala's declarations: `class`, `trait`, `object`, `enum` and `type`; `def`s (methods: Scala 2 has no other
/// functions); `val`s and `var`s, a `val` named with a capital bound to a literal being a constant
/// (`val MaxSize = 64`, Scala's style for constants); tests declared by a described call (`test("parses") {`).
/// Modifiers may carry a scope: `private[os]`.
struct ScalaGrammar: Grammar {
    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        var modifiers: Declaration.Modifiers = .public
        while true {
            line.readAnnotations()
            guard let word = line.cursor.peekKeyword(ScalaWord.self), word.isModifier else { break }
            _ = line.cursor.keyword(ScalaWord.self)
            switch word {
            case .private, .protected:
                modifiers.remove(.public)
                line.cursor.skipGroup(UInt8(ascii: "["), UInt8(ascii: "]"))
                line.cursor.skipSpaces()
            case .override: modifiers.insert(.override)
            default: break
            }
        }
        guard let keyword = line.cursor.keyword(ScalaWord.self) else { return nil }
        switch keyword {
        case .test, .it:
            // `test("parses empty input") {` (ScalaTest, MUnit, uTest), `it("parses") {` (FunSpec).
            return line.cursor.opensDescription ? line.declaration(.test, nil) : nil
        case .class, .trait, .object, .enum, .type:
            return line.declaration(.type, line.cursor.identifier(), modifiers)
        case .def:
            // `def apply(`, `def name: Int =`, `def +(other: T)` (an operator: no plain name).
            let name = line.cursor.identifier()
            return line.declaration(.method, name, modifiers)
        case .val, .var:
            guard let name = line.cursor.identifier() else { return nil }  // `val (a, b) = pair`
            let nameEnd = line.cursor.index
            line.cursor.skipSpaces()
            switch line.cursor.peek {
            case UInt8(ascii: ":"), UInt8(ascii: "="): break
            default: return nil  // `val Some(x) = …`: a pattern
            }
            if keyword == .val, let value = line.cursor.assignment(from: nameEnd - 1), line.cursor.literal(after: value + 1),
                let first = name.first, first >= 0x41, first <= 0x5A
            {
                return line.declaration(.constant, name, modifiers)
            }
            return line.declaration(.variable, name, modifiers)
        default:
            return nil
        }
    }
}

enum ScalaWord: String, Keyword {
    // Modifiers.
    case `private`, protected, final, sealed, abstract, implicit, lazy, `override`, `case`, inline, opaque, transparent, open
    // What a declaration declares; calls that declare a test.
    case `class`, trait, object, `enum`, type, def, val, `var`, test, it

    static let table = KeywordTable<ScalaWord>()

    var isModifier: Bool {
        switch self {
        case .class, .trait, .object, .enum, .type, .def, .val, .var, .test, .it: false
        default: true
        }
    }
}
