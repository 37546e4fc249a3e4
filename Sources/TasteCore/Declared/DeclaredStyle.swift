/// Declared configuration meets mined rules. A mined rule that a file confirms is `both`; one a file
/// contradicts stays `mined` and says which one the code follows; a fact only a file states becomes a
/// `declared` rule, for languages the repository has, with a confidence below what merged code earns.
public enum DeclaredStyle {
    /// Confidence of a rule no merged code has measured yet: a formatter rewrites the code to match its file,
    /// a linter or an editor setting is followed less reliably.
    static let formatterConfidence = 0.8
    static let otherConfidence = 0.6

    /// What the configuration files at the head of the repository at `path` declare, per language ("" for
    /// repository-wide facts), for `taste declared`.
    public static func declarations(inRepositoryAt path: String) throws -> [(language: String, declaration: ConfigDeclaration)] {
        let repository = try GitRepository(path: path)
        guard let head = try repository.headCommit() else { return [] }
        return read(repository, at: head).flatMap { fact in
            (fact.languages.map { $0.map(\.rawValue).sorted() } ?? [""]).map { ($0, fact.declaration) }
        }.sorted {
            ($0.language, $0.declaration.fact, $0.declaration.tool, $0.declaration.file) < (
                $1.language, $1.declaration.fact, $1.declaration.tool, $1.declaration.file
            )
        }
    }

