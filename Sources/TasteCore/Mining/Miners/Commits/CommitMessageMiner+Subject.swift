/// The subject's verb and length: whether people write "Add …" or "Added …", and how long subjects run.
extension CommitMessageMiner {
    enum Mood: String {
        case imperative, past, thirdPerson = "third-person", gerund
    }

    /// Verbs that open commit subjects. Words that are as often nouns there ("Release 1.2", "Tests for …",
    /// "Docs: …") are left out: a subject is only judged on a word whose form is clear.
    static let verbs: Set<String> = [
        "accept", "add", "adjust", "allow", "apply", "avoid", "bump", "call", "change", "check", "clarify", "clean",
        "cleanup", "convert", "copy", "correct", "create", "declare", "default", "defer", "delete", "deprecate", "describe",
        "detect", "disable", "document", "downgrade", "drop", "emit", "enable", "ensure", "explain", "export", "expose",
        "extend", "extract", "fix", "format", "forward", "generate", "guard", "handle", "hide", "ignore", "implement",
        "improve", "include", "inline", "introduce", "keep", "limit", "load", "log", "lower", "make", "mark", "migrate",
        "move", "optimize", "optimise", "parse", "pass", "pin", "polish", "port", "prefer", "prepare", "preserve", "prevent",
        "print", "propagate", "raise", "read", "reduce", "refactor", "reformat", "register", "remove", "rename", "reorder",
        "reorganize", "replace", "report", "require", "reset", "resolve", "respect", "restore", "restrict", "return",
        "reuse", "revise", "rewrite", "rework", "run", "show", "simplify", "skip", "sort", "speed", "split", "stop",
        "store", "streamline", "strip", "support", "switch", "tidy", "track", "trim", "tweak", "unify", "update",
        "upgrade", "use", "validate", "warn", "wrap", "write",
    ]

    /// Irregular past forms of the verbs above.
    static let irregularPast: Set<String> = ["made", "kept", "ran", "wrote", "rewrote", "hid"]

    /// The subject's description after a `type(scope): ` or `area: ` prefix.
    static func afterPrefix(_ subject: Substring) -> Substring {
        guard let colon = subject.firstIndex(of: ":") else { return subject }
        return subject[subject.index(after: colon)...].trimmingSpaces
    }

    /// The mood of the description's first word, or nil when that word is not a verb this knows.
    static func mood(of description: Substring) -> Mood? {
        var text = description
        // "[docs] Fix …", "- Fix …"
        if text.first == "[", let close = text.firstIndex(of: "]") { text = text[text.index(after: close)...].trimmingSpaces }
        guard let first = text.split(separator: " ", maxSplits: 1).first else { return nil }
        let word = first.lowercased().filter { $0.isLetter || $0 == "'" }
        guard word.count >= 2, word.count <= 20 else { return nil }
        if word == "don't" || word == "do" { return .imperative }
        if verbs.contains(word) { return .imperative }
        if irregularPast.contains(word) { return .past }
        func known(_ stem: Substring) -> Bool { verbs.contains(String(stem)) }
        if word.hasSuffix("ies"), known(word.dropLast(3) + "y") { return .thirdPerson }
        if word.hasSuffix("es"), known(word.dropLast(2)) { return .thirdPerson }
        if word.hasSuffix("s"), known(word.dropLast()) { return .thirdPerson }
        if word.hasSuffix("ied"), known(word.dropLast(3) + "y") { return .past }
        if word.hasSuffix("ed") {
            let stem = word.dropLast(2)
            if known(stem) || known(stem + "e") || (stem.count > 2 && stem.last == stem.dropLast().last && known(stem.dropLast())) {
                return .past
            }
        }
        if word.hasSuffix("ing") {
            let stem = word.dropLast(3)
            if known(stem) || known(stem + "e") || (stem.count > 2 && stem.last == stem.dropLast().last && known(stem.dropLast())) {
                return .gerund
            }
        }
        return nil
    }

    static let moodExamples: [Mood: String] = [
        .past: "a past-tense verb (`Added …`, `Fixed …`)",
        .thirdPerson: "a verb in the third person (`Adds …`, `Fixes …`)",
        .gerund: "a verb in -ing (`Adding …`, `Fixing …`)",
    ]

    /// Whether subjects start with an imperative verb, once enough of them open with a verb whose form is clear.
    static func moodRule(_ stats: ScopeTallies) -> (imperative: Bool, share: Double, line: String)? {
        let moods = stats.ranked(Counter.mood)
        let observations = moods.reduce(0) { $0 + $1.stat.count }
        guard observations >= 5 else { return nil }
        let imperative = moods.first { $0.value == Mood.imperative.rawValue }?.share ?? 0
        if imperative >= 0.5 {
            let line =
                imperative >= 0.8
                ? "Start the subject with a verb in the imperative: `Add …`, `Fix …`, not `Added …` or `Fixes …`."
                : "Mostly imperative subjects (\(percent(imperative)) of those that open with a verb): prefer `Add …`, `Fix …`."
            return (true, imperative, line)
        }
        guard let top = moods.first, let mood = Mood(rawValue: top.value), let example = moodExamples[mood] else { return nil }
        let line =
            "Subjects open with \(example) more often than with an imperative (\(percent(top.share)) against \(percent(imperative))); keep to that."
        return (false, 1 - imperative, line)
    }

    /// The subject length most subjects keep: the 95th percentile, rounded up to the usual limits (50, 72, 100).
    /// A limit stated before (`held`) stands while the percentile less `band` of the subjects keep it, and gives
    /// way to a tighter one only when the percentile plus `band` keep that.
    static func subjectLengthRule(_ stats: ScopeTallies, holding held: Int? = nil, band: Double = 0) -> (limit: Int, share: Double)? {
        let lengths = stats[Counter.subjectLength].compactMap { key, stat in Int(key).map { ($0, stat) } }.sorted { $0.0 < $1.0 }
        let observations = lengths.reduce(0) { $0 + $1.1.count }
        let total = lengths.reduce(0) { $0 + $1.1.weight }
        // As few subjects as the convention itself needs: a fact that only showed up later would make a new version.
        guard observations >= 5, total > 0 else { return nil }
        func within(_ limit: Int) -> Double { lengths.filter { $0.0 <= limit }.reduce(0) { $0 + $1.1.weight } / total }
        let percentile = 0.95
        let limits = [50, 72, 100]
        if let held, limits.contains(held), within(held) >= percentile - band {
            let limit = limits.first { $0 < held && within($0) >= percentile + band } ?? held
            return (limit, within(limit))
        }
        guard let limit = limits.first(where: { within($0) >= percentile }) else { return nil }
        return (limit, within(limit))
    }
}
