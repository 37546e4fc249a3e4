import Foundation

/// A value in the small YAML subset taste writes in front matter.
indirect enum YAMLValue: Equatable, CustomStringConvertible {
    /// A double-quoted scalar, unescaped.
    case quoted(String)
    /// A plain scalar that is neither a boolean nor an integer, as written (possibly empty).
    case plain(String)
    case bool(Bool)
    case integer(Int)
    /// A block mapping, keys in the order written.
    case map([YAMLEntry])

    var description: String {
        switch self {
        case .quoted(let text): "quoted(\(text.debugDescription))"
        case .plain(let text): "plain(\(text.debugDescription))"
        case .bool(let value): "bool(\(value))"
        case .integer(let value): "integer(\(value))"
        case .map(let entries): "map(\(entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ")))"
        }
    }

    var string: String? { if case .quoted(let text) = self { text } else { nil } }

    var entries: [YAMLEntry]? { if case .map(let entries) = self { entries } else { nil } }

    subscript(key: String) -> YAMLValue? { entries?.first { $0.key == key }?.value }
}

struct YAMLEntry: Equatable {
    var key: String
    var value: YAMLValue
}

/// The YAML front matter of a Markdown file, read strictly: a file whose front matter this reader cannot
/// read is one an agent's YAML parser may read differently. No YAML library is available to the tests, and
/// taste writes a small subset: top-level `key: value` lines, one level of two-space nested mappings,
/// double-quoted scalars, plain scalars, booleans and integers.
struct FrontMatter {
    var fields: [YAMLEntry]
    /// Everything after the closing `---` line.
    var body: String
    /// The raw lines between the fences.
    var lines: [String]

    subscript(key: String) -> YAMLValue? { fields.first { $0.key == key }?.value }
    var keys: [String] { fields.map(\.key) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func parse(_ text: String) throws -> FrontMatter {
        guard text.hasPrefix("---\n") else { throw Failure("the file does not start with a '---' line") }
        let rest = text.dropFirst(4)
        var lines: [String] = []
        var body: Substring?
        var index = rest.startIndex
        while index < rest.endIndex {
            let end = rest[index...].firstIndex(of: "\n") ?? rest.endIndex
            let line = String(rest[index..<end])
            let next = end == rest.endIndex ? end : rest.index(after: end)
            if line == "---" {
                body = rest[next...]
                break
            }
            lines.append(line)
            index = next
        }
        guard let body else { throw Failure("the front matter has no closing '---' line") }
        return FrontMatter(fields: try parseMapping(lines), body: String(body), lines: lines)
    }

    private static func parseMapping(_ lines: [String]) throws -> [YAMLEntry] {
        var entries: [YAMLEntry] = []
        var nested: (key: String, entries: [YAMLEntry])?
        func closeNested() throws {
            guard let open = nested else { return }
            entries.append(YAMLEntry(key: open.key, value: open.entries.isEmpty ? .plain("") : .map(open.entries)))
            nested = nil
        }
        for line in lines {
            guard !line.contains("\t") else { throw Failure("tab in front matter line \(line.debugDescription)") }
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { throw Failure("blank line in front matter") }
            let indent = line.prefix { $0 == " " }.count
            let (key, rawValue) = try splitKey(String(line.dropFirst(indent)))
            switch indent {
            case 0:
                try closeNested()
                guard !entries.contains(where: { $0.key == key }) else { throw Failure("duplicate key \(key)") }
                if rawValue.isEmpty {
                    nested = (key, [])
                } else {
                    entries.append(YAMLEntry(key: key, value: try scalar(rawValue)))
                }
            case 2:
                guard nested != nil else { throw Failure("indented line outside a mapping: \(line.debugDescription)") }
                guard !(nested?.entries.contains { $0.key == key } ?? false) else { throw Failure("duplicate key \(key)") }
                guard !rawValue.isEmpty else { throw Failure("nested mappings deeper than one level: \(line.debugDescription)") }
                nested?.entries.append(YAMLEntry(key: key, value: try scalar(rawValue)))
            default:
                throw Failure("unexpected indentation in \(line.debugDescription)")
            }
        }
        try closeNested()
        return entries
    }

    /// `key: value` → (key, value without the separator); the key is a plain word.
    private static func splitKey(_ text: String) throws -> (String, String) {
        guard let colon = text.firstIndex(of: ":") else { throw Failure("not a 'key: value' line: \(text.debugDescription)") }
        let key = String(text[..<colon])
        guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw Failure("not a plain key: \(key.debugDescription)")
        }
        let after = text[text.index(after: colon)...]
        if after.isEmpty { return (key, "") }
        guard after.first == " " else { throw Failure("no space after the colon in \(text.debugDescription)") }
        return (key, String(after.dropFirst()))
    }

