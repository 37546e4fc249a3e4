import Foundation

/// A repository's own Taste settings, read from `.taste.toml` at the commit being mined:
///
/// ```toml
/// [mine]
/// exclude = ["Tests/Fixtures/**", "legacy/"]   # gitignore-style globs left out of mining
/// max_blob_bytes = 1048576                      # larger files are skipped
///
/// [export]
/// out = ".claude/skills"                        # where Agent Skills are written
/// formats = ["agent-skills", "agents-md"]       # what `taste export` and the daemon write
/// stale = "warn"                                # or "omit": leave stale skills out of exports
///
/// [report]
/// out = "docs/taste-report.html"                # the daemon writes `taste report` there after each pass
///
/// [lint.ignore]                                 # rules `taste lint` does not report, by path globs
/// "python-style/quotes" = ["tests/**"]
/// ```
public struct RepositoryConfig: Sendable, Equatable {
    public static let fileName = ".taste.toml"

    public var exclude: [String] = []
    public var maxBlobBytes: Int = 1 << 20
    public var exportDirectory: String?
    public var exportFormats: [ExportFormat]?
    /// Stale skills are exported with a warning, or left out.
    public var omitStale = false
    /// Where the daemon writes the HTML report after each pass, relative to the work tree.
    public var reportPath: String?
    /// Rules `taste lint` does not report, by rule id, with the globs of the paths where it does not.
    public var lintIgnores: [String: [String]] = [:]

    public init() {}

    private static let lintIgnorePrefix = "lint.ignore."

    /// The export folder, checked: the file comes from merged commits, so it may only name a folder inside
    /// the work tree. Checked when exporting, so that a bad value never stops mining.
    public func checkedExportDirectory() throws -> String? {
        guard let path = exportDirectory else { return nil }
        let parts = path.split(separator: "/")
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("~"), !parts.contains(".."), !path.contains("\0") else {
            throw TasteError.config("\(Self.fileName): export.out must be a folder inside the work tree, not '\(path)'")
        }
        return path
    }

    /// The report's path, checked like the export folder: a file inside the work tree.
    public func checkedReportPath() throws -> String? {
        guard let path = reportPath else { return nil }
        let parts = path.split(separator: "/")
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("~"), !path.hasSuffix("/"), !parts.contains(".."), !path.contains("\0")
        else {
            throw TasteError.config("\(Self.fileName): report.out must be a file inside the work tree, not '\(path)'")
        }
        return path
    }

    /// Parses the subset of TOML the file uses: tables, strings, integers, booleans and string arrays.
    public init(toml text: String) throws {
        let values = try MiniTOML.parse(text)
        for (key, value) in values {
            switch (key, value) {
            case ("mine.exclude", .strings(let globs)): exclude = globs
            case ("mine.max_blob_bytes", .int(let bytes)) where bytes > 0: maxBlobBytes = bytes
            case ("export.out", .string(let path)): exportDirectory = path
            case ("report.out", .string(let path)): reportPath = path
            case ("export.stale", .string(let choice)) where choice == "warn" || choice == "omit":
                omitStale = choice == "omit"
            case ("export.formats", .strings(let names)):
                exportFormats = try names.map { name in
                    guard let format = ExportFormat(rawValue: name) else {
                        let known = ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
                        throw TasteError.config("\(Self.fileName): unknown export format '\(name)' (one of \(known))")
                    }
                    return format
                }
            case (let key, .strings(let globs)) where key.hasPrefix(Self.lintIgnorePrefix):
                let rule = key.dropFirst(Self.lintIgnorePrefix.count).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                guard !rule.isEmpty else { throw TasteError.config("\(Self.fileName): lint.ignore needs a rule id as its key") }
                lintIgnores[rule, default: []] += globs
            default:
                throw TasteError.config("\(Self.fileName): unknown or mistyped setting '\(key)'")
            }
        }
    }
}

/// Just enough TOML for `.taste.toml` and the user's `config.toml`; errors name `file`.
enum MiniTOML {
    static func parse(_ text: String, file: String = RepositoryConfig.fileName) throws -> [(String, FactValue)] {
        var table = ""
        var result: [(String, FactValue)] = []
        var pending: (key: String, text: String, line: Int)?
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = stripComment(raw).trimmingCharacters(in: .whitespaces)
            if var open = pending {
                open.text += " " + line
                pending = open
                if line.hasSuffix("]") {
                    result.append((open.key, try value(open.text, line: open.line, file: file)))
                    pending = nil
                }
                continue
            }
            if line.isEmpty { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") && !line.contains("=") {
                table = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw TasteError.config("\(file) line \(index + 1): expected 'key = value'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let rest = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let fullKey = table.isEmpty ? key : "\(table).\(key)"
            if rest.hasPrefix("[") && !rest.hasSuffix("]") {
                pending = (fullKey, rest, index + 1)
                continue
            }
            result.append((fullKey, try value(rest, line: index + 1, file: file)))
        }
        if let open = pending {
            throw TasteError.config("\(file) line \(open.line): unterminated array")
        }
        return result
    }

    private static func stripComment(_ line: String) -> String {
        var inString: Character?
        for (offset, character) in line.enumerated() {
            if let quote = inString {
                if character == quote { inString = nil }
            } else if character == "\"" || character == "'" {
                inString = character
            } else if character == "#" {
                return String(line.prefix(offset))
            }
        }
        return line
    }

    private static func value(_ text: String, line: Int, file: String) throws -> FactValue {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if let number = Int(text.replacingOccurrences(of: "_", with: "")) { return .int(number) }
        if let string = unquote(text) { return .string(string) }
        if text.hasPrefix("[") && text.hasSuffix("]") {
            let inner = text.dropFirst().dropLast()
            var items: [String] = []
            for part in splitArray(String(inner)) where !part.isEmpty {
                guard let item = unquote(part) else {
                    throw TasteError.config("\(file) line \(line): arrays hold quoted strings only")
                }
                items.append(item)
            }
            return .strings(items)
        }
        throw TasteError.config("\(file) line \(line): cannot read value \(text)")
    }

    private static func splitArray(_ text: String) -> [String] {
        var parts: [String] = [], current = "", inString: Character?
        for character in text {
            if let quote = inString {
                if character == quote { inString = nil }
                current.append(character)
            } else if character == "\"" || character == "'" {
                inString = character
                current.append(character)
            } else if character == "," {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingCharacters(in: .whitespaces))
        return parts
    }

    private static func unquote(_ text: String) -> String? {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else { return nil }
        let inner = String(text.dropFirst().dropLast())
        guard !inner.contains(first) else { return nil }
        return first == "\"" ? inner.replacingOccurrences(of: "\\\\", with: "\\") : inner
    }
}