    /// Every declaration in the repository's root configuration files at `commit`.
    static func read(_ repository: GitRepository, at commit: String) -> [DeclaredFact] {
        StyleConfigReaders.all { path in
            repository.fileContents(path, at: commit, maxBytes: 512 << 10).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Every file `read` looks at, in the order it does: the readers are asked with no file present, so each
    /// tries all the names it knows.
    static let files: [String] = {
        var asked: [String] = []
        _ = StyleConfigReaders.all { path in
            if !asked.contains(path) { asked.append(path) }
            return nil
        }
        return asked
    }()

    /// The rule topic (and skill) a declared-only fact belongs to, matching the miners' own topics.
    static let topics: [FactKey: String] = [
        .indentStyle: "indentation", .indentSize: "indentation", .maxLineLength: "line-length",
        .finalNewline: "final-newline", .trimTrailingWhitespace: "trailing-whitespace", .lineEndings: "line-endings",
        .quoteStyle: "quotes", .semicolons: "semicolons", .trailingCommas: "trailing-commas", .braceStyle: "braces",
        .importsSorted: "imports", .importsGrouped: "imports", .commitConvention: "message", .testFramework: "framework",
    ]

    static func apply(_ declared: [DeclaredFact], to grouped: inout [SkillKind: [Rule]], head: String) {
        guard !declared.isEmpty else { return }
        var covered: Set<String> = []  // "language:fact" measured by a mined rule
        for kind in grouped.keys {
            grouped[kind] = grouped[kind]?.map { rule in
                var rule = rule
                let language = rule.scope.language.flatMap(Language.init(rawValue:))
                let matching = declared.filter { fact in
                    guard rule.facts[fact.declaration.fact] != nil else { return false }
                    if fact.declaration.key == .indentSize, rule.facts[.indentStyle] == .string("tab") { return false }
                    guard let language else { return fact.languages == nil }
                    return fact.languages?.contains(language) == true
                }
                guard !matching.isEmpty else { return rule }
                for fact in matching { covered.insert("\(language?.rawValue ?? ""):\(fact.declaration.fact)") }
                compare(&rule, with: matching.map(\.declaration))
                return rule
            }
        }
        addDeclaredOnly(
            declared.filter { fact in
                let languages = fact.languages.map { $0.map(\.rawValue) } ?? [""]
                return !languages.contains { covered.contains("\($0):\(fact.declaration.fact)") }
            }, to: &grouped, head: head)
    }

    /// Marks each declaration as kept or not by the mined facts; the statement says which one the code follows.
    static func compare(_ rule: inout Rule, with declarations: [ConfigDeclaration]) {
        var checked = declarations.map { declaration -> ConfigDeclaration in
            var declaration = declaration
            declaration.agrees = rule.facts[declaration.fact] == declaration.value
            return declaration
        }
        checked.sort { ($0.tool, $0.file, $0.fact) < ($1.tool, $1.file, $1.fact) }
        rule.declared = checked
        rule.source = checked.contains { $0.agrees == true } ? "both" : "mined"
        // The runner a configuration names is what runs the tests now: older test files do not outvote it.
        if let runner = checked.first(where: { $0.tool == .runner && $0.agrees == false }), let key = runner.key {
            let kept = rule.facts[key].map(describe) ?? "something else"
            rule.facts[key] = runner.value
            rule.facts[.testFrameworks] = nil
            rule.source = "declared"
            rule.statement =
                "\(sentence(runner.fact, runner.value, facts: rule.facts) ?? "") \(runner.citation) runs it now; "
                + "most merged test files still keep \(kept)."
            return
        }
        for declaration in checked where declaration.agrees == false {
            let mined = rule.facts[declaration.fact].map(describe) ?? "something else"
            rule.statement +=
                " \(declaration.citation) declares \(declaration.fact) \(describe(declaration.value)), "
                + "but merged code keeps \(mined): follow the code."
        }
    }

    /// Rules for facts only configuration states, one per language and topic, for languages the repository has.
    private static func addDeclaredOnly(_ facts: [DeclaredFact], to grouped: inout [SkillKind: [Rule]], head: String) {
        let present = Set(
            grouped.keys.compactMap { kind -> Language? in
                if case .style(let language) = kind { return language }
                return nil
            })
        // (skill, language, topic) → declarations, the strongest tool first for each fact.
        var byRule: [String: (kind: SkillKind, language: Language?, topic: String, declarations: [ConfigDeclaration])] = [:]
        for fact in facts {
            guard let topic = fact.declaration.key.flatMap({ topics[$0] }) else { continue }
            let targets: [(SkillKind, Language?)] =
                fact.languages.map { languages in
                    languages.intersection(present).sorted().map {
                        (fact.declaration.key == .testFramework ? SkillKind.testing : SkillKind.style($0), Optional($0))
                    }
                } ?? [(.commits, nil)]
            for (kind, language) in targets {
                // The testing skill names the language in each rule's id, as the miners' rules do.
                let id = kind == .testing ? "testing/\(language?.rawValue ?? "")-\(topic)" : "\(kind.name)/\(topic)"
                guard !(grouped[kind] ?? []).contains(where: { $0.id == id }) else { continue }
                byRule[id, default: (kind, language, topic, [])].declarations.append(fact.declaration)
            }
        }
        for id in byRule.keys.sorted() {
            guard let entry = byRule[id] else { continue }
            let all = entry.declarations.sorted { ($0.tool, $0.file) < ($1.tool, $1.file) }
            var chosen: [String: ConfigDeclaration] = [:]
            for declaration in all where chosen[declaration.fact] == nil { chosen[declaration.fact] = declaration }
            if chosen[.indentStyle]?.value == .string("tab") { chosen[.indentSize] = nil }
            let facts = chosen.mapValues(\.value)
            let sentences = chosen.keys.sorted().compactMap { sentence($0, facts[$0] ?? .null, facts: facts) }
            guard !sentences.isEmpty else { continue }
            var seen: Set<String> = []
            var statement = sentences.filter { seen.insert($0).inserted }.joined(separator: " ")  // style and size share one
            let sources = Array(Set(chosen.values.map(\.citation))).sorted()
            statement += " Declared in \(sources.joined(separator: " and "))."
            let overruled = all.filter { declaration in chosen[declaration.fact].map { $0.value != declaration.value } ?? false }
            for other in overruled {
                statement += " \(other.citation) declares \(other.fact) \(describe(other.value)); the formatter's setting wins."
            }
            let strongest = chosen.values.map(\.tool).min() ?? .editor
            let decisive: Set<ConfigDeclaration.Tool> = [.formatter, .hook, .runner]
            let cited = chosen.values.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
            var evidence: [EvidenceLocation] = []
            for declaration in cited where !evidence.contains(where: { $0.path == declaration.file && $0.line == declaration.line }) {
                evidence.append(EvidenceLocation(commit: head, path: declaration.file, line: declaration.line))
            }
            grouped[entry.kind, default: []].append(
                Rule(
                    id: id, scope: RuleScope(language: entry.language), facts: facts, source: "declared",
                    confidence: decisive.contains(strongest) ? formatterConfidence : otherConfidence,
                    support: Support(observations: 0, agreeing: 0, commits: 0), evidence: Array(evidence.prefix(3)),
                    statement: statement, unit: "declarations", share: 1, stale: nil, declared: all))
        }
    }

    /// What a declared fact asks, in the imperative.
    static func sentence(_ fact: String, _ value: FactValue, facts: [String: FactValue]) -> String? {
        guard let key = FactKey(rawValue: fact) else { return nil }
        return switch (key, value) {
        case (.indentStyle, .string("tab")): "Indent with tabs."
        case (.indentStyle, .string("space")):
            if case .int(let size)? = facts[.indentSize] { "Indent with \(size) spaces." } else { "Indent with spaces." }
        case (.maxLineLength, .int(let limit)): "Keep lines within \(limit) characters."
        case (.finalNewline, .bool(true)): "End every file with a newline."
        case (.trimTrailingWhitespace, .bool(true)): "Leave no trailing whitespace."
        case (.lineEndings, .string(let endings)): "Use \(endings.uppercased()) line endings."
        case (.quoteStyle, .string(let style)): "Use \(style) quotes for strings."
        case (.semicolons, .bool(let ends)): ends ? "End statements with semicolons." : "Leave out semicolons at the end of statements."
        case (.trailingCommas, .string("multiline")): "Put a trailing comma after the last element of multi-line lists and calls."
        case (.trailingCommas, .string("never")): "Leave no trailing comma after the last element."
        case (.braceStyle, .string("same-line")): "Open braces at the end of the line."
        case (.braceStyle, .string("next-line")): "Put opening braces on a line of their own."
        case (.braceStyle, .string(BraceStyleMiner.nextLineForDeclarations)):
            "Put the opening brace of a type or function on a line of its own, and a control statement's at the end of its line."
        case (.braceStyle, .string(BraceStyleMiner.nextLineForControl)):
            "Put the opening brace of a type or function at the end of its line, and a control statement's on a line of its own."
        case (.importsSorted, .bool(true)): "Keep imports sorted."
        case (.importsGrouped, .bool(true)): "Group imports (standard library, third-party, this project), a blank line between groups."
        case (.commitConvention, .string("conventional")): "Write Conventional Commits subjects: `type(scope): description`."
        case (.testFramework, .string(let framework)): "Write tests with \(TestFrameworkMiner.displayNames[framework] ?? framework)."
        default: nil
        }
    }

    static func describe(_ value: FactValue) -> String {
        switch value {
        case .null: "no limit"
        default: value.description
        }
    }
}
