import Foundation
import Mustache

/// Renders skills to Markdown from the templates in `skills-templates/`. A repository overrides a template by
/// committing a file of the same name under `.taste/templates/`.
public struct SkillRenderer: Sendable {
    public static let skillTemplate = "SKILL.md"

    private let library: MustacheLibrary
    private let overridden: Set<String>
    private let partials: [String: [String]]

    /// `overrides`: template name → text, from the repository; the embedded defaults fill the rest. Throws
    /// when a template does not parse or passes `TemplateLimits`, before anything is rendered.
    public init(overrides: [String: String] = [:]) throws {
        let templates = DefaultTemplates.all.merging(overrides, uniquingKeysWith: { _, override in override })
        overridden = Set(overrides.keys)
        partials = try TemplateLimits.check(templates, overridden: overridden, file: Self.file(overridden))
        var library = MustacheLibrary()
        for (name, text) in templates {
            do {
                try library.register(text, named: name)
            } catch {
                throw TasteError.export("template \(Self.file(overridden)(name)) does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// Where a template comes from, as a person finds it: the repository's file, else the built-in one.
    static func file(_ overridden: Set<String>) -> (String) -> String {
        { name in overridden.contains(name) ? "\(MinedRepository.templateFolder)/\(name).mustache" : "\(name).mustache (built in)" }
    }

    /// The SKILL.md text for a skill of `repository`, mined through `head`. With `inlineEvidence` false the
    /// evidence is left to `references/evidence.md`.
    public func render(_ skill: Skill, repository: String, head: String, inlineEvidence: Bool = true) throws -> String {
        if let written = skill.markdown { return Self.personText(written, of: skill) }
        var context = self.context(for: skill, repository: repository, head: head)
        context["inlineEvidence"] = inlineEvidence
        return try render(Self.skillTemplate, context)
    }

    /// A person's Markdown as they wrote it; when mining finds the skill stale, the warning and its reasons
    /// go right after the front matter, so that an agent reads them first.
    static func personText(_ written: String, of skill: Skill) -> String {
        var text = written.hasSuffix("\n") ? written : written + "\n"
        guard skill.status == .stale else { return text }
        let reasons = skill.rules.compactMap { rule in rule.stale.map { "- \(rule.id): \($0.reason)" } }
        let warning =
            "> ⚠ Stale: the latest merges contradict this skill. Follow what the latest merges do, and tell a person that this skill needs review.\n\n"
            + reasons.joined(separator: "\n") + "\n\n"
        if text.hasPrefix("---\n"), let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 4)..<text.endIndex) {
            text.insert(contentsOf: "\n" + warning, at: end.upperBound)
        } else {
            text = warning + text
        }
        return text
    }

    /// Renders a template with a context; blank-line runs left by empty sections are folded. Throws when
    /// the text passes `TemplateLimits.maxRenderedBytes`, so that no such file is written.
    public func render(_ template: String, _ context: [String: Any]) throws -> String {
        let budget = RenderBudget()
        var text = library.render(budget.wrap(context), withTemplate: template) ?? ""
        // Named only on failure: finding the repository's template behind this one walks the partials.
        func file() -> String { Self.file(overridden)(TemplateLimits.blamed(template, partials: partials, overridden: overridden)) }
        guard !budget.exceeded else {
            throw TasteError.export("template \(file()) visits more than \(RenderBudget.maxItems) list items: a list nested in itself?")
        }
        guard text.utf8.count <= TemplateLimits.maxRenderedBytes else {
            throw TasteError.export("template \(file()) renders more than \(TemplateLimits.maxRenderedBytes / 1024 / 1024) MiB")
        }
        text = Self.foldBlankLineRuns(text)
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    /// Three or more newlines in a row become two, in one pass over the bytes. Searching with one function and
    /// replacing with another never ended where they disagreed: Foundation leaves "\n\n\n" before a combining
    /// mark, which belongs to the last newline's character, while the byte search still finds it.
    static func foldBlankLineRuns(_ text: String) -> String {
        var folded: [UInt8] = []
        folded.reserveCapacity(text.utf8.count)
        var newlines = 0
        for byte in text.utf8 {
            newlines = byte == 0x0A ? newlines + 1 : 0
            if newlines <= 2 { folded.append(byte) }
        }
        return String(decoding: folded, as: UTF8.self)
    }

    /// Everything a template can say about one skill. Text from the repository is neutralized: a template puts
    /// it on a Markdown line, where a control character could end the line or reorder it.
    public func context(for skill: Skill, repository: String, head: String) -> [String: Any] {
        let globs = Array(Set(skill.rules.flatMap(\.scope.paths))).sorted()
        return [
            "name": skill.name,
            "title": neutralized(skill.title),
            "descriptionYAML": yamlQuoted(Self.fitDescription(skill.description)),
            "version": String(skill.version),
            "repositoryYAML": yamlQuoted(repository),
            "minedThrough": head,
            "minedThroughShort": String(head.prefix(10)),
            "intro": intro(for: skill),
            "isStale": skill.status == .stale,
            "globs": globs == ["**"] ? "" : neutralized(globs.joined(separator: ",")),
            "hasGlobs": globs != ["**"] && !globs.isEmpty,
            "alwaysApply": "false",
            "applyToYAML": yamlQuoted(globs.joined(separator: ",")),
            "hasDeclarations": !declarationLines(skill).isEmpty,
            "declarations": declarationLines(skill).map { ["line": neutralized($0)] },
            "rules": skill.rules.map { rule -> [String: Any] in
                [
                    "statement": neutralized(rule.statement),
                    "figures": figures(rule),
                    "stale": rule.stale != nil,
                    "staleReason": rule.stale.map { drift in
                        neutralized(drift.reason)
                            + (drift.counterEvidence.isEmpty
                                ? "" : " See " + drift.counterEvidence.map { "`\(place($0))`" }.joined(separator: ", ") + ".")
                    } ?? "",
                    "unconfirmed": rule.unconfirmed != nil,
                    "unconfirmedReason": neutralized(rule.unconfirmed ?? ""),
                    "topic": neutralized(topic(rule)),
                    "hasEvidence": !rule.evidence.isEmpty,
                    "evidence": rule.evidence.map { evidence -> [String: Any] in
                        var item: [String: Any] = ["place": place(evidence)]
                        if let snippet = evidence.snippet, !snippet.isEmpty { item["snippet"] = codeSpan(snippet) }
                        return item
                    },
                ]
            },
        ]
    }

    /// Agent Skills descriptions are 1 to 1024 characters.
    static func fitDescription(_ text: String) -> String {
        text.count <= 1024 ? text : String(text.prefix(1021)) + "..."
    }

    private func intro(for skill: Skill) -> String {
        let subject: String
        switch skill.name {
        case "commits": subject = "when you write a commit message in this repository"
        case "testing": subject = "when you write or change tests in this repository"
        case "dependencies": subject = "when you add an import or a dependency in this repository"
        case "co-change": subject = "when you change code in this repository, to make the change complete"
        default: subject = "when you write or change \(skill.title.replacingOccurrences(of: " style", with: "")) code in this repository"
        }
        return
            "Follow these rules \(subject). Each is what merged code actually does; the figures after it say how much of the recent history keeps it."
    }

    /// Where configuration files and merged code agree or differ, one line per file and fact: a file that speaks for
    /// several languages' rules alike (one runner configuration for JavaScript and TypeScript) is said once.
    private func declarationLines(_ skill: Skill) -> [String] {
        var seen: Set<String> = []
        return skill.rules.flatMap { rule -> [String] in
            (rule.declared ?? []).map { declaration in
                let said = "\(declaration.citation) declares `\(declaration.fact)` \(DeclaredStyle.describe(declaration.value))"
                switch declaration.agrees {
                case true?: return said + "; merged code keeps it."
                case false?:
                    return said + "; merged code keeps \(rule.facts[declaration.fact].map(DeclaredStyle.describe) ?? "something else") instead."
                case nil: return said + "; not measured in merged code yet."
                }
            }
        }
        .filter { seen.insert($0).inserted }
    }

    private func figures(_ rule: Rule) -> String {
        let support = rule.support
        if rule.unit == "manifests" {
            return "listed in the manifests at the mined commit; confidence \(String(format: "%.2f", rule.confidence))"
        }
        if rule.source == "declared" {
            return "declared, not yet measured in merged code; confidence \(String(format: "%.2f", rule.confidence))"
        }
        // The share printed is the counts' own: agreeing over the cases counted, never a weighted figure beside them.
        var text = "\(support.agreeing.formatted()) of \(support.observations.formatted()) \(rule.unit)"
        if support.observations > 0 { text += ", \(percent(Double(support.agreeing) / Double(support.observations)))" }
        if rule.unit != "commits" { text += ", in \(support.commits.formatted()) commits" }
        return text + "; confidence \(String(format: "%.2f", rule.confidence))"
    }

    private func topic(_ rule: Rule) -> String {
        let name = rule.id.split(separator: "/").last.map(String.init) ?? rule.id
        if let language = rule.scope.language.flatMap(Language.init(rawValue:)), rule.id.hasPrefix("testing/") {
            let kind = rule.id.hasSuffix("-layout") ? "layout" : rule.id.hasSuffix("-test-naming") ? "naming" : "framework"
            return "\(language.displayName) test \(kind)"
        }
        return name
    }

    private func place(_ evidence: EvidenceLocation) -> String {
        let commit = String(evidence.commit.prefix(10))
        guard let path = evidence.path else { return commit }
        // Inside a template's backticks: a backtick would end the span, a control character the line.
        let clean = neutralized(path).replacingOccurrences(of: "`", with: "'")
        return evidence.line.map { "\(commit) \(clean):\($0)" } ?? "\(commit) \(clean)"
    }
}
