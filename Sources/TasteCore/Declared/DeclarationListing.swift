import Foundation

/// What `taste declared` prints: every declaration the style configuration files make at HEAD, per language.
public struct DeclarationListing: Sendable, Equatable {
    public struct Entry: Sendable, Equatable, Encodable {
        /// The language the declaration applies to; empty for repository-wide facts (commit conventions).
        public var language: String
        public var declaration: ConfigDeclaration

        public init(language: String, declaration: ConfigDeclaration) {
            self.language = language
            self.declaration = declaration
        }

        private enum CodingKeys: String, CodingKey { case language, fact, value, file, line, setting, tool }

        /// `{language, fact, value, file, line, setting, tool}`: language null when repository-wide, line left
        /// out when the file has no lines to point at.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(language.isEmpty ? nil : language, forKey: .language)
            try container.encode(declaration.fact, forKey: .fact)
            try container.encode(declaration.value, forKey: .value)
            try container.encode(declaration.file, forKey: .file)
            try container.encodeIfPresent(declaration.line, forKey: .line)
            try container.encode(declaration.setting, forKey: .setting)
            try container.encode(declaration.tool, forKey: .tool)
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// Reads the configuration files at the head of the repository at `path`; nothing is stored.
    public init(repositoryAt path: String) throws {
        entries = try DeclaredStyle.declarations(inRepositoryAt: path).map { Entry(language: $0.language, declaration: $0.declaration) }
    }

    /// One line per declaration: `language: fact = value (file: setting, line N)`.
    public var text: String {
        guard !entries.isEmpty else { return "No style configuration declares anything here." }
        return entries.map { entry in
            let declaration = entry.declaration
            return "\(entry.language.isEmpty ? "commits" : entry.language): \(declaration.fact) = \(declaration.value) "
                + "(\(neutralized(declaration.file)): \(declaration.setting)\(declaration.line.map { ", line \($0)" } ?? ""))"
        }.joined(separator: "\n")
    }

    /// A JSON list on one line, keys sorted.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }
}
