/// What a declaration names.
enum DeclarationKind: String, CaseIterable {
    case type, function, method, constant, variable
    case enumCase = "enum_case"

    /// The fact that states this kind's case.
    var fact: String { "\(rawValue)_case" }

    var plural: String {
        switch self {
        case .type: "types"
        case .function: "functions"
        case .method: "methods"
        case .constant: "constants"
        case .variable: "variables"
        case .enumCase: "enum cases"
        }
    }
}

struct Declaration {
    var kind: DeclarationKind
    var name: [UInt8]
    /// An enum whose body opens on this line or the next: its members follow.
    var opensEnum = false
}

/// Finds the declarations a file's added lines make, one line at a time, by the keywords that start them.
///
/// Only a line's start is read (after indentation, modifiers and annotations), so a keyword in the middle of
/// an expression or a string never counts; lines inside block comments and multi-line strings are skipped.
/// Bodies that list names without a keyword (an enum's members, Go's `const ( … )`) are followed with a
/// little state, reset wherever the added lines skip some.
struct DeclarationReader {
    let language: Language
    private var regions: CodeRegionTracker
    /// Inside an enum's body: the brace depth, members being at 1.
    private var enumDepth: Int?
    private var enumMembersDone = false
    private var enumPending = false
    /// Inside Go's `const (`, `var (` or `type (`.
    private var goBlock: DeclarationKind?
    private var lastLine = Int.min

    init(language: Language) {
        self.language = language
        regions = CodeRegionTracker(language: language)
    }

    mutating func read(_ line: AddedLine) -> Declaration? {
        withBytes(line.text) { bytes in read(bytes, number: line.number) }
    }

