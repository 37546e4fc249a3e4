import Foundation

/// The formats agents load.
public enum ExportFormat: String, Sendable, CaseIterable, Codable {
    /// `<dir>/<name>/SKILL.md` (default `.claude/skills/`), with long evidence in `references/`.
    case agentSkills = "agent-skills"
    /// A managed block in `AGENTS.md`; the rest of the file is left as it is.
    case agentsMD = "agents-md"
    /// `.cursor/rules/taste-<name>.mdc`.
    case cursor
    /// `.github/instructions/taste-<name>.instructions.md`.
    case copilot
    /// Import lines for the exported skills in `CLAUDE.md`, added once.
    case claudeMD = "claude-md"
}

/// Writes skills in the formats agents load. Every file goes through a `SafeFileWriter`: confined to its
/// folder, never through a link, atomic, and untouched when nothing changed. The same store always gives
/// the same bytes. A file taste writes whole carries its mark; one without it at a path taste would write is a
/// person's, and the export writes nothing unless forced.
public struct SkillExporter {
    public struct Result: Sendable, Equatable {
        public var written: [String] = []
        public var unchanged: [String] = []
        public var removed: [String] = []
        /// What had to be cut to respect a format's limits, one sentence each.
        public var notes: [String] = []
    }

    public static let maxSkillBodyLines = 500
    public static let maxAgentsFileBytes = 32 * 1024
    public static let maxRuleFileLines = 500
    static let blockBegin = "<!-- taste:begin: managed by taste, edits inside are replaced on export -->"
    static let blockEnd = "<!-- taste:end -->"
    /// Ends every file taste writes whole that does not already say so in its front matter.
    static let generatedMark = "<!-- taste:generated: written by taste export, replaced on the next one -->"

    /// Whether taste wrote `text`: its mark, the `generator` its SKILL.md front matter names, or the closing line
    /// rule files had before the mark existed.
    public static func isWrittenByTaste(_ text: String) -> Bool {
        text.contains(generatedMark) || text.contains("\n  generator: \"taste\"\n") || text.contains("\nMined by taste from merges up to ")
    }

    /// `text` with taste's mark at its end, unless it already shows one (a person's rewritten skill, or a
    /// repository's template, may have dropped the front matter's `generator`).
    static func marked(_ text: String) -> String {
        guard !isWrittenByTaste(text) else { return text }
        return text + (text.hasSuffix("\n\n") ? "" : text.hasSuffix("\n") ? "\n" : "\n\n") + generatedMark + "\n"
    }

    /// A file an export writes. Whole files are taste's alone; a shared one (AGENTS.md, CLAUDE.md) only gets
    /// taste's block replaced, so anyone may have written the rest.
    private struct PlannedFile {
        var writer: SafeFileWriter
        var path: String
        var text: String
        var whole: Bool
        /// What the result lists for it.
        var label: String
        /// A file whose being taste's vouches for this one: a skill's SKILL.md for its references/evidence.md.
        var vouchedBy: String?
    }

    public let renderer: SkillRenderer

    public init(renderer: SkillRenderer) { self.renderer = renderer }

