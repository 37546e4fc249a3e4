/// `taste lint`'s engine: checks the lines a change adds against the mined rules that apply to each file's
/// language and folder, and that are active and confident enough to hold a change to.
public struct Linter: Sendable {
    /// Rules below this confidence do not report unless asked to.
    public static let defaultMinimumConfidence = 0.9
    /// Below this share a miner calls its rule mixed ("keep a file's own style"): nothing to hold a line to.
    static let mixedShare = SkillPolicy.standard.mixedShare

    public var minimumConfidence: Double
    /// Check every line of each changed file, not only the added ones.
    public var allLines: Bool
    /// Rule ids (or skill names) with the globs of the paths where they do not report: `.taste.toml`'s `[lint.ignore]`.
    public var ignores: [String: [String]]

    public init(minimumConfidence: Double = Linter.defaultMinimumConfidence, allLines: Bool = false, ignores: [String: [String]] = [:]) {
        self.minimumConfidence = minimumConfidence
        self.allLines = allLines
        self.ignores = ignores
    }

    /// What linting a change found.
    public struct Result: Sendable {
        public var findings: [Finding]
        /// Files read, and lines checked in them.
        public var files: Int
        public var checkedLines: Int
    }

    public func lint(_ files: [ChangedFile], with mined: MinedRepository) -> Result {
        lint(files, with: mined, neighbours: nil)
    }

    func lint(_ files: [ChangedFile], with mined: MinedRepository, neighbours: FolderNeighbours?) -> Result {
        var findings: [Finding] = []
        var read = 0
        var checkedLines = 0
        for change in files {
            guard let language = Language(path: change.path) else { continue }
            let rules = self.rules(for: change.path, language: language, in: mined)
            let file = LintedFile(change, language: language, allLines: allLines)
            file.neighbourSource = neighbours
            read += 1
            checkedLines += allLines ? change.lines.count : change.added.count
            guard !rules.isEmpty else { continue }
            let ignoredHere = ignores.filter { _, globs in globs.contains { Glob($0).matches(change.path) } }.keys
            var found: [Finding] = []
            for rule in rules where !ignoredHere.contains(where: { Self.names(rule.id, $0) }) {
                for check in LintChecks.all where rule.facts[check.fact] != nil {
                    for breach in check.breaches(of: rule, in: file) where !Self.isSilenced(rule.id, at: breach.line, in: file) {
                        found.append(
                            Finding(
                                path: change.path, line: breach.line, column: breach.column, rule: rule.id, problem: breach.problem,
                                sentence: rule.statement, confidence: rule.confidence, severity: Severity(confidence: rule.confidence),
                                fix: breach.fix))
                    }
                }
            }
            findings += found.sorted { ($0.line, $0.column, $0.rule) < ($1.line, $1.column, $1.rule) }
        }
        return Result(findings: findings, files: read, checkedLines: checkedLines)
    }

    /// The rules that hold `path` to something: active (not stale, not unconfirmed, not muted), confident
    /// enough, not mixed; of a repository-wide rule and a folder's own, the folder's.
    func rules(for path: String, language: Language, in mined: MinedRepository) -> [Rule] {
        let absolute = mined.workDirectory.map { $0 + "/" + path } ?? path
        var chosen: [String: Rule] = [:]
        for skill in mined.skills(forPath: absolute, language: language) where skill.muted != true && skill.status != .retired {
            for rule in skill.rules
            where rule.stale == nil && rule.unconfirmed == nil && rule.confidence >= minimumConfidence && rule.share >= Self.mixedShare {
                let base = Rule.parts(of: rule.id).base
                // The deepest folder's rule is the most specific: its id is the longest.
                if let kept = chosen[base], kept.id.count >= rule.id.count { continue }
                chosen[base] = rule
            }
        }
        return chosen.values.sorted { $0.id < $1.id }
    }

    /// Whether `name` names the rule `id`: the id itself, the id without its folder, or its skill.
    static func names(_ id: String, _ name: String) -> Bool {
        id == name || Rule.parts(of: id).base == name || id.prefix { $0 != "/" } == name
    }

    static let ignoreMarker = "taste-ignore"

    /// A `taste-ignore` comment on the line, or alone on the line above, silences every rule there; with
    /// `taste-ignore: a, b` only the rules (or skills) it names.
    static func isSilenced(_ id: String, at number: Int, in file: LintedFile) -> Bool {
        if let line = file.line(numbered: number), line.hasComment || line.startsInComment, silences(line.text, id) { return true }
        if let above = file.line(numbered: number - 1), above.isCommentOrProse, silences(above.text, id) { return true }
        return false
    }

    private static func silences(_ text: String, _ id: String) -> Bool {
        guard let marker = text.range(of: ignoreMarker) else { return false }
        let rest = text[marker.upperBound...]
        guard rest.first == ":" else { return true }
        let names = rest.dropFirst().split { $0 == "," || $0 == " " || $0 == "\t" }.map {
            $0.trimmingCharacters(in: .punctuationCharacters.subtracting(["-", "/", "@", "_"]))
        }
        return names.contains { !$0.isEmpty && Self.names(id, $0) }
    }
}
