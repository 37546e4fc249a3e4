/// The languages Taste reads, recognised by file name.
public enum Language: String, Sendable, CaseIterable, Codable, Comparable {
    case swift, python, javascript, typescript, go, rust, c, cpp, java, kotlin, ruby, csharp, php, scala, shell

    public static func < (lhs: Language, rhs: Language) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The language of a path, or nil when Taste does not mine it.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...].lowercased()
        guard let language = Self.byExtension[ext] else { return nil }
        self = language
    }

    private static let byExtension: [String: Language] = [
        "swift": .swift,
        "py": .python, "pyi": .python,
        "js": .javascript, "jsx": .javascript, "mjs": .javascript, "cjs": .javascript,
        "ts": .typescript, "tsx": .typescript, "mts": .typescript, "cts": .typescript,
        "go": .go,
        "rs": .rust,
        "c": .c, "h": .c,
        "cc": .cpp, "cpp": .cpp, "cxx": .cpp, "hpp": .cpp, "hh": .cpp, "hxx": .cpp,
        "java": .java,
        "kt": .kotlin, "kts": .kotlin,
        "rb": .ruby,
        "cs": .csharp,
        "php": .php,
        "scala": .scala,
        "sh": .shell, "bash": .shell,
    ]

    /// Name as people write it.
    public var displayName: String {
        switch self {
        case .swift: "Swift"
        case .python: "Python"
        case .javascript: "JavaScript"
        case .typescript: "TypeScript"
        case .go: "Go"
        case .rust: "Rust"
        case .c: "C"
        case .cpp: "C++"
        case .java: "Java"
        case .kotlin: "Kotlin"
        case .ruby: "Ruby"
        case .csharp: "C#"
        case .php: "PHP"
        case .scala: "Scala"
        case .shell: "Shell"
        }
    }

    /// Globs that cover the language's files, for a rule's scope.
    public var pathGlobs: [String] {
        Self.byExtension.filter { $0.value == self }.keys.sorted().map { "**/*.\($0)" }
    }
}

extension Language {
    /// A dense index, for tables kept per language.
    @inline(__always)
    var index: Int {
        switch self {
        case .swift: 0
        case .python: 1
        case .javascript: 2
        case .typescript: 3
        case .go: 4
        case .rust: 5
        case .c: 6
        case .cpp: 7
        case .java: 8
        case .kotlin: 9
        case .ruby: 10
        case .csharp: 11
        case .php: 12
        case .scala: 13
        case .shell: 14
        }
    }
}

extension Language {
    /// The languages one formatter's settings keep alike in a repository, this one first: Prettier, xo and ESLint
    /// format JavaScript and TypeScript from one configuration, clang-format C and C++ from one `.clang-format`.
    var formatterFamily: [Language] {
        switch self {
        case .javascript, .typescript: [self, self == .javascript ? .typescript : .javascript]
        case .c, .cpp: [self, self == .c ? .cpp : .c]
        default: [self]
        }
    }
}