    /// Agent Skills names: 1 to 64 of a-z, 0-9 and single inner hyphens.
    public static func isValidName(_ name: String) -> Bool {
        guard (1...64).contains(name.count), !name.hasPrefix("-"), !name.hasSuffix("-"), !name.contains("--") else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// The Agent Skills layout in `directory`.
    public func export(_ skills: [Skill], repository: String, head: String, to directory: String, force: Bool = false) throws -> Result {
        var result = Result()
        let exported = skills.filter { $0.status != .retired && $0.muted != true }
        let writer = try SafeFileWriter(root: directory)
        try write(try planAgentSkills(exported, repository: repository, head: head, writer: writer, into: &result), force: force, into: &result)
        try removeAgentSkills(notIn: exported, repository: repository, writer: writer, into: &result)
        return result
    }

    /// Every format in `formats`: Agent Skills into `skillsDirectory`, the others relative to `root`. Nothing
    /// is written when a file in the way was not written by taste, unless `force`.
    public func export(
        _ skills: [Skill], formats: [ExportFormat], repository: String, head: String,
        root: String, skillsDirectory: String, force: Bool = false
    ) throws -> Result {
        var result = Result()
        let exported = skills.filter { $0.status != .retired && $0.muted != true }
        for skill in exported where !Self.isValidName(skill.name) {
            throw TasteError.export("'\(skill.name)' is not a valid skill name")
        }
        let rootWriter = try SafeFileWriter(root: root)
        // The Agent Skills folder inside the root is reached without a link (a committed `.claude` link
        // could point anywhere); one outside it was named by the person running the export.
        let skillsPath = SafeFileWriter.normalize(skillsDirectory)
        if skillsPath.hasPrefix(rootWriter.root + "/") {
            try rootWriter.refuseLinks(along: String(skillsPath.dropFirst(rootWriter.root.count + 1)))
        }
        let skillsWriter = try SafeFileWriter(root: skillsDirectory)
        let cursor = RuleFiles(folder: ".cursor/rules", suffix: ".mdc", template: "cursor.mdc")
        let copilot = RuleFiles(folder: ".github/instructions", suffix: ".instructions.md", template: "copilot.instructions.md")
        // Every file is planned before any is written: a person's file in the way stops the whole export.
        var plan: [PlannedFile] = []
        for format in formats {
            switch format {
            case .agentSkills:
                plan += try planAgentSkills(exported, repository: repository, head: head, writer: skillsWriter, into: &result)
            case .agentsMD:
                plan.append(try planAgentsMD(exported, head: head, writer: rootWriter, into: &result))
            case .cursor:
                plan += try planRuleFiles(exported, cursor, repository: repository, head: head, writer: rootWriter, into: &result)
            case .copilot:
                plan += try planRuleFiles(exported, copilot, repository: repository, head: head, writer: rootWriter, into: &result)
            case .claudeMD:
                continue  // last, below: it imports the SKILL.md files the other formats wrote
            }
        }
        try write(plan, force: force, into: &result)
        for format in formats {
            switch format {
            case .agentSkills: try removeAgentSkills(notIn: exported, repository: repository, writer: skillsWriter, into: &result)
            case .cursor: try removeRuleFiles(notIn: exported, cursor, writer: rootWriter, into: &result)
            case .copilot: try removeRuleFiles(notIn: exported, copilot, writer: rootWriter, into: &result)
            case .agentsMD, .claudeMD: break
            }
        }
        if formats.contains(.claudeMD) {
            try exportClaudeMD(exported, skillsDirectory: skillsDirectory, writer: rootWriter, into: &result)
        }
        return result
    }

    /// Writes `plan` once no whole file in it is someone else's (or `force` says to take them over).
    private func write(_ plan: [PlannedFile], force: Bool, into result: inout Result) throws {
        if !force {
            for file in plan where file.whole {
                guard let data = try file.writer.read(file.path), data != Data(file.text.utf8) else { continue }
                if Self.isWrittenByTaste(String(decoding: data, as: UTF8.self)) { continue }
                if let voucher = file.vouchedBy, let other = try file.writer.read(voucher),
                    Self.isWrittenByTaste(String(decoding: other, as: UTF8.self))
                {
                    continue
                }
                throw TasteError.export("\(file.writer.root)/\(file.path) was not written by taste: move it away, or use --force to replace it")
            }
        }
        for file in plan {
            if try file.writer.write(file.text, to: file.path) == .written {
                result.written.append(file.label)
            } else {
                result.unchanged.append(file.label)
            }
        }
    }

    // MARK: Agent Skills

    private func planAgentSkills(
        _ skills: [Skill], repository: String, head: String, writer: SafeFileWriter,
        into result: inout Result
    ) throws -> [PlannedFile] {
        var plan: [PlannedFile] = []
        for skill in skills {
            guard Self.isValidName(skill.name) else { throw TasteError.export("'\(skill.name)' is not a valid skill name") }
            let (text, shortened) = try skillFile(skill, repository: repository, head: head)
            if shortened {
                result.notes.append("\(skill.name): evidence left to references/evidence.md to keep SKILL.md under \(Self.maxSkillBodyLines) lines")
            }
            // The quoted lines live one level down, in references/.
            let skillPath = "\(skill.name)/SKILL.md"
            let evidencePath = "\(skill.name)/references/evidence.md"
            let evidence = Self.marked(try renderer.render("evidence.md", renderer.context(for: skill, repository: repository, head: head)))
            plan.append(PlannedFile(writer: writer, path: evidencePath, text: evidence, whole: true, label: evidencePath, vouchedBy: skillPath))
            plan.append(PlannedFile(writer: writer, path: skillPath, text: text, whole: true, label: skill.name))
        }
        return plan
    }

    /// Folders of skills this repository no longer has, written by taste earlier, go; nothing else does.
    private func removeAgentSkills(notIn skills: [Skill], repository: String, writer: SafeFileWriter, into result: inout Result) throws {
        let names = Set(skills.map(\.name))
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: writer.root))?.sorted() ?? []
        for entry in entries where !names.contains(entry) && Self.isValidName(entry) {
            let file = "\(entry)/SKILL.md"
            guard let data = try? writer.read(file) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            guard text.contains("\n  generator: \"taste\"\n"), text.contains("\n  repository: \(yamlQuoted(repository))\n") else { continue }
            if (try? writer.read("\(entry)/references/evidence.md")) != nil { try writer.remove("\(entry)/references/evidence.md") }
            try writer.remove(file)
            result.removed.append(entry)
        }
    }

    /// The SKILL.md text as export writes it; `shortened` when its evidence was left to references/.
    public func skillFile(_ skill: Skill, repository: String, head: String) throws -> (text: String, shortened: Bool) {
        let text = Self.marked(try renderer.render(skill, repository: repository, head: head))
        guard text.split(separator: "\n", omittingEmptySubsequences: false).count > Self.maxSkillBodyLines else { return (text, false) }
        // Too long to load at once: the places stay in references/ only.
        return (Self.marked(try renderer.render(skill, repository: repository, head: head, inlineEvidence: false)), true)
    }

    // MARK: AGENTS.md and CLAUDE.md

    /// Import lines for the skills whose SKILL.md is there, by a path relative to CLAUDE.md, which Claude Code
    /// resolves from the file's own folder: an absolute one would break when the folders move or are shared.
    private func exportClaudeMD(_ skills: [Skill], skillsDirectory: String, writer: SafeFileWriter, into result: inout Result) throws {
        let folder = Self.absolute(skillsDirectory)
        let present = skills.filter { FileManager.default.fileExists(atPath: "\(folder)/\($0.name)/SKILL.md") }
        if present.isEmpty, !skills.isEmpty {
            result.notes.append("CLAUDE.md: no skill exported in \(skillsDirectory) to import; add --format agent-skills")
        } else if present.count < skills.count {
            let missing = skills.filter { skill in !present.contains { $0.name == skill.name } }.map(\.name)
            result.notes.append("CLAUDE.md: \(missing.joined(separator: ", ")) not exported in \(skillsDirectory), so not imported")
        }
        let base = Self.relativePath(from: Self.absolute(writer.root), to: folder)
        let lines = present.map { "@" + neutralized(base.isEmpty ? "" : base + "/") + "\($0.name)/SKILL.md" }
        let block = "Conventions mined from this repository's merges by taste (one skill per line):\n\n" + lines.joined(separator: "\n") + "\n"
        // Only taste's block in CLAUDE.md changes, so there is nobody's whole file to refuse.
        try write([try planBlock(in: "CLAUDE.md", with: block, writer: writer)], force: false, into: &result)
    }

    /// `path` made absolute against the current folder, with `.` and `..` resolved by name (links are not followed).
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The path from folder `base` to `target`, both absolute: `../x/y`, or "" for the same folder.
    static func relativePath(from base: String, to target: String) -> String {
        let from = base.split(separator: "/"), to = target.split(separator: "/")
        var shared = 0
        while shared < min(from.count, to.count), from[shared] == to[shared] { shared += 1 }
        return (Array(repeating: "..", count: from.count - shared) + to[shared...].map(String.init)).joined(separator: "/")
    }

    private func planAgentsMD(_ skills: [Skill], head: String, writer: SafeFileWriter, into result: inout Result) throws -> PlannedFile {
        let existing = try writer.read("AGENTS.md").map { String(decoding: $0, as: UTF8.self) } ?? ""
        let outside = Self.withoutBlock(existing).utf8.count
        var kept = skills
        var cut = 0
        while true {
            let block = try renderer.render("agents-md", agentsContext(kept, head: head))
            if outside + block.utf8.count + Self.blockBegin.utf8.count + Self.blockEnd.utf8.count + 4 <= Self.maxAgentsFileBytes
                || kept.allSatisfy(\.rules.isEmpty)
            {
                if cut > 0 {
                    result.notes.append(
                        "AGENTS.md: left out the \(cut) least confident rule\(cut == 1 ? "" : "s") to keep the file under \(Self.maxAgentsFileBytes / 1024) KiB"
                    )
                }
                return try planBlock(in: "AGENTS.md", with: block, writer: writer)
            }
            kept = Self.droppingWeakestRule(kept)
            cut += 1
        }
    }

    private func agentsContext(_ skills: [Skill], head: String) -> [String: Any] {
        [
            "minedThroughShort": String(head.prefix(10)),
            "skills": skills.filter { !$0.rules.isEmpty }.map { skill -> [String: Any] in
                var context = renderer.context(for: skill, repository: "", head: head)
                context["title"] = skill.title
                return context
            },
        ]
    }

    /// Puts `block` between taste's markers in `file`, leaving the rest of the file as it was.
    private func planBlock(in file: String, with block: String, writer: SafeFileWriter) throws -> PlannedFile {
        let existing = try writer.read(file).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let managed = Self.blockBegin + "\n" + block + Self.blockEnd
        var text: String
        if let begin = existing.range(of: Self.blockBegin), let end = existing.range(of: Self.blockEnd, range: begin.upperBound..<existing.endIndex) {
            text = existing.replacingCharacters(in: begin.lowerBound..<end.upperBound, with: managed)
        } else if existing.isEmpty {
            text = managed + "\n"
        } else {
            text = existing + (existing.hasSuffix("\n") ? "\n" : "\n\n") + managed + "\n"
        }
        if !text.hasSuffix("\n") { text += "\n" }
        return PlannedFile(writer: writer, path: file, text: text, whole: false, label: file)
    }

    static func withoutBlock(_ text: String) -> String {
        guard let begin = text.range(of: blockBegin), let end = text.range(of: blockEnd, range: begin.upperBound..<text.endIndex) else {
            return text
        }
        return text.replacingCharacters(in: begin.lowerBound..<end.upperBound, with: "")
    }

    static func droppingWeakestRule(_ skills: [Skill]) -> [Skill] {
        var weakest: (skill: Int, rule: Int, confidence: Double)?
        for (s, skill) in skills.enumerated() {
            for (r, rule) in skill.rules.enumerated() where rule.confidence < (weakest?.confidence ?? .infinity) {
                weakest = (s, r, rule.confidence)
            }
        }
        guard let weakest else { return skills }
        var result = skills
        result[weakest.skill].rules.remove(at: weakest.rule)
        return result
    }

    // MARK: Cursor and Copilot

    /// Where one rule-file format lives: `<folder>/taste-<name><suffix>`, rendered from `template`.
    private struct RuleFiles {
        var folder: String
        var suffix: String
        var template: String

        func file(_ name: String) -> String { "taste-\(name)\(suffix)" }
    }

    private func planRuleFiles(
        _ skills: [Skill], _ format: RuleFiles, repository: String, head: String, writer: SafeFileWriter, into result: inout Result
    ) throws -> [PlannedFile] {
        try skills.map { skill in
            let path = "\(format.folder)/\(format.file(skill.name))"
            var kept = skill
            func render() throws -> String {
                Self.marked(try renderer.render(format.template, renderer.context(for: kept, repository: repository, head: head)))
            }
            var text = try render()
            var cut = 0
            while text.split(separator: "\n", omittingEmptySubsequences: false).count > Self.maxRuleFileLines, !kept.rules.isEmpty {
                kept = Self.droppingWeakestRule([kept])[0]
                cut += 1
                text = try render()
            }
            if cut > 0 { result.notes.append("\(path): left out \(cut) rules to stay under \(Self.maxRuleFileLines) lines") }
            return PlannedFile(writer: writer, path: path, text: text, whole: true, label: path)
        }
    }

    /// Rule files of skills this repository no longer has, written by taste, go; people's files stay.
    private func removeRuleFiles(notIn skills: [Skill], _ format: RuleFiles, writer: SafeFileWriter, into result: inout Result) throws {
        let names = Set(skills.map { format.file($0.name) })
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: writer.root + "/" + format.folder))?.sorted() ?? []
        for entry in entries where entry.hasPrefix("taste-") && entry.hasSuffix(format.suffix) && !names.contains(entry) {
            let path = "\(format.folder)/\(entry)"
            guard let data = try? writer.read(path), Self.isWrittenByTaste(String(decoding: data, as: UTF8.self)) else { continue }
            try writer.remove(path)
            result.removed.append(path)
        }
    }
}