    /// A scalar value as YAML 1.2 reads it.
    static func scalar(_ raw: String) throws -> YAMLValue {
        if raw.hasPrefix("\"") { return .quoted(try doubleQuoted(raw)) }
        if raw == "true" { return .bool(true) }
        if raw == "false" { return .bool(false) }
        if let number = Int(raw), String(number) == raw { return .integer(number) }
        // What could make a plain scalar mean something else: a mapping inside it, a comment, quotes or flow.
        if raw.hasPrefix("'") || raw.hasPrefix("[") || raw.hasPrefix("{") || raw.hasPrefix("|") || raw.hasPrefix(">")
            || raw.hasPrefix("&") || raw.hasPrefix("!") || raw.hasPrefix("%") || raw.hasPrefix("@") || raw.hasPrefix("`")
            || raw.hasPrefix("#") || raw.contains(": ") || raw.contains(" #") || raw.hasSuffix(":") || raw.hasSuffix(" ")
        {
            throw Failure("ambiguous plain scalar \(raw.debugDescription)")
        }
        guard !raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw Failure("control character in plain scalar \(raw.debugDescription)")
        }
        return .plain(raw)
    }

    /// Reads a YAML double-quoted scalar that fills the whole value (nothing but spaces may follow it).
    static func doubleQuoted(_ raw: String) throws -> String {
        var scalars = Array(raw.unicodeScalars)
        guard scalars.first == "\"" else { throw Failure("not double-quoted: \(raw.debugDescription)") }
        scalars.removeFirst()
        var out = String.UnicodeScalarView()
        var index = 0
        func hex(_ count: Int) throws -> Unicode.Scalar {
            guard index + count < scalars.count else { throw Failure("short escape in \(raw.debugDescription)") }
            let digits = String(String.UnicodeScalarView(scalars[(index + 1)...(index + count)]))
            guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                throw Failure("bad escape \\\(digits) in \(raw.debugDescription)")
            }
            index += count
            return scalar
        }
        while true {
            guard index < scalars.count else { throw Failure("unterminated double-quoted scalar \(raw.debugDescription)") }
            let scalar = scalars[index]
            if scalar == "\"" { break }
            if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
                throw Failure("raw control character in \(raw.debugDescription)")
            }
            if scalar == "\\" {
                index += 1
                guard index < scalars.count else { throw Failure("dangling backslash in \(raw.debugDescription)") }
                switch scalars[index] {
                case "0": out.append("\u{0}")
                case "a": out.append("\u{7}")
                case "b": out.append("\u{8}")
                case "t", "\t": out.append("\t")
                case "n": out.append("\n")
                case "v": out.append("\u{B}")
                case "f": out.append("\u{C}")
                case "r": out.append("\r")
                case "e": out.append("\u{1B}")
                case " ": out.append(" ")
                case "\"": out.append("\"")
                case "/": out.append("/")
                case "\\": out.append("\\")
                case "N": out.append("\u{85}")
                case "_": out.append("\u{A0}")
                case "L": out.append("\u{2028}")
                case "P": out.append("\u{2029}")
                case "x": out.append(try hex(2))
                case "u": out.append(try hex(4))
                case "U": out.append(try hex(8))
                default: throw Failure("unknown escape \\\(scalars[index]) in \(raw.debugDescription)")
                }
            } else {
                out.append(scalar)
            }
            index += 1
        }
        let trailing = scalars[(index + 1)...]
        guard trailing.allSatisfy({ $0 == " " }) else { throw Failure("text after the closing quote in \(raw.debugDescription)") }
        return String(out)
    }
}

/// Markdown inline code spans (CommonMark): a run of n backticks opens a span that the next run of exactly
/// n backticks closes. Spans are looked for within one line: taste never writes a span across lines, and a
/// span that needed two lines would be a span an agent might read differently.
enum MarkdownCode {
    /// The ranges of each line's code span contents (between the fences).
    static func spans(in line: Substring) -> [Range<String.Index>] {
        var spans: [Range<String.Index>] = []
        var index = line.startIndex
        func run(at start: String.Index) -> String.Index {
            var end = start
            while end < line.endIndex, line[end] == "`" { end = line.index(after: end) }
            return end
        }
        while index < line.endIndex {
            guard line[index] == "`" else {
                index = line.index(after: index)
                continue
            }
            let openEnd = run(at: index)
            let length = line.distance(from: index, to: openEnd)
            var search = openEnd
            var closed: (String.Index, String.Index)?
            while search < line.endIndex {
                if line[search] == "`" {
                    let end = run(at: search)
                    if line.distance(from: search, to: end) == length {
                        closed = (search, end)
                        break
                    }
                    search = end
                } else {
                    search = line.index(after: search)
                }
            }
            if let (closeStart, closeEnd) = closed {
                spans.append(openEnd..<closeStart)
                index = closeEnd
            } else {
                index = openEnd  // a literal run of backticks
            }
        }
        return spans
    }

    /// The lines (1-based) where `needle` occurs outside every code span; empty when each occurrence is quoted.
    static func unquotedOccurrences(of needle: String, in text: String) -> [Int] {
        var found: [Int] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let spans = spans(in: line)
            var search = line.startIndex
            while let range = line.range(of: needle, range: search..<line.endIndex) {
                if !spans.contains(where: { $0.lowerBound <= range.lowerBound && range.upperBound <= $0.upperBound }) {
                    found.append(number + 1)
                }
                search = line.index(after: range.lowerBound)
            }
        }
        return found
    }
}
