/// A file's tokens as the safety check of `taste fix` compares them: code words split on whitespace, string
/// literals whole, the lines inside multi-line strings and heredocs byte for byte, a line break after each line
/// that holds something, and for Python the INDENT and DEDENT its tokenizer derives from indentation. What a
/// repair may change is left out: whitespace is never a token outside strings, and `allowing` drops quote
/// characters or `;` tokens. A repair whose file reads as another token stream changed the program.
struct TokenStream: Equatable {
    /// What a repair may change besides whitespace.
    struct Allowance: OptionSet {
        let rawValue: UInt8
        /// The quote characters of plain strings (their contents stay compared).
        static let quotes = Allowance(rawValue: 1)
        /// `;` tokens.
        static let semicolons = Allowance(rawValue: 2)
        /// A `,` whose next token (past line breaks and comments) closes a bracket.
        static let trailingCommas = Allowance(rawValue: 4)
        /// The order of whole statements within an import group.
        static let importOrder = Allowance(rawValue: 8)
    }

    private enum Kind: UInt8 {
        case word = 1, semicolon, string, plainString, verbatim, newline, indent, dedent, badDedent, gap, untrusted, comma
    }

    /// Tokens end with a 0 byte, which a file Taste fixes never holds.
    private(set) var bytes: [UInt8] = []
    /// Where the last `,` token starts, until a token other than a line break or a comment follows it.
    private var openComma: Int?

    /// `tabWidth` reads a Python file whose indentation Python itself refuses (tabs and spaces mixed so that
    /// the structure depends on a tab's width): the repository's width, the one its editors show.
    init(_ file: SourceFile, allowing allowance: Allowance = [], tabWidth: Int = 8) {
        bytes.reserveCapacity(file.addedLines.count * 24)
        var python: [Int: [Kind]] = [:]
        if file.language == .python {
            // Python reads a tab as 8 columns and refuses a file whose structure a tab of 1 would change.
            python = Self.pythonIndentation(file, tab: 8)
            if python != Self.pythonIndentation(file, tab: 1) { python = Self.pythonIndentation(file, tab: tabWidth) }
        }
        // An import group's statements are compared as a sorted list: their order is free, their tokens are not.
        var groupEnds: [Int: Int] = [:]
        var memberStarts: Set<Int> = []
        if allowance.contains(.importOrder) {
            for group in ImportGroup.groups(in: file) {
                groupEnds[group.lineIndices.lowerBound] = group.lineIndices.upperBound - 1
                memberStarts.formUnion(group.members.map(\.lines.lowerBound))
            }
        }
        var group: (last: Int, members: [Int])?
        var lastNumber = Int.min
        for (index, line) in file.lines.enumerated() {
            if line.number != lastNumber &+ 1 {
                settleComma(before: nil)
                append(.gap, [])
            }
            lastNumber = line.number
            if !line.isTrusted {
                settleComma(before: nil)
                append(.untrusted, line.bytes)
                append(.newline, [])
                continue
            }
            for kind in python[index] ?? [] {
                settleComma(before: nil)
                append(kind, [])
            }
            if let last = groupEnds[index] { group = (last, []) }
            if memberStarts.contains(index) {
                settleComma(before: nil)
                group?.members.append(bytes.count)
            }
            if tokens(of: line, allowance) { append(.newline, []) }
            if let members = group?.members, group?.last == index {
                let statements = zip(members, members.dropFirst() + [bytes.count]).map { Array(bytes[$0..<$1]) }
                bytes.replaceSubrange(members[0]..., with: statements.sorted { $0.lexicographicallyPrecedes($1) }.joined())
                group = nil
            }
        }
    }

