/// A fact a configuration file states: `pyproject.toml` says black's `line-length = 88`.
public struct ConfigDeclaration: Sendable, Hashable, Codable {
    /// What kind of tool said it: a formatter rewrites code to match, a linter only complains, an editor
    /// setting only shapes new lines, a hook checks commit messages, a test runner's configuration says which
    /// framework runs the tests.
    public enum Tool: String, Sendable, Hashable, Codable, Comparable {
        case formatter, linter, editor, hook, runner

        var rank: Int {
            switch self {
            case .formatter: 0
            case .hook: 1
            case .linter: 2
            case .editor: 3
            case .runner: 4
            }
        }

        public static func < (lhs: Tool, rhs: Tool) -> Bool { lhs.rank < rhs.rank }
    }

    /// A ``FactKey``'s raw value, as stored.
    public var fact: String
    public var key: FactKey? { FactKey(rawValue: fact) }
    public var value: FactValue
    /// The file, relative to the repository root.
    public var file: String
    /// The line that says it; nil when the value is the tool's default.
    public var line: Int?
    /// The setting as a person looks it up: "black line-length", "[*.py] indent_size", "printWidth (default)".
    public var setting: String
    public var tool: Tool
    /// Whether merged code keeps it; nil for a fact no miner measured.
    public var agrees: Bool?

    public init(fact: FactKey, value: FactValue, file: String, line: Int?, setting: String, tool: Tool, agrees: Bool? = nil) {
        self.fact = fact.rawValue
        self.value = value
        self.file = file
        self.line = line
        self.setting = setting
        self.tool = tool
        self.agrees = agrees
    }

    /// "`pyproject.toml` (black line-length)".
    var citation: String {
        "\(codeSpan(file)) (\(setting)\(line.map { ", line \($0)" } ?? ""))"
    }
}

/// A declaration and the languages it covers: nil for repository-wide facts (commit messages).
struct DeclaredFact: Sendable, Hashable {
    var declaration: ConfigDeclaration
    var languages: Set<Language>?
}
