/// Finds how commit messages are written: Conventional Commits (with the types and scopes in use) or
/// free-form, a pull-request number at the end of the subject, sign-off trailers, the mood of the subject's
/// verb and how long subjects run.
public struct CommitMessageMiner: Miner {
    public static let description = MinerDescription(
        identifier: "commit-message",
        version: 5,
        name: "Commit messages",
        summary: "Conventional Commits or free-form, the types and scopes in use, PR-number suffixes, sign-offs, imperative mood and subject length.",
        languages: [],
        distributions: Set([Counter.subjectLength, .area, .type, .scope].map(\.rawValue)),
        examples: [
            .shows(
                "", "",
                messages: [
                    "feat(parser): accept trailing commas (#12)", "fix: handle empty input (#13)",
                    "feat(cli): add --json (#14)", "docs: explain the store (#15)", "fix(parser): keep CRLF (#16)",
                ],
                expect: [
                    .commitConvention: .string("conventional"), .prNumberSuffix: .bool(true),
                    .imperativeMood: .bool(true), .subjectMaxLength: .int(50),
                ]),
            .contradicts(
                "", "",
                messages: [
                    "Add a parser for the config file", "Fix crash on empty input", "Update README",
                    "Make the store faster\n\nSigned-off-by: Ada <ada@example.com>", "Remove dead code",
                ], expect: [.commitConvention: .string("free-form"), .prNumberSuffix: .bool(false), .imperativeMood: .bool(true)]),
            .contradicts(
                "", "",
                messages: [
                    "Added a parser for the config file so that settings can be read from taste.toml", "Fixed crash on empty input",
                    "Updated README with the new installation steps and the list of supported languages",
                    "Made the store faster", "Removed dead code",
                ], expect: [.imperativeMood: .bool(false), .subjectMaxLength: .int(100)]),
        ]
    )

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case convention
        case type
        case scope
        case area
        case mood
        case subjectLength = "subject_length"
        case prSuffix = "pr_suffix"
        case signOff = "sign_off"
    }

    /// The topic of the rule this miner draws, `commits/message`.
    static let topic = "message"

    /// The subject limit the last version stated, and how far the percentile may move before it gives way.
    var heldSubjectLimit: Int?
    var holdBand = 0.0

    public init() {}

    public func observe(_ commit: CommitRecord, into sink: inout ObservationSink) {
        let subject = commit.summary.trimmingSpaces
        guard !subject.isEmpty, !Self.isMachineWritten(subject, commit: commit) else { return }
        var description = subject
        if let conventional = Self.parseConventional(subject) {
            sink.count(Counter.convention, "conventional", scope: "")
            sink.count(Counter.type, conventional.type, scope: "")
            if let scope = conventional.scope { sink.count(Counter.scope, scope, scope: "") }
            description = Self.afterPrefix(subject)
        } else if let area = Self.parseAreaPrefix(subject) {
            // "printer: fix …": the area of the code, not a Conventional Commits type.
            sink.count(Counter.convention, "free-form", scope: "")
            sink.count(Counter.area, area, scope: "")
            description = Self.afterPrefix(subject)
        } else {
            sink.count(Counter.convention, "free-form", scope: "")
        }
        if let mood = Self.mood(of: description) { sink.count(Counter.mood, mood.rawValue, scope: "") }
        sink.count(Counter.subjectLength, String(min(subject.count, 200)), scope: "", cite: false)
        sink.count(Counter.prSuffix, String(Self.hasPullRequestSuffix(subject)), scope: "")
        let signed = commit.message.contains("\nSigned-off-by: ")
        sink.count(Counter.signOff, String(signed), scope: "")
    }

    /// Merges, reverts, fixups, release versions and bots (dependabot, renovate, GitHub Actions) say nothing about how people write
    /// subjects: on psf/requests, dependabot's signed-off "Bump …" commits made the latest merges look signed off.
    static func isMachineWritten(_ subject: Substring, commit: CommitRecord) -> Bool {
        let author = (commit.authorName + " " + commit.authorEmail).lowercased()
        if author.contains("[bot]") || author.contains("dependabot") || author.contains("renovate") { return true }
        if commit.isMerge || subject.hasPrefix("Merge pull request") || subject.hasPrefix("Merge branch")
            || subject.hasPrefix("Merge remote-tracking branch")
        {
            return true
        }
        return subject.hasPrefix("Revert \"") || subject.hasPrefix("fixup!") || subject.hasPrefix("squash!")
            || isBareVersion(subject)
    }

    /// `1.0.4`, `v9.1.0`, `3.0.0-beta.1`: the subject `npm version` and release scripts write, whoever the author.
    static func isBareVersion(_ subject: Substring) -> Bool {
        let version = subject.hasPrefix("v") ? subject.dropFirst() : subject
        let core = version.prefix { $0 != "-" && $0 != "+" }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            && version.dropFirst(core.count).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-+.".contains($0)) }
    }

    /// Types of the Conventional Commits specification and its common presets (Angular, commitlint).
    static let conventionalTypes: Set<String> = [
        "feat", "fix", "docs", "doc", "style", "refactor", "perf", "test", "tests", "build", "ci", "chore",
        "revert", "deps", "release", "security", "wip", "types", "infra", "ops", "i18n", "improvement", "misc", "breaking",
    ]

    /// `type(scope)!: description`: a known type, or any lowercase word with a scope or a `!`.
    static func parseConventional(_ subject: Substring) -> (type: String, scope: String?)? {
        guard let parsed = parsePrefix(subject) else { return nil }
        guard conventionalTypes.contains(parsed.type) || parsed.scope != nil || parsed.breaking else { return nil }
        return (parsed.type, parsed.scope)
    }

    /// `area: description` where the area is not a Conventional Commits type (`printer: …`, `net/http: …`).
    static func parseAreaPrefix(_ subject: Substring) -> String? {
        guard let colon = subject.firstIndex(of: ":"), subject[subject.index(after: colon)...].first == " " else { return nil }
        let area = subject[..<colon]
        guard (1...30).contains(area.count), area.first?.isLetter == true, area.allSatisfy(isTokenCharacter) else { return nil }
        return String(area)
    }

    /// Types, scopes and areas end up in skill text: only plain identifier characters are kept.
    static func isTokenCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "-_./".contains(character))
    }

    static func parsePrefix(_ subject: Substring) -> (type: String, scope: String?, breaking: Bool)? {
        guard let colon = subject.firstIndex(of: ":") else { return nil }
        var head = subject[..<colon]
        let rest = subject[subject.index(after: colon)...]
        guard rest.first == " ", rest.count > 1 else { return nil }
        let breaking = head.last == "!"
        if breaking { head = head.dropLast() }
        var scope: String?
        if let open = head.firstIndex(of: "("), head.last == ")" {
            let inner = head[head.index(after: open)..<head.index(before: head.endIndex)]
            guard !inner.isEmpty, inner.count <= 40, inner.allSatisfy({ isTokenCharacter($0) || $0 == "," || $0 == " " }) else { return nil }
            scope = String(inner)
            head = head[..<open]
        }
        guard (1...12).contains(head.count), head.allSatisfy({ $0.isASCII && $0.isLetter && $0.isLowercase }) else { return nil }
        return (String(head), scope, breaking)
    }

    /// `… (#123)` at the end of the subject.
    static func hasPullRequestSuffix(_ subject: Substring) -> Bool {
        guard subject.hasSuffix(")"), let open = subject.lastIndex(of: "(") else { return false }
        let inner = subject[subject.index(after: open)..<subject.index(before: subject.endIndex)]
        return inner.first == "#" && inner.count > 1 && inner.dropFirst().allSatisfy(\.isNumber)
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        guard let stats = tallies.scopes[""], let convention = stats.dominant(Counter.convention),
            convention.observations >= 5
        else { return [] }
        var facts: [FactKey: FactValue] = [.commitConvention: .string(convention.value)]
        var lines: [String] = []
        // A mix names no one convention: saying "not Conventional Commits" where a quarter are would be wrong.
        let mixed = convention.share < SkillPolicy.standard.mixedShare
        if convention.value == "conventional" {
            let types = stats.ranked(Counter.type).filter { $0.share >= 0.02 }.prefix(10).map(\.value)
            let scopes = stats.ranked(Counter.scope).filter { $0.share >= 0.02 }.prefix(10).map(\.value)
            facts[.commitTypes] = .strings(Array(types))
            if !scopes.isEmpty { facts[.commitScopes] = .strings(Array(scopes)) }
            var line = "Write commit subjects as Conventional Commits, `type(scope): description`"
            if mixed { line += " (\(percent(convention.share)) of subjects are; the rest are free-form)" }
            line += types.isEmpty ? "." : ", with types \(types.map { "`\($0)`" }.joined(separator: ", "))"
            line += scopes.isEmpty ? "." : " and scopes such as \(scopes.prefix(6).map { "`\($0)`" }.joined(separator: ", "))."
            lines.append(line)
        } else if case let share = Self.weight(stats[Counter.area]) / max(Self.weight(stats[Counter.convention]), 1e-9), share >= 0.3 {
            let areas = stats.ranked(Counter.area).filter { $0.share >= 0.02 }.prefix(10).map(\.value)
            facts[.subjectPrefix] = .string("area")
            facts[.subjectAreas] = .strings(Array(areas))
            lines.append(
                "Start the commit subject with the area it touches, `area: description` (\(percent(share)) of subjects), with areas such as \(areas.prefix(6).map { "`\($0)`" }.joined(separator: ", ")). These are not Conventional Commits types."
            )
        } else if mixed {
            lines.append(
                "Write commit subjects as free-form sentences, as \(percent(convention.share)) of subjects are; the rest are Conventional Commits (`fix: …`), which are accepted too."
            )
        } else {
            lines.append("Write commit subjects as free-form sentences (not Conventional Commits): a capitalised summary of the change.")
        }
        // Each yes-or-no habit carries its own share: how clear it is decides whether it may replace a stated one.
        var factShares: [FactKey: Double] = [:]
        if let suffix = stats.dominant(Counter.prSuffix) {
            let uses = suffix.value == "true"
            facts[.prNumberSuffix] = .bool(uses)
            factShares[.prNumberSuffix] = suffix.share
            if uses { lines.append("End the subject with the pull request number, `(#123)`.") }
        }
        if let signOff = stats.dominant(Counter.signOff) {
            let signs = signOff.value == "true"
            facts[.signOff] = .bool(signs)
            factShares[.signOff] = signOff.share
            if signs { lines.append("Sign off every commit (`git commit -s`).") }
        }
        if let mood = Self.moodRule(stats) {
            facts[.imperativeMood] = .bool(mood.imperative)
            factShares[.imperativeMood] = mood.share
            lines.append(mood.line)
        }
        if let length = Self.subjectLengthRule(stats, holding: heldSubjectLimit, band: holdBand) {
            facts[.subjectMaxLength] = .int(length.limit)
            // A limit read from the latest ten merges is a guess, never a majority against the history's: the
            // weighted history moves it instead.
            factShares[.subjectMaxLength] = 0
            lines.append("Keep the subject within \(length.limit) characters (\(percent(length.share)) of subjects are).")
        }
        var draft = RuleDraft(
            topic: Self.topic, skill: .commits, language: nil, facts: facts, share: convention.share,
            support: Support(observations: convention.observations, agreeing: convention.agreeing, commits: convention.observations),
            statement: lines.joined(separator: " "), unit: "commits",
            evidence: [(key: Counter.convention.rawValue, value: convention.value)])
        draft.factShares = factShares
        return [draft]
    }
}

extension CommitMessageMiner: SteadyMiner {
    func holding(_ stated: [String: [String: FactValue]], policy: SkillPolicy) -> any Miner {
        var miner = self
        let id = RuleSynthesizer.ruleID(skill: .commits, topic: Self.topic, language: nil)
        if case .int(let limit)? = stated[id]?[FactKey.subjectMaxLength.rawValue] { miner.heldSubjectLimit = limit }
        miner.holdBand = policy.holdPercentileBand
        return miner
    }
}

extension CommitMessageMiner {
    static func weight(_ values: [String: TallyStat]) -> Double { values.values.reduce(0) { $0 + $1.weight } }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
