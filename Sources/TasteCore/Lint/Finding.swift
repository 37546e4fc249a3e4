/// How much a finding matters, from the confidence of the rule it breaks.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case note, warning, error

    /// A rule the repository all but never breaks is an error to break; a confident one a warning; below
    /// the default threshold (shown only when asked for) a note.
    public init(confidence: Double) {
        self = confidence >= 0.95 ? .error : confidence >= Linter.defaultMinimumConfidence ? .warning : .note
    }

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// How to mend a finding.
public struct Fix: Sendable, Hashable, Codable {
    /// What to do, in a few words.
    public var summary: String
    /// The line as it should read, when the fix rewrites that one line.
    public var replacement: String?

    public init(_ summary: String, replacement: String? = nil) {
        self.summary = summary
        self.replacement = replacement
    }
}

/// One place where a change breaks a rule the repository keeps.
public struct Finding: Sendable, Hashable, Codable {
    /// Relative to the repository's root.
    public var path: String
    /// 1-based; the column counts Unicode scalars, a tab as one.
    public var line: Int
    public var column: Int
    /// The rule's id, `skill/rule` (with `@folder` for a folder's own rule).
    public var rule: String
    /// What is wrong at this place.
    public var problem: String
    /// The rule's own sentence, as agents read it.
    public var sentence: String
    public var confidence: Double
    public var severity: Severity
    public var fix: Fix?
}

/// Where a check found a rule broken, before the linter names the rule and the file.
struct Breach {
    var line: Int
    var column: Int
    var problem: String
    var fix: Fix?
}