    /// Appends the tokens of one line; whether it held any.
    private mutating func tokens(of line: SourceLine, _ allowance: Allowance) -> Bool {
        let bytes = line.bytes
        var start = 0
        var end = bytes.count
        var held = false
        if line.startsInString {
            settleComma(before: nil)
            guard let first = line.firstCode else {
                append(.verbatim, bytes)
                return true
            }
            append(.verbatim, bytes[...first])
            held = true
            start = first + 1
        }
        var tail: Range<Int>?
        if line.lexed.flags.contains(.endsInString), let last = line.lastCode, last >= start {
            tail = last..<bytes.count
            end = last
        }
        var word = start
        var strings = line.strings.makeIterator()
        var string = strings.next()
        var index = start
        let lastCode = line.lastCode ?? -1
        func flush(_ upTo: Int) {
            if upTo > word {
                // Words past the code are a comment's: a trailing comma may stand before one.
                if word <= lastCode { settleComma(before: bytes[word]) }
                append(.word, bytes[word..<upTo])
                held = true
            }
        }
        while index < end {
            if let literal = string, Int(literal.start) == index {
                flush(index)
                settleComma(before: nil)
                let closing = Int(literal.end)
                if allowance.contains(.quotes), literal.form == .plain {
                    append(.plainString, bytes[(index + 1)..<closing])
                } else {
                    append(.string, bytes[index...closing])
                }
                held = true
                index = closing + 1
                word = index
                string = strings.next()
                continue
            }
            while let literal = string, Int(literal.start) < index { string = strings.next() }
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                flush(index)
                word = index + 1
            } else if byte == 0x3B {
                flush(index)
                if !allowance.contains(.semicolons) {
                    settleComma(before: nil)
                    append(.semicolon, [])
                    held = true
                }
                word = index + 1
            } else if byte == 0x2C, allowance.contains(.trailingCommas) {
                flush(index)
                settleComma(before: nil)
                openComma = self.bytes.count
                append(.comma, [])
                held = true
                word = index + 1
            }
            index += 1
        }
        flush(end)
        if let tail {
            settleComma(before: nil)
            append(.verbatim, bytes[tail])
            held = true
        }
        return held
    }

    /// Python's INDENT and DEDENT by line, a tab moving to the next multiple of `tab`: only lines that start
    /// a logical line (outside brackets, not after `\\`) count, as in its tokenizer.
    private static func pythonIndentation(_ file: SourceFile, tab: Int) -> [Int: [Kind]] {
        var events: [Int: [Kind]] = [:]
        var indents: [Int] = []
        var depth = 0
        var continued = false
        var lastNumber = Int.min
        for (index, line) in file.lines.enumerated() {
            if line.number != lastNumber &+ 1 { (indents, depth, continued) = ([], 0, false) }
            lastNumber = line.number
            guard line.isTrusted else {
                (depth, continued) = (0, false)
                continue
            }
            guard !line.isEmpty, !line.startedInside else { continue }
            if depth == 0, !continued {
                var width = 0
                for byte in line.bytes[..<line.indent] { width = byte == 0x09 ? (width / tab + 1) * tab : width + 1 }
                var found: [Kind] = []
                if let top = indents.last {
                    if width > top {
                        indents.append(width)
                        found.append(.indent)
                    } else {
                        while let last = indents.last, last > width {
                            indents.removeLast()
                            found.append(.dedent)
                        }
                        if indents.last != width {
                            found.append(.badDedent)
                            indents.append(width)
                        }
                    }
                } else {
                    indents = [width]
                }
                if !found.isEmpty { events[index] = found }
            }
            for bracket in line.brackets {
                depth = max(0, depth + (bracket.byte == 0x28 || bracket.byte == 0x5B || bracket.byte == 0x7B ? 1 : -1))
            }
            continued = line.lastCode.map { line.bytes[$0] == 0x5C } ?? false
        }
        return events
    }

    /// Drops the open `,` token when the token that follows it, starting with `first`, closes a bracket; either
    /// way the comma is settled.
    private mutating func settleComma(before first: UInt8?) {
        guard let comma = openComma else { return }
        openComma = nil
        if let first, first == 0x29 || first == 0x5D || first == 0x7D { bytes.removeSubrange(comma..<(comma + 2)) }
    }

    private mutating func append(_ kind: Kind, _ content: some Collection<UInt8>) {
        bytes.append(kind.rawValue)
        bytes.append(contentsOf: content)
        bytes.append(0)
    }
}
