import Foundation

/// One setting read from a configuration file, flattened to a dotted key (`tool.black.line-length`,
/// `rules.quotes[]`), with the raw value and the line it is on. Readers turn entries into declarations.
struct ConfigEntry: Sendable, Equatable {
    var key: String
    var value: String
    var line: Int
}

/// Lenient readers for the formats style tools use. A configuration file is evidence, not input Taste must
/// obey: what a reader cannot parse it skips, so a file in an unusual dialect yields fewer facts, never an error.
enum ConfigText {
    /// INI-like files (`.editorconfig`, `setup.cfg`, `.flake8`, `tox.ini`): `[section]` and `key = value` or `key: value`.
    static func ini(_ text: String) -> [ConfigEntry] {
        var section = ""
        var entries: [ConfigEntry] = []
        // The setting an indented line without `=` goes on with.
        var continuing: Int?
        for (index, raw) in lines(text) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), let close = line.lastIndex(of: "]") {
                section = String(line[line.index(after: line.startIndex)..<close])
                continuing = nil
                continue
            }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                // An indented line under a setting goes on with its value (flake8's `ignore =` then a code a line).
                if raw.first == " " || raw.first == "\t", let setting = continuing {
                    entries[setting].value += "\n" + withoutComment(line).trimmingCharacters(in: .whitespaces)
                }
                continue
            }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            let value = withoutComment(String(line[line.index(after: separator)...]))
            entries.append(
                ConfigEntry(
                    key: section.isEmpty ? key : "\(section)\u{1F}\(key)",
                    value: unquote(value.trimmingCharacters(in: .whitespaces)), line: index))
            continuing = entries.count - 1
        }
        return entries
    }

    /// A value without a comment after it (` # …`, ` ; …`).
    private static func withoutComment(_ value: String) -> String {
        guard let comment = value.range(of: " #") ?? value.range(of: " ;") else { return value }
        return String(value[..<comment.lowerBound])
    }

    /// The section and key of an `ini` entry (sections may contain dots, so they are kept apart by a separator).
    static func iniParts(_ entry: ConfigEntry) -> (section: String, key: String) {
        guard let split = entry.key.firstIndex(of: "\u{1F}") else { return ("", entry.key) }
        return (String(entry.key[..<split]), String(entry.key[entry.key.index(after: split)...]))
    }

    /// The subset of TOML style settings use: `[tables]`, `key = value` with strings, numbers, booleans and
    /// arrays (kept as their text, `["E", "I"]`). Inline tables are skipped.
    static func toml(_ text: String) -> [ConfigEntry] {
        var table = ""
        var entries: [ConfigEntry] = []
        var open: ConfigEntry?  // a multi-line array, read until its `]`
        for (index, raw) in lines(text) {
            let line = stripComment(raw).trimmingCharacters(in: .whitespaces)
            if var array = open {
                array.value += " " + line
                open = array
                if line.hasSuffix("]") {
                    entries.append(array)
                    open = nil
                }
                continue
            }
            if line.isEmpty { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") && !line.contains("=") {
                table = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = unquote(line[..<equals].trimmingCharacters(in: .whitespaces))
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let full = table.isEmpty ? key : "\(table).\(key)"
            if value.hasPrefix("[") && !value.hasSuffix("]") {
                open = ConfigEntry(key: full, value: value, line: index)
                continue
            }
            if value.hasPrefix("{") { continue }
            entries.append(ConfigEntry(key: full, value: unquote(value), line: index))
        }
        return entries
    }

    /// Block-style YAML maps and lists, as linters write them: nested keys become dotted keys, list items
    /// `key[]`. Flow collections stay as their text (`[a, b]`); anchors, multi-line strings and documents are not read.
    static func yaml(_ text: String) -> [ConfigEntry] {
        var entries: [ConfigEntry] = []
        var stack: [(indent: Int, key: String)] = []
        for (index, raw) in lines(text) {
            let content = stripComment(raw)
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed == "---" || trimmed == "..." { continue }
            let indent = content.prefix { $0 == " " }.count
            var body = Substring(trimmed)
            var isItem = false
            if body.hasPrefix("- ") || body == "-" {
                isItem = true
                body = body.dropFirst().drop { $0 == " " }
            }
            while let top = stack.last, top.indent >= indent + (isItem ? 1 : 0) || (!isItem && top.indent == indent) {
                stack.removeLast()
            }
            let parent = stack.last?.key ?? ""
            if isItem {
                // `- value` or `- key: value` (a map inside a list: its keys hang off the list).
                let listKey = parent + "[]"
                if let (key, value) = keyValue(body) {
                    stack.append((indent, listKey))
                    let full = listKey + "." + key
                    if value.isEmpty { stack.append((indent + 2, full)) } else { entries.append(ConfigEntry(key: full, value: value, line: index)) }
                } else if !body.isEmpty {
                    entries.append(ConfigEntry(key: listKey, value: unquote(String(body)), line: index))
                }
                continue
            }
            guard let (key, value) = keyValue(body) else { continue }
            let full = parent.isEmpty ? key : "\(parent).\(key)"
            if value.isEmpty {
                stack.append((indent, full))
            } else {
                entries.append(ConfigEntry(key: full, value: value, line: index))
            }
        }
        return entries
    }

    /// JSON or JSONC (comments and trailing commas allowed), flattened like `yaml`. Lines are found by
    /// searching for each key in the text, so they point at the first place that names it.
    static func json(_ text: String) -> [ConfigEntry] {
        let cleaned = stripJSONComments(text)
        guard let data = cleaned.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { return [] }
        let allLines = lines(text)
        var entries: [ConfigEntry] = []
        /// The line naming `name`, searched from the line that named its parent.
        func lineOf(_ name: String, after start: Int) -> Int {
            let needle = "\"\(name)\""
            return allLines.first { $0.number >= start && $0.text.contains(needle) }?.number ?? start
        }
        func walk(_ value: Any, _ key: String, _ line: Int) {
            switch value {
            case let map as [String: Any]:
                for (name, child) in map.sorted(by: { $0.key < $1.key }) {
                    walk(child, key.isEmpty ? name : "\(key).\(name)", lineOf(name, after: line))
                }
            case let list as [Any]:
                for child in list { walk(child, key + "[]", line) }
            case let number as NSNumber:
                // Booleans come back as numbers whose Objective-C type is `char`.
                let text = String(cString: number.objCType) == "c" ? (number.boolValue ? "true" : "false") : number.stringValue
                entries.append(ConfigEntry(key: key, value: text, line: line))
            case let string as String:
                entries.append(ConfigEntry(key: key, value: string, line: line))
            default:
                break
            }
        }
        walk(object, "", 1)
        return entries
    }

    /// `key: value` settings written in JavaScript (`prettier.config.js`, `.eslintrc.js`): read textually,
    /// one per line, because running the file is out of the question.
    static func javascriptObject(_ text: String) -> [ConfigEntry] {
        var entries: [ConfigEntry] = []
        for (index, raw) in lines(text) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("//") || line.hasPrefix("*") { continue }
            if line.hasSuffix(",") { line.removeLast() }
            guard let (key, value) = keyValue(Substring(line)), !value.isEmpty, !value.hasPrefix("{") else { continue }
            entries.append(ConfigEntry(key: key, value: value, line: index))
        }
        return entries
    }

    // MARK: - Pieces

    static func lines(_ text: String) -> [(number: Int, text: String)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { ($0.offset + 1, String($0.element)) }
    }

    /// `key: value` with the key unquoted; nil when the text is not a mapping entry.
    private static func keyValue(_ text: Substring) -> (String, String)? {
        guard let colon = findColon(text) else { return nil }
        let key = unquote(text[..<colon].trimmingCharacters(in: .whitespaces))
        guard !key.isEmpty, !key.contains(" ") || key.hasPrefix("@") else { return nil }
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return (key, unquote(value))
    }

    /// The colon that separates a key from its value: outside quotes, followed by a space or the end.
    private static func findColon(_ text: Substring) -> Substring.Index? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == ":" {
                let next = text.index(after: index)
                if next == text.endIndex || text[next] == " " { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }

    static func unquote(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// Drops a `#` comment that is not inside quotes.
    private static func stripComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (offset, character) in line.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous == " " || previous == "\t" || offset == 0 {
                return String(line.prefix(offset))
            }
            previous = character
        }
        return line
    }

    /// JSONC to JSON: `//` and `/* */` comments outside strings, and commas before a closing bracket.
    static func stripJSONComments(_ text: String) -> String {
        var output: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                output.append(byte)
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    output.append(bytes[index + 1])
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            }
            if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    if bytes[index] == UInt8(ascii: "\n") { output.append(bytes[index]) }  // keep line numbers
                    index += 1
                }
                index += 2
                continue
            }
            if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                // A trailing comma before the closer: drop it (and keep what followed it).
                var back = output.count - 1
                while back >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(output[back]) { back -= 1 }
                if back >= 0, output[back] == UInt8(ascii: ",") { output.remove(at: back) }
            }
            output.append(byte)
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