    private mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) -> Declaration? {
        if number != lastLine + 1 {
            enumDepth = nil
            enumPending = false
            goBlock = nil
        }
        lastLine = number
        guard regions.startsInCode(bytes, number: number) else { return nil }
        var cursor = ByteCursor(bytes)
        let indent = cursor.skipSpaces()
        guard let first = cursor.peek else { return nil }
        if first == UInt8(ascii: "/") || first == UInt8(ascii: "*") { return nil }
        if first == UInt8(ascii: "#"), language != .c, language != .cpp { return nil }

        if enumPending {
            enumPending = false
            if first == UInt8(ascii: "{") { openEnum(bytes) ; return nil }
        }
        if enumDepth != nil { return enumMember(&cursor, bytes) }
        if let block = goBlock {
            if first == UInt8(ascii: ")") { goBlock = nil; return nil }
            // gofmt indents a block's names by one tab; deeper lines are a struct's fields or a value's continuation.
            guard bytes.count > 1, bytes[0] == 0x09, bytes[1] != 0x09, let name = cursor.identifier(), name != [UInt8(ascii: "_")] else { return nil }
            return Declaration(kind: block, name: name)
        }

        let declaration: Declaration?
        switch language {
        case .swift: declaration = Self.swift(&cursor, indent: indent)
        case .python: declaration = Self.python(&cursor, indent: indent)
        case .javascript, .typescript: declaration = Self.javaScript(&cursor, indent: indent)
        case .go: declaration = goDeclaration(&cursor, indent: indent)
        case .rust: declaration = Self.rust(&cursor)
        case .java: declaration = Self.java(&cursor)
        case .kotlin: declaration = Self.kotlin(&cursor, indent: indent)
        case .ruby: declaration = Self.ruby(&cursor)
        case .c, .cpp: declaration = Self.c(&cursor, indent: indent)
        default: declaration = nil
        }
        if let declaration, declaration.opensEnum {
            if bytes.contains(UInt8(ascii: "{")) { openEnum(bytes) } else if cursor.lastContent != UInt8(ascii: ";") { enumPending = true }
        }
        return declaration
    }

    private mutating func openEnum(_ bytes: UnsafeBufferPointer<UInt8>) {
        enumMembersDone = false
        let depth = Self.braceBalance(bytes)
        enumDepth = depth > 0 ? depth : nil
    }

    private static func braceBalance(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var depth = 0
        for byte in bytes {
            if byte == UInt8(ascii: "{") { depth += 1 } else if byte == UInt8(ascii: "}") { depth -= 1 }
        }
        return depth
    }

    /// A line in an enum's body: a member's name where it starts one (`Red,`, `Red = 1`, `Red(u8)`, `RED("r")`).
    private mutating func enumMember(_ cursor: inout ByteCursor, _ bytes: UnsafeBufferPointer<UInt8>) -> Declaration? {
        guard var depth = enumDepth else { return nil }
        var member: Declaration?
        if depth == 1, !enumMembersDone, let name = cursor.identifier() {
            cursor.skipSpaces()
            let follows: Set<UInt8> = [UInt8(ascii: ","), UInt8(ascii: "="), UInt8(ascii: "("), UInt8(ascii: "{"), UInt8(ascii: ";")]
            if cursor.peek.map({ follows.contains($0) }) ?? true, !Self.memberKeywords.contains(name) {
                member = Declaration(kind: .enumCase, name: name)
            }
        }
        for byte in bytes {
            if byte == UInt8(ascii: "{") { depth += 1 } else if byte == UInt8(ascii: "}") { depth -= 1 }
            // Java and Kotlin enums end their constants with `;`, then declare members.
            else if byte == UInt8(ascii: ";"), depth == 1, language == .java || language == .kotlin { enumMembersDone = true }
        }
        enumDepth = depth > 0 ? depth : nil
        return member
    }

    private static let memberKeywords: Set<[UInt8]> = Set(["public", "private", "protected", "static", "final", "fun", "val", "var",
                                                           "case", "default", "override", "abstract", "void", "pub", "fn"].map { Array($0.utf8) })

    // MARK: Languages

    private static func words(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

    static let swiftModifiers = words(["public", "private", "fileprivate", "internal", "open", "package", "static", "final", "override",
                                       "mutating", "nonmutating", "lazy", "weak", "unowned", "dynamic", "nonisolated", "required",
                                       "convenience", "indirect", "optional", "consuming", "borrowing", "distributed", "prefix",
                                       "postfix", "infix"])
    static let swiftTypes = words(["struct", "class", "enum", "protocol", "actor", "typealias", "associatedtype"])
    static let swiftMemberKeywords = words(["func", "var", "let", "static", "final", "override", "public", "private", "internal",
                                            "fileprivate", "open", "subscript", "required", "convenience"])

    static func swift(_ cursor: inout ByteCursor, indent: Int) -> Declaration? {
        var isStatic = false
        while true {
            cursor.skipAnnotations()
            if let modifier = cursor.anyWord(swiftModifiers) {
                if modifier == 6 { isStatic = true }
                cursor.skipGroup(UInt8(ascii: "("), UInt8(ascii: ")"))  // private(set)
                cursor.skipSpaces()
                continue
            }
            // `class func` and `class var`: here `class` is a modifier.
            let before = cursor.index
            if cursor.word(Array("class".utf8)) {
                let afterClass = cursor.index
                if cursor.anyWord(swiftMemberKeywords) != nil {
                    cursor.index = afterClass
                    isStatic = true
                    continue
                }
                cursor.index = before
            }
            break
        }
        if cursor.anyWord(swiftTypes) != nil {
            guard let name = cursor.identifier() else { return nil }
            return Declaration(kind: .type, name: name)  // an enum's cases start with `case`: no state needed
        }
        if cursor.word(Array("func".utf8)) {
            guard let name = cursor.identifier(), cursor.peek == UInt8(ascii: "(") || cursor.peek == UInt8(ascii: "<") else { return nil }
            return Declaration(kind: .function, name: name)
        }
        if let binding = cursor.anyWord(words(["let", "var"])) {
            guard let name = cursor.identifier() else { return nil }
            let nameEnd = cursor.index
            cursor.skipSpaces()
            guard cursor.peek.map({ [UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: "{")].contains($0) }) ?? true else { return nil }
            let value = cursor.assignment(from: nameEnd - 1)
            // `static let EPOLLIN: CUnsignedInt = 1` mirrors a C macro: the name is C's, not a choice.
            if IdentifierCase.classify(name) == .screaming, Self.hasCType(cursor) { return nil }
            if binding == 0, isStatic || indent == 0, let value, cursor.literal(after: value + 1) {
                return Declaration(kind: .constant, name: name)
            }
            // `static let DEFAULT = Config()`: its author calls it a constant, but it is no literal to compare with.
            if binding == 0, isStatic || indent == 0, IdentifierCase.classify(name) == .screaming { return nil }
            return Declaration(kind: .variable, name: name)
        }
        if cursor.word(Array("case".utf8)) {
            // An enum's `case red`, `case red(Int)`, `case red = 1`; not a switch's `case .red:` or `case let x:`.
            guard let name = cursor.identifier(), !["let", "var", "is"].contains(String(decoding: name, as: UTF8.self)),
                  !Self.hasPatternColon(cursor) else { return nil }
            cursor.skipSpaces()
            guard cursor.peek.map({ [UInt8(ascii: "("), UInt8(ascii: "="), UInt8(ascii: ",")].contains($0) }) ?? true else { return nil }
            return Declaration(kind: .enumCase, name: name)
        }
        return nil
    }

    /// A type annotation naming one of Swift's C types (`CInt`, `CUnsignedInt`, `CInterop.Mode`).
    private static func hasCType(_ cursor: ByteCursor) -> Bool {
        let bytes = cursor.bytes
        var index = cursor.index
        while index + 3 < bytes.count, bytes[index] != UInt8(ascii: "=") {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == 0x20, bytes[index + 2] == UInt8(ascii: "C"),
               bytes[index + 3] >= 0x41, bytes[index + 3] <= 0x5A || bytes[index + 3] == UInt8(ascii: "I") {
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
            } else if byte == UInt8(ascii: "/"), index + 1 < cursor.bytes.count, cursor.bytes[index + 1] == UInt8(ascii: "/") {
                return false
            }
            index += 1
        }
        return false
    }

    static let pythonKeywords: Set<[UInt8]> = Set(words(["if", "elif", "else", "for", "while", "return", "with", "import", "from", "print",
                                                         "assert", "del", "global", "nonlocal", "pass", "raise", "yield", "try",
                                                         "except", "finally", "lambda", "not", "and", "or", "in", "is", "await",
                                                         "match", "case", "type"]))

    static func python(_ cursor: inout ByteCursor, indent: Int) -> Declaration? {
        _ = cursor.word(Array("async".utf8))
        if cursor.word(Array("class".utf8)) {
            guard let name = cursor.identifier(), cursor.peek == UInt8(ascii: "(") || cursor.peek == UInt8(ascii: ":") else { return nil }
            return Declaration(kind: .type, name: name)
        }
        if cursor.word(Array("def".utf8)) {
            guard let name = cursor.identifier(), cursor.peek == UInt8(ascii: "("), !isDunder(name) else { return nil }
            return Declaration(kind: .function, name: name)
        }
        guard let name = cursor.identifier(), !pythonKeywords.contains(name), !isDunder(name) else { return nil }
        let nameEnd = cursor.index
        var value: Int?
        if cursor.peek == UInt8(ascii: ":") {
            // `name: Type` or `name: Type = value`, not `else:` (a keyword) or a slice.
            guard nameEnd + 2 < cursor.bytes.count, cursor.bytes[nameEnd + 1] == 0x20,
                  ByteCursor.isIdentifierStart(cursor.bytes[nameEnd + 2]) else { return nil }
            value = cursor.assignment(from: nameEnd)
        } else {
            // ` = ` right after the name: black and PEP 8 space an assignment, never a keyword argument.
            guard let at = cursor.assignment(from: nameEnd), at == nameEnd + 1 else { return nil }
            value = at
        }
        let nameCase = IdentifierCase.classify(name)
        if nameCase == .screaming || (indent == 0 && value.map { cursor.literal(after: $0 + 1) } == true) {
            return Declaration(kind: .constant, name: name)
        }
        if nameCase == .upperCamel { return nil }  // a type alias (`Headers = dict[str, str]`)
        return Declaration(kind: .variable, name: name)
    }

    private static func isDunder(_ name: [UInt8]) -> Bool {
        name.count > 4 && name.starts(with: [0x5F, 0x5F]) && name.suffix(2) == [0x5F, 0x5F]
    }

    static let jsModifiers = words(["export", "default", "declare", "abstract", "async", "public", "private", "protected", "static",
                                    "readonly", "override", "accessor"])

    static func javaScript(_ cursor: inout ByteCursor, indent: Int) -> Declaration? {
        var exported = false
        while true {
            cursor.skipAnnotations()
            guard let modifier = cursor.anyWord(jsModifiers) else { break }
            if modifier == 0 { exported = true }
        }
        if cursor.word(Array("class".utf8)) || cursor.word(Array("interface".utf8)) {
            guard let name = cursor.identifier(), cursor.peek != UInt8(ascii: "(") else { return nil }
            return Declaration(kind: .type, name: name)
        }
        if cursor.word(Array("type".utf8)) {
            guard let name = cursor.identifier() else { return nil }
            cursor.skipSpaces()
            guard cursor.peek == UInt8(ascii: "=") || cursor.peek == UInt8(ascii: "<") else { return nil }
            return Declaration(kind: .type, name: name)
        }
        if cursor.word(Array("enum".utf8)) {
            guard let name = cursor.identifier() else { return nil }
            return Declaration(kind: .type, name: name, opensEnum: true)
        }
        if cursor.word(Array("function".utf8)) {
            if cursor.peek == UInt8(ascii: "*") { cursor.index += 1; cursor.skipSpaces() }
            guard let name = cursor.identifier(), cursor.peek == UInt8(ascii: "(") || cursor.peek == UInt8(ascii: "<") else { return nil }
            // `function Button()` is a component or a constructor: its capital is imposed, not chosen.
            return IdentifierCase.classify(name) == .upperCamel ? nil : Declaration(kind: .function, name: name)
        }
        guard let binding = cursor.anyWord(words(["const", "let", "var"])) else { return nil }
        if binding == 0, cursor.word(Array("enum".utf8)) {
            guard let name = cursor.identifier() else { return nil }
            return Declaration(kind: .type, name: name, opensEnum: true)
        }
        guard let name = cursor.identifier() else { return nil }
        let nameEnd = cursor.index
        cursor.skipSpaces()
        guard cursor.peek.map({ [UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "!")].contains($0) }) ?? true else { return nil }
        let nameCase = IdentifierCase.classify(name)
        if let value = cursor.assignment(from: nameEnd - 1) {
            var rhs = ByteCursor(cursor.bytes)
            rhs.index = value + 1
            rhs.skipSpaces()
            if isFunctionValue(&rhs) {
                return nameCase == .upperCamel ? nil : Declaration(kind: .function, name: name)
            }
            if binding == 0, indent == 0 || exported, cursor.literal(after: value + 1) {
                return Declaration(kind: .constant, name: name)
            }
        }
        if binding == 0, nameCase == .screaming { return Declaration(kind: .constant, name: name) }
        if nameCase == .upperCamel { return nil }  // a component, a class expression, a namespace import
        return Declaration(kind: .variable, name: name)
    }

    /// `function …`, `async …`, `(a) => …`, `a => …`.
    private static func isFunctionValue(_ rhs: inout ByteCursor) -> Bool {
        let start = rhs.index
        if rhs.word(Array("function".utf8)) || rhs.word(Array("async".utf8)) { return true }
        if rhs.peek == UInt8(ascii: "(") {
            rhs.skipGroup(UInt8(ascii: "("), UInt8(ascii: ")"))
            rhs.skipSpaces()
            if rhs.peek == UInt8(ascii: ":") { return rhs.bytes.count > rhs.index + 1 && containsArrow(rhs) }  // `(a): T => …`
            return startsWithArrow(rhs)
        }
        rhs.index = start
        if rhs.identifier() != nil {
            rhs.skipSpaces()
            return startsWithArrow(rhs)
        }
        return false
    }

    private static func startsWithArrow(_ cursor: ByteCursor) -> Bool {
        cursor.index + 1 < cursor.bytes.count && cursor.bytes[cursor.index] == UInt8(ascii: "=") && cursor.bytes[cursor.index + 1] == UInt8(ascii: ">")
    }

    private static func containsArrow(_ cursor: ByteCursor) -> Bool {
        var index = cursor.index
        while index + 1 < cursor.bytes.count {
            if cursor.bytes[index] == UInt8(ascii: "="), cursor.bytes[index + 1] == UInt8(ascii: ">") { return true }
            index += 1
        }
        return false
    }

    private mutating func goDeclaration(_ cursor: inout ByteCursor, indent: Int) -> Declaration? {
        if indent == 0 {
            if cursor.word(Array("func".utf8)) {
                if cursor.peek == UInt8(ascii: "(") {  // a method's receiver
                    cursor.skipGroup(UInt8(ascii: "("), UInt8(ascii: ")"))
                    cursor.skipSpaces()
                }
                guard let name = cursor.identifier(), cursor.peek == UInt8(ascii: "(") || cursor.peek == UInt8(ascii: "[") else { return nil }
                return Declaration(kind: .function, name: name)
            }
            let kinds: [(String, DeclarationKind)] = [("type", .type), ("const", .constant), ("var", .variable)]
            for (keyword, kind) in kinds where cursor.word(Array(keyword.utf8)) {
                if cursor.peek == UInt8(ascii: "(") {
                    goBlock = kind
                    return nil
                }
                guard let name = cursor.identifier(), name != [UInt8(ascii: "_")] else { return nil }
                return Declaration(kind: kind, name: name)
            }
            return nil
        }
        // `name := value`, `name, err := value`: the first name.
        guard let name = cursor.identifier(), name != [UInt8(ascii: "_")], !Self.goKeywords.contains(name) else { return nil }
        let bytes = cursor.bytes
        var index = cursor.index
        if index < bytes.count, bytes[index] == UInt8(ascii: ",") {
            while index < bytes.count, bytes[index] != UInt8(ascii: ":") && bytes[index] != UInt8(ascii: "=") && bytes[index] != UInt8(ascii: "(") { index += 1 }
            index -= 1
        }
        guard index + 3 < bytes.count, bytes[index] == 0x20, bytes[index + 1] == UInt8(ascii: ":"), bytes[index + 2] == UInt8(ascii: "=") else { return nil }
        return Declaration(kind: .variable, name: name)
    }

    static let goKeywords: Set<[UInt8]> = Set(words(["if", "for", "switch", "select", "return", "go", "defer", "case", "else"]))

    static let rustModifiers = words(["pub", "async", "unsafe", "extern", "default"])
    static let rustTypes = words(["struct", "enum", "trait", "type", "union"])

    static func rust(_ cursor: inout ByteCursor) -> Declaration? {
        while let modifier = cursor.anyWord(rustModifiers) {
            if modifier == 0 { cursor.skipGroup(UInt8(ascii: "("), UInt8(ascii: ")")); cursor.skipSpaces() }  // pub(crate)
            if modifier == 3, cursor.peek == UInt8(ascii: "\"") {  // extern "C"
                cursor.index += 1
                while let byte = cursor.peek, byte != UInt8(ascii: "\"") { cursor.index += 1 }
                cursor.index += 1
                cursor.skipSpaces()
            }
        }
        if cursor.word(Array("fn".utf8)) { return rustFunction(&cursor) }
        if let keyword = cursor.anyWord(rustTypes) {
            guard let name = cursor.identifier() else { return nil }
            return Declaration(kind: .type, name: name, opensEnum: keyword == 1)
        }
        if cursor.word(Array("const".utf8)) || cursor.word(Array("static".utf8)) {
            if cursor.word(Array("fn".utf8)) { return rustFunction(&cursor) }
            if cursor.word(Array("unsafe".utf8)), cursor.word(Array("fn".utf8)) { return rustFunction(&cursor) }
            _ = cursor.word(Array("mut".utf8))
            guard let name = cursor.identifier(), name != [UInt8(ascii: "_")], cursor.peek == UInt8(ascii: ":") else { return nil }
            return Declaration(kind: .constant, name: name)
        }
        if cursor.word(Array("let".utf8)) {
            _ = cursor.word(Array("mut".utf8))
            guard let name = cursor.identifier() else { return nil }
            cursor.skipSpaces()
            // `let Some(x) = …` and `let Point { x, y } = …` destructure: no name is declared.
            guard cursor.peek.map({ [UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: ";")].contains($0) }) ?? false else { return nil }
            return Declaration(kind: .variable, name: name)
        }
        return nil
    }

    private static func rustFunction(_ cursor: inout ByteCursor) -> Declaration? {
        guard let name = cursor.identifier(), cursor.peek == UInt8(ascii: "(") || cursor.peek == UInt8(ascii: "<") else { return nil }
        return Declaration(kind: .function, name: name)
    }

    static let javaModifiers = words(["public", "private", "protected", "static", "final", "abstract", "synchronized", "native",
                                      "default", "strictfp", "transient", "volatile", "sealed", "non-sealed"])
    static let javaStatementKeywords: Set<[UInt8]> = Set(words(["return", "new", "throw", "else", "if", "for", "while", "switch",
                                                                "catch", "case", "do", "try", "assert", "yield", "super", "this",
                                                                "import", "package", "goto", "sizeof", "typedef", "using",
                                                                "namespace", "template", "delete", "co_return", "operator"]))

    static func java(_ cursor: inout ByteCursor) -> Declaration? {
        var isStatic = false, isFinal = false
        while true {
            cursor.skipAnnotations()
            guard let modifier = cursor.anyWord(javaModifiers) else { break }
            if modifier == 3 { isStatic = true }
            if modifier == 4 { isFinal = true }
        }
        if let keyword = cursor.anyWord(words(["class", "interface", "enum", "record"])) {
            guard let name = cursor.identifier() else { return nil }
            return Declaration(kind: .type, name: name, opensEnum: keyword == 2)
        }
        if isStatic && isFinal {
            // `static final Map<String, Integer> LIMITS = …;`: the name is the identifier before `=` or `;`.
            let end = cursor.assignment() ?? lastIndex(of: UInt8(ascii: ";"), in: cursor)
            guard let end, let name = identifier(endingBefore: end, in: cursor.bytes) else { return nil }
            return Declaration(kind: .constant, name: name)
        }
        guard let name = methodName(cursor, minimumTokens: 2, allowed: javaSignatureBytes) else { return nil }
        return Declaration(kind: .method, name: name)
    }

    private static let javaSignatureBytes: Set<UInt8> = Set("<>,?[]. ".utf8)
    private static let cSignatureBytes: Set<UInt8> = Set("<>,*&: ".utf8)

    /// The name in `Type name(`: at least `minimumTokens` words before the parenthesis, the first not a keyword,
    /// and nothing between them that a statement would hold (`=`, a call's `.`).
    static func methodName(_ cursor: ByteCursor, minimumTokens: Int, allowed: Set<UInt8>) -> [UInt8]? {
        let bytes = cursor.bytes
        var index = cursor.index
        var tokens = 0, inToken = false, depth = 0
        var firstToken: Range<Int>?
        var tokenStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "(") {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") { depth += 1 } else if byte == UInt8(ascii: ">") { depth -= 1 }
            if ByteCursor.isIdentifierByte(byte) {
                if !inToken, depth == 0 {
                    tokens += 1
                    tokenStart = index
                }
                inToken = true
            } else if allowed.contains(byte) {
                if inToken, firstToken == nil, tokens == 1 { firstToken = tokenStart..<index }
                if byte == 0x20 || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "&") || depth > 0 || byte == UInt8(ascii: ">") {
                    inToken = false
                }
            } else {
                return nil
            }
            index += 1
        }
        guard index < bytes.count, tokens >= minimumTokens else { return nil }
        if let firstToken, javaStatementKeywords.contains(Array(bytes[firstToken])) { return nil }
        return identifier(endingBefore: index, in: bytes)
    }

    private static func lastIndex(of byte: UInt8, in cursor: ByteCursor) -> Int? {
        var index = cursor.bytes.count - 1
        while index >= cursor.index {
            if cursor.bytes[index] == byte { return index }
            index -= 1
        }
        return nil
    }

    /// The identifier that ends just before `end`, spaces between allowed.
    static func identifier(endingBefore end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var stop = end
        while stop > 0, bytes[stop - 1] == 0x20 { stop -= 1 }
        var start = stop
        while start > 0, ByteCursor.isIdentifierByte(bytes[start - 1]) { start -= 1 }
        guard start < stop, ByteCursor.isIdentifierStart(bytes[start]) else { return nil }
        return Array(bytes[start..<stop])
    }

    static let kotlinModifiers = words(["public", "private", "protected", "internal", "open", "final", "abstract", "override", "data",
                                        "sealed", "inline", "value", "annotation", "inner", "companion", "lateinit", "suspend",
                                        "operator", "infix", "tailrec", "external", "expect", "actual", "const", "enum"])

    static func kotlin(_ cursor: inout ByteCursor, indent: Int) -> Declaration? {
        var isConst = false, isEnum = false
        while true {
            cursor.skipAnnotations()
            guard let modifier = cursor.anyWord(kotlinModifiers) else { break }
            if modifier == 23 { isConst = true }
            if modifier == 24 { isEnum = true }
        }
        if cursor.anyWord(words(["class", "interface", "object", "typealias"])) != nil {
            guard let name = cursor.identifier() else { return nil }
            return Declaration(kind: .type, name: name, opensEnum: isEnum)
        }
        if cursor.word(Array("fun".utf8)) {
            if cursor.word(Array("interface".utf8)) {
                guard let name = cursor.identifier() else { return nil }
                return Declaration(kind: .type, name: name)
            }
            if cursor.peek == UInt8(ascii: "<") { cursor.skipGroup(UInt8(ascii: "<"), UInt8(ascii: ">")); cursor.skipSpaces() }
            // `fun Receiver.name(`, `fun List<T>.name(`: the last name before the parenthesis.
            var name = cursor.identifier()
            while name != nil {
                if cursor.peek == UInt8(ascii: "<") { cursor.skipGroup(UInt8(ascii: "<"), UInt8(ascii: ">")) }
                if cursor.peek == UInt8(ascii: "?") { cursor.index += 1 }
                guard cursor.peek == UInt8(ascii: ".") else { break }
                cursor.index += 1
                name = cursor.identifier()
            }
            guard let name, cursor.peek == UInt8(ascii: "(") else { return nil }
            return Declaration(kind: .function, name: name)
        }
        guard cursor.anyWord(words(["val", "var"])) != nil, let name = cursor.identifier() else { return nil }
        let nameEnd = cursor.index
        cursor.skipSpaces()
        guard cursor.peek.map({ [UInt8(ascii: ":"), UInt8(ascii: "=")].contains($0) }) ?? true else { return nil }
        if isConst { return Declaration(kind: .constant, name: name) }
        if indent == 0, let value = cursor.assignment(from: nameEnd - 1), cursor.literal(after: value + 1) {
            return Declaration(kind: .constant, name: name)
        }
        // A companion object's `val DEFAULT = …` is a constant by its author's word, with no literal to compare.
        if IdentifierCase.classify(name) == .screaming { return nil }
        return Declaration(kind: .variable, name: name)
    }

    static func ruby(_ cursor: inout ByteCursor) -> Declaration? {
        if cursor.word(Array("class".utf8)) || cursor.word(Array("module".utf8)) {
            var name = cursor.identifier()
            while name != nil, cursor.index + 2 < cursor.bytes.count, cursor.bytes[cursor.index] == UInt8(ascii: ":"),
                  cursor.bytes[cursor.index + 1] == UInt8(ascii: ":") {
                cursor.index += 2
                name = cursor.identifier()
            }
            guard let name else { return nil }  // `class << self`
            return Declaration(kind: .type, name: name)
        }
        if cursor.word(Array("def".utf8)) {
            let start = cursor.index
            if cursor.word(Array("self".utf8)) || cursor.identifier() != nil, cursor.peek == UInt8(ascii: ".") {
                cursor.index += 1
            } else {
                cursor.index = start
            }
            guard let name = cursor.identifier() else { return nil }
            return Declaration(kind: .function, name: name)
        }
        while cursor.peek == UInt8(ascii: "@") { cursor.index += 1 }
        guard let name = cursor.identifier(), let value = cursor.assignment(from: cursor.index),
              value == cursor.index + 1 else { return nil }
        if let first = name.first, first >= 0x41, first <= 0x5A {
            // `Point = Struct.new(…)` names a class; a constant holds a value.
            var rhs = ByteCursor(cursor.bytes)
            rhs.index = value + 1
            rhs.skipSpaces()
            if let byte = rhs.peek, byte >= 0x41, byte <= 0x5A { return nil }
            return Declaration(kind: .constant, name: name)
        }
        return Declaration(kind: .variable, name: name)
    }

    static let cModifiers = words(["static", "inline", "extern", "const", "constexpr", "virtual", "explicit", "typedef", "unsigned",
                                   "signed", "volatile", "register", "__inline", "consteval", "constinit"])

    static func c(_ cursor: inout ByteCursor, indent: Int) -> Declaration? {
        if cursor.peek == UInt8(ascii: "#") {
            cursor.index += 1
            cursor.skipSpaces()
            // An object-like macro with a value: include guards and flags (`#define FOO_H`) have none.
            guard cursor.word(Array("define".utf8)), let name = cursor.identifier(), cursor.peek == 0x20 || cursor.peek == 0x09 else { return nil }
            cursor.skipSpaces()
            guard !cursor.atEnd, cursor.peek != UInt8(ascii: "\\") else { return nil }
            return Declaration(kind: .constant, name: name)
        }
        var isTypedef = false
        while let modifier = cursor.anyWord(cModifiers) { if modifier == 7 { isTypedef = true } }
        if let keyword = cursor.anyWord(words(["struct", "class", "union", "enum"])) {
            if keyword == 3 { _ = cursor.anyWord(words(["class", "struct"])) }
            let nameStart = cursor.index
            if let name = cursor.identifier() {
                cursor.skipSpaces()
                // A definition or a forward declaration; `struct foo *p = …` only uses the type.
                let follows: Set<UInt8> = [UInt8(ascii: "{"), UInt8(ascii: ":"), UInt8(ascii: ";")]
                if cursor.peek.map({ follows.contains($0) }) ?? true || cursor.word(Array("final".utf8)) {
                    return Declaration(kind: .type, name: name, opensEnum: keyword == 3)
                }
            }
            cursor.index = nameStart
            guard isTypedef else { return nil }
        }
        if isTypedef {
            // `typedef unsigned long word_t;`: the last name before `;`.
            guard cursor.lastContent == UInt8(ascii: ";"), !cursor.bytes.contains(UInt8(ascii: "(")),
                  let semicolon = lastIndex(of: UInt8(ascii: ";"), in: cursor),
                  let name = identifier(endingBefore: semicolon, in: cursor.bytes) else { return nil }
            return Declaration(kind: .type, name: name)
        }
        // A function defined or declared at the top level: `int parse_header(…)`, `void Parser::run(…)`.
        guard indent == 0, let name = methodName(cursor, minimumTokens: 2, allowed: cSignatureBytes),
              IdentifierCase.classify(name) != .screaming else { return nil }  // a macro call
        return Declaration(kind: .function, name: name)
    }
}
