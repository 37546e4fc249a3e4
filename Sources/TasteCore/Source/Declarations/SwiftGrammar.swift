/// Swift's declarations: `struct`, `class`, `enum`, `protocol`, `actor`, `typealias`, `associatedtype`, `func`,
/// `init`, `subscript`, `macro`, `let`, `var`, and an enum's `case`, after attributes and modifiers.
struct SwiftGrammar: Grammar {
    mutating func read(_ line: inout GrammarLine) -> Declaration? {
        var modifiers: Declaration.Modifiers = []
        while true {
            line.readAnnotations()
            guard let word = line.cursor.peekKeyword(SwiftWord.self) else { break }
            if word.isModifier {
                _ = line.cursor.keyword(SwiftWord.self)
                switch word {
                case .public, .open: modifiers.insert(.public)
                case .static: modifiers.insert(.static)
                case .override: modifiers.insert(.override)
                default: break
                }
                line.cursor.skipGroup(UInt8(ascii: "("), UInt8(ascii: ")"))  // private(set)
                line.cursor.skipSpaces()
                continue
            }
            // `class func` and `class var`: here `class` is a modifier.
            guard word == .class else { break }
            let before = line.cursor.index
            _ = line.cursor.keyword(SwiftWord.self)
            if let next = line.cursor.peekKeyword(SwiftWord.self), next.isModifier || next.isMember {
                modifiers.insert(.static)
                continue
            }
            line.cursor.index = before
            break
        }
        guard let keyword = line.cursor.keyword(SwiftWord.self) else { return nil }
        switch keyword {
        case .struct, .class, .enum, .protocol, .actor, .typealias, .associatedtype:
            return line.declaration(.type, line.cursor.identifier(), modifiers)
        case .func:
            var name = line.cursor.identifier()
            if line.cursor.peek != UInt8(ascii: "("), line.cursor.peek != UInt8(ascii: "<") { name = nil }  // `func ==(`
            return line.declaration(.function, name, modifiers)
        case .`init`:
            return line.declaration(.initializer, nil, modifiers)
        case .subscript:
            return line.declaration(.subscript, nil, modifiers)
        case .macro:
            return line.declaration(.macro, line.cursor.identifier(), modifiers)
        case .let, .var:
            return binding(keyword, &line, modifiers)
        case .case:
            return enumCase(&line)
        default:
            return nil
        }
    }

    /// `let` and `var`: a constant where an immutable binding at the top level or on a type holds a literal.
    private func binding(_ keyword: SwiftWord, _ line: inout GrammarLine, _ modifiers: Declaration.Modifiers) -> Declaration {
        let immutable = keyword == .let && (modifiers.contains(.static) || line.indent == 0)
        guard let name = line.cursor.identifier() else { return line.declaration(.variable, nil, modifiers) }  // `let (a, b) = …`
        let nameEnd = line.cursor.index
        line.cursor.skipSpaces()
        switch line.cursor.peek {
        case nil, UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: "{"): break
        default: return line.declaration(.variable, nil, modifiers)
        }
        let screaming = IdentifierCase.classify(name) == .screaming
        // `static let EPOLLIN: CUnsignedInt = 1` mirrors a C macro: the name is C's, not a choice.
        if screaming, Self.hasCType(line.cursor) {
            return line.declaration(immutable ? .constant : .variable, name, modifiers.union(.imposedName))
        }
        if immutable, let value = line.cursor.assignment(from: nameEnd - 1), line.cursor.literal(after: value + 1) {
            return line.declaration(.constant, name, modifiers)
        }
        // `static let DEFAULT = Config()`: its author calls it a constant, but it is no literal to compare with.
        if immutable, screaming { return line.declaration(.constant, name, modifiers.union(.unclearKind)) }
        return line.declaration(.variable, name, modifiers)
    }

    /// An enum's `case red`, `case red(Int)`, `case red = 1`; not a switch's `case .red:` or `case let x:`.
    private func enumCase(_ line: inout GrammarLine) -> Declaration? {
        switch line.cursor.peekKeyword(SwiftWord.self) {
        case .let?, .var?, .is?: return nil
        default: break
        }
        guard let name = line.cursor.identifier(), !Self.hasPatternColon(line.cursor) else { return nil }
        line.cursor.skipSpaces()
        switch line.cursor.peek {
        case nil, UInt8(ascii: "("), UInt8(ascii: "="), UInt8(ascii: ","): return line.declaration(.enumCase, name)
        default: return nil
        }
    }

    /// A type annotation naming one of Swift's C types (`CInt`, `CUnsignedInt`, `CInterop.Mode`).
    private static func hasCType(_ cursor: ByteCursor) -> Bool {
        let bytes = cursor.bytes
        var index = cursor.index
        while index + 3 < bytes.count, bytes[index] != UInt8(ascii: "=") {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == 0x20, bytes[index + 2] == UInt8(ascii: "C"),
                bytes[index + 3] >= 0x41, bytes[index + 3] <= 0x5A || bytes[index + 3] == UInt8(ascii: "I")
            {
                return true
            }
            index += 1
        }
        return false
    }

    /// A switch case's `:` after its pattern, outside parentheses and strings (`case slow(let speed): …`).
    private static func hasPatternColon(_ cursor: ByteCursor) -> Bool {
        var depth = 0, inString = false, index = cursor.index
        while index < cursor.bytes.count {
            let byte = cursor.bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") {
                depth -= 1
            } else if byte == UInt8(ascii: ":"), depth == 0 {
                return true
            }
            index += 1
        }
        return false
    }
}

enum SwiftWord: String, Keyword {
    // Modifiers.
    case `public`, `private`, `fileprivate`, `internal`, open, package, `static`, final, override, mutating, nonmutating,
        lazy, weak, unowned, dynamic, nonisolated, isolated, required, convenience, indirect, optional, consuming, borrowing,
        distributed, prefix, postfix, infix, async
    // What a declaration declares.
    case `struct`, `class`, `enum`, `protocol`, actor, `typealias`, `associatedtype`, `func`, `init`, `subscript`, macro,
        `let`, `var`, `case`
    /// Starts a pattern: `case is Foo:`.
    case `is`

    static let table = KeywordTable<SwiftWord>()

    var isModifier: Bool {
        switch self {
        case .struct, .class, .enum, .protocol, .actor, .typealias, .associatedtype, .func, .`init`, .subscript, .macro, .let, .var,
            .case, .is:
            false
        default:
            true
        }
    }

    /// What follows `class` when `class` is a modifier (`class func`, `class var`).
    var isMember: Bool { self == .func || self == .var || self == .let || self == .subscript }
}
