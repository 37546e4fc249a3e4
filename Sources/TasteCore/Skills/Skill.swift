/// The skill a rule belongs to: a handful per repository, each a coherent thing an agent loads.
public enum SkillKind: Sendable, Hashable, Comparable {
    case style(Language)
    case testing
    case cochange
    case commits
    case dependencies

    public var name: String {
        switch self {
        case .style(let language): "\(language.rawValue)-style"
        case .testing: "testing"
        case .cochange: "co-change"
        case .commits: "commits"
        case .dependencies: "dependencies"
        }
    }

    public var title: String {
        switch self {
        case .style(let language): "\(language.displayName) style"
        case .testing: "Testing"
        case .cochange: "Changes that travel together"
        case .commits: "Commit messages"
        case .dependencies: "Dependencies"
        }
    }

    /// What an agent reads to decide whether to load the skill. A style skill names the topics its rules cover
    /// (`topics`, the rules' topics): C's skill speaks of no quotes or semicolons it holds no rule on.
    func description(languages: [Language], topics: Set<String> = []) -> String {
        switch self {
        case .style(let language):
            let globs = language.pathGlobs.map { $0.replacingOccurrences(of: "**/", with: "") }.joined(separator: ", ")
            return
                "How \(language.displayName) code is written in this repository: \(Self.styleSubjects(topics)). Use when writing or editing \(language.displayName) files (\(globs)) here."
        case .testing:
            let names = languages.map(\.displayName).joined(separator: ", ")
            return
                "Which test frameworks this repository uses\(names.isEmpty ? "" : " (\(names))") and how its tests are written. Use when adding or changing tests here."
        case .cochange:
            return
                "Which files and folders change together in this repository: the tests, changelog and docs a change to the code usually brings along. Use when changing code here, to know what else a complete change touches."
        case .commits:
            return
                "How commit messages are written in this repository: format, types and scopes, trailers. Use when writing a commit message or a pull request title here."
        case .dependencies:
            return
                "Which libraries this repository uses for common jobs (HTTP, tests, logging, command-line arguments, dates, errors) and which it replaced. Use when adding an import or a dependency here."
        }
    }

    /// Style topics in the words a description uses, formatting first; a topic a rule id may end with `@folder`.
    private static let formattingWords: [(topics: Set<String>, word: String)] = [
        (["indentation"], "indentation"), (["line-length"], "line length"),
        (["trailing-whitespace", "final-newline", "line-endings", "blank-lines"], "whitespace"), (["quotes"], "quotes"),
        (["semicolons"], "semicolons"), (["trailing-commas"], "trailing commas"), (["braces"], "braces"),
    ]
    private static let otherWords: [(topics: Set<String>, word: String)] = [
        (["naming", "file-naming"], "naming"), (["imports"], "imports"), (["docs"], "documentation"), (["errors"], "errors"),
        (["logging"], "logging"),
    ]

    /// "formatting (indentation, line length, whitespace), naming and imports": the subjects `topics` cover, or
    /// every subject a style skill can hold where none is known.
    static func styleSubjects(_ topics: Set<String>) -> String {
        let all = topics.isEmpty
        let formatting = formattingWords.filter { all || !$0.topics.isDisjoint(with: topics) }.map(\.word)
        var subjects = formatting.isEmpty ? [] : ["formatting (\(formatting.joined(separator: ", ")))"]
        subjects += otherWords.filter { all || !$0.topics.isDisjoint(with: topics) }.map(\.word)
        guard let last = subjects.popLast() else { return "its conventions" }
        return subjects.isEmpty ? last : subjects.joined(separator: ", ") + " and " + last
    }

    private var order: Int {
        switch self {
        case .style: 0
        case .testing: 1
        case .cochange: 2
        case .commits: 3
        case .dependencies: 4
        }
    }

    public static func < (lhs: SkillKind, rhs: SkillKind) -> Bool {
        (lhs.order, lhs.name) < (rhs.order, rhs.name)
    }
}

/// A skill's status: stale when merged code contradicts a rule, unconfirmed when nothing recent shows one.
public enum SkillStatus: String, Sendable, Codable, CaseIterable {
    case active, stale, unconfirmed, retired
}

/// One version of a skill: what an agent reads.
public struct Skill: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var title: String
    public var description: String
    public var version: Int
    public var status: SkillStatus
    public var rules: [Rule]
    /// A person froze its text: mining still checks it, and flags it stale, but never rewrites it.
    public var pinned: Bool?
    /// A person keeps it out of every export.
    public var muted: Bool?
    /// The Markdown a person wrote with `taste edit`: agents read it as it is.
    public var markdown: String?

    var semanticKey: String {
        // Rules as a set: a rule carried over from the last version (the code split mid-migration) comes after the
        // mined ones without making anything new.
        ([name, description, status.rawValue, markdown ?? ""] + rules.map(\.semanticKey).sorted()).joined(separator: "\n")
    }

    /// Stale when a rule is, else unconfirmed when a rule is, else active.
    static func status(of rules: [Rule]) -> SkillStatus {
        if rules.contains(where: { $0.stale != nil }) { return .stale }
        return rules.contains { $0.unconfirmed != nil } ? .unconfirmed : .active
    }
}

extension Skill {
    /// The version a person's edit makes of this one: the next number and their text; a pin or mute belongs to
    /// the skill, not to the version.
    func editedByPerson(_ markdown: String) -> Skill {
        var edited = self
        edited.version += 1
        edited.markdown = markdown
        edited.pinned = nil
        edited.muted = nil
        return edited
    }
}
