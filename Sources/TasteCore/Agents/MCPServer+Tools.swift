import Foundation

extension MCPServer {
    /// What a tool answers: Markdown for the agent to read, and the same facts as JSON matching its `outputSchema`.
    struct ToolOutput {
        var text: String
        var structured: [String: Any]
    }

    /// A tool's arguments, each read as the type its input schema declares: a value of another type is an
    /// error naming the argument, never a silent default.
    struct ToolArguments {
        let values: [String: Any]

        init(_ values: [String: Any]) { self.values = values }

        /// The string argument `key`, or nil when it is absent (or null).
        func string(_ key: String) throws -> String? {
            guard let value = present(key) else { return nil }
            guard let text = value as? String else { throw RPCError(code: -32602, message: "\(key) must be a string") }
            return text
        }

        func requiredString(_ key: String) throws -> String {
            guard let text = try string(key), !text.isEmpty else { throw RPCError(code: -32602, message: "missing argument '\(key)'") }
            return text
        }

        /// The integer argument `key`, or nil when it is absent (or null). `7.0` is 7; `"7"`, `1.5` and `true` are errors.
        func integer(_ key: String) throws -> Int? {
            guard let value = present(key) else { return nil }
            // JSON true and false arrive as NSNumber too, and would read as 1 and 0.
            guard let number = value as? NSNumber, type(of: number) != type(of: NSNumber(value: true)), let integer = number as? Int else {
                throw RPCError(code: -32602, message: "\(key) must be an integer")
            }
            return integer
        }

        /// The number argument `key` (an integer or not), or nil when it is absent (or null).
        func number(_ key: String) throws -> Double? {
            guard let value = present(key) else { return nil }
            guard let number = value as? NSNumber, type(of: number) != type(of: NSNumber(value: true)) else {
                throw RPCError(code: -32602, message: "\(key) must be a number")
            }
            return number.doubleValue
        }

        func requiredInteger(_ key: String) throws -> Int {
            guard let integer = try integer(key) else { throw RPCError(code: -32602, message: "missing argument '\(key)'") }
            return integer
        }

        private func present(_ key: String) -> Any? {
            guard let value = values[key], !(value is NSNull) else { return nil }
            return value
        }
    }

    func callTool(_ name: String, _ arguments: ToolArguments) throws -> ToolOutput {
        // Arguments are checked before the store is read, so a malformed call is told so even before mining.
        switch name {
        case "list_skills":
            let mined = try load()
            let lines = mined.skills.map { skill in
                "- \(skill.name) v\(skill.version) [\(skill.status.rawValue)]: \(skill.description)\n"
                    + skill.rules.map { "  - \($0.statement)" }.joined(separator: "\n")
            }
            let text = "Skills of \(codeSpan(mined.record.name)) mined up to \(mined.head.prefix(10)):\n\n" + lines.joined(separator: "\n")
            return ToolOutput(text: text, structured: try contract(mined, mined.skills))
        case "get_skill":
            let skillName = try arguments.requiredString("name")
            let version = try arguments.integer("version")
            let mined = try load()
            if let version {
                let record = try versionRecord(skillName, version, mined)
                var then = mined
                then.record.head = record.minedThrough
                let text = Self.linkingEvidence(
                    try renderer(mined).render(record.skill, repository: mined.record.name, head: record.minedThrough), of: skillName)
                return ToolOutput(text: text, structured: try contract(then, [record.skill], markdown: text))
            }
            let skill = try mined.skill(named: skillName)
            let text = try render(skill, mined)
            return ToolOutput(text: text, structured: try contract(mined, [skill], markdown: text))
        case "skills_for_path":
            let path = try arguments.requiredString("path")
            let mined = try load()
            let skills = mined.skills(forPath: path, language: nil)
            let renderer = try renderer(mined)
            let text =
                skills.isEmpty
                ? "No mined rule applies to \(path)."
                : try skills.map { Self.linkingEvidence(try renderer.render($0, repository: mined.record.name, head: mined.head), of: $0.name) }
                    .joined(separator: "\n")
            return ToolOutput(text: text, structured: try contract(mined, skills, markdown: text))
        case "skill_diff":
            let skillName = try arguments.requiredString("name")
            let from = try arguments.requiredInteger("from")
            let wantedTo = try arguments.integer("to")
            let mined = try load()
            let versions = try reader.versions(repoID: mined.record.id ?? -1, skill: skillName)
            guard let latest = versions.last?.version else { throw TasteError.unknownSkill(skillName) }
            let to = wantedTo ?? latest
            let diff = LineDiff.unified(
                try renderVersion(skillName, from, mined), try renderVersion(skillName, to, mined),
                oldLabel: "\(skillName)@\(from)", newLabel: "\(skillName)@\(to)")
            return ToolOutput(
                text: diff.isEmpty ? "\(skillName)@\(from) and \(skillName)@\(to) read the same." : diff,
                structured: ["name": skillName, "from": from, "to": to, "diff": diff])
        case "lint_patch":
            let patch = try arguments.requiredString("patch")
            let minimum = try arguments.number("min_confidence") ?? Linter.defaultMinimumConfidence
            guard (0...1).contains(minimum) else { throw RPCError(code: -32602, message: "min_confidence must be from 0 to 1") }
            let target = try loadLintTarget()
            let result = try Linter(minimumConfidence: minimum).lint(.patch(patch), paths: [], in: target.repository, against: target.mined)
            let report = LintReport(result)
            guard let structured = try JSONSerialization.jsonObject(with: Data(try report.render(.json).utf8)) as? [String: Any] else {
                throw RPCError(code: -32603, message: "the findings did not encode as a JSON object")
            }
            return ToolOutput(text: try report.render(.text), structured: structured)
        case "fix_patch":
            let patch = try arguments.requiredString("patch")
            let minimum = try arguments.number("min_confidence") ?? Linter.defaultMinimumConfidence
            guard (0...1).contains(minimum) else { throw RPCError(code: -32602, message: "min_confidence must be from 0 to 1") }
            let target = try loadLintTarget()
            let result = try Fixer(minimumConfidence: minimum).fix(.patch(patch), paths: [], in: target.repository, against: target.mined)
            let report = FixReport(result)
            let repaired = report.repaired(patch)
            guard let structured = try JSONSerialization.jsonObject(with: Data(try report.json(patch: repaired).utf8)) as? [String: Any] else {
                throw RPCError(code: -32603, message: "the repair did not encode as a JSON object")
            }
            return ToolOutput(text: report.text(applied: false) + (result.changes.isEmpty ? "" : "\n" + repaired), structured: structured)
        default:
            throw RPCError(code: -32602, message: "unknown tool: \(name)")
        }
    }

    /// The JSON contract of `taste skills --json` for `skills`, with the Markdown the text content holds.
    private func contract(_ mined: MinedRepository, _ skills: [Skill], markdown: String? = nil) throws -> [String: Any] {
        guard var object = try JSONSerialization.jsonObject(with: Data(try mined.json(skills).utf8)) as? [String: Any] else {
            throw RPCError(code: -32603, message: "the skills did not encode as a JSON object")
        }
        if let markdown { object["markdown"] = markdown }
        return object
    }

    private func versionRecord(_ name: String, _ version: Int, _ mined: MinedRepository) throws -> SkillVersionRecord {
        let versions = try reader.versions(repoID: mined.record.id ?? -1, skill: name)
        guard let record = versions.first(where: { $0.version == version }) else {
            throw TasteError.usage("\(name) has no version \(version) (versions: \(versions.map { String($0.version) }.joined(separator: ", ")))")
        }
        return record
    }

    private func renderVersion(_ name: String, _ version: Int, _ mined: MinedRepository) throws -> String {
        let record = try versionRecord(name, version, mined)
        return try renderer(mined).render(record.skill, repository: mined.record.name, head: record.minedThrough)
    }

    // MARK: Tool list

    static var tools: [[String: Any]] {
        // Every tool reads the store and nothing else: it changes nothing, and calling it twice gives the same.
        func annotations(_ title: String) -> [String: Any] {
            ["title": title, "readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false]
        }
        return [
            [
                "name": "list_skills", "title": "List skills",
                "description": "List this repository's skills (conventions mined from its merged history): name, version, status and rules.",
                "inputSchema": ["type": "object", "properties": [String: Any]()],
                "outputSchema": contractSchema(withMarkdown: false),
                "annotations": annotations("List skills"),
            ],
            [
                "name": "get_skill", "title": "Get a skill",
                "description": "The Markdown of a skill: its current version, or an older one.",
                "inputSchema": [
                    "type": "object", "required": ["name"],
                    "properties": [
                        "name": ["type": "string", "description": "The skill's name, as list_skills gives it."],
                        "version": ["type": "integer", "minimum": 1, "description": "A version number; default: the current one."],
                    ],
                ],
                "outputSchema": contractSchema(withMarkdown: true),
                "annotations": annotations("Get a skill"),
            ],
            [
                "name": "skills_for_path", "title": "Skills for a path",
                "description": "The rules that apply to one file (by language and path), as Markdown. Call it before writing or editing the file.",
                "inputSchema": [
                    "type": "object", "required": ["path"],
                    "properties": ["path": ["type": "string", "description": "The file's path in the repository; it need not exist yet."]],
                ],
                "outputSchema": contractSchema(withMarkdown: true),
                "annotations": annotations("Skills for a path"),
            ],
            [
                "name": "skill_diff", "title": "Diff two versions of a skill",
                "description": "A unified diff between two versions of a skill's Markdown.",
                "inputSchema": [
                    "type": "object", "required": ["name", "from"],
                    "properties": [
                        "name": ["type": "string"],
                        "from": ["type": "integer", "minimum": 1, "description": "The older version."],
                        "to": ["type": "integer", "minimum": 1, "description": "The newer version; default: the current one."],
                    ],
                ],
                "outputSchema": [
                    "type": "object", "required": ["name", "from", "to", "diff"],
                    "properties": [
                        "name": ["type": "string"], "from": ["type": "integer"], "to": ["type": "integer"],
                        "diff": ["type": "string", "description": "A unified diff; empty when the versions read the same."],
                    ],
                ],
                "annotations": annotations("Diff two versions of a skill"),
            ],
            [
                "name": "lint_patch", "title": "Lint a patch",
                "description":
                    "Check the lines a unified diff adds against this repository's mined conventions (indentation, whitespace, "
                    + "quotes, line length, semicolons, blank lines). Call it on your own diff before proposing it.",
                "inputSchema": patchInput(confidenceNeededTo: "report"),
                "outputSchema": lintSchema,
                "annotations": annotations("Lint a patch"),
            ],
            [
                "name": "fix_patch", "title": "Fix a patch",
                "description":
                    "Repair the lines a unified diff adds to this repository's mined conventions (indentation, trailing whitespace, "
                    + "final newline, line endings, quotes, semicolons, blank lines); answers the repaired diff and each change. "
                    + "A repair that would change the code's tokens is not made.",
                "inputSchema": patchInput(confidenceNeededTo: "be applied"),
                "outputSchema": fixSchema,
                "annotations": annotations("Fix a patch"),
            ],
        ]
    }

    /// What `lint_patch` and `fix_patch` take: a patch, and the confidence a rule needs to `purpose`.
    static func patchInput(confidenceNeededTo purpose: String) -> [String: Any] {
        [
            "type": "object", "required": ["patch"],
            "properties": [
                "patch": ["type": "string", "description": "A unified diff, as `git diff` writes it."],
                "min_confidence": [
                    "type": "number", "minimum": 0, "maximum": 1,
                    "description": "The confidence a rule needs to \(purpose); default \(Linter.defaultMinimumConfidence).",
                ],
            ],
        ]
    }

    /// `taste lint --format json` as a JSON Schema.
    static var lintSchema: [String: Any] {
        let finding: [String: Any] = [
            "type": "object", "required": ["path", "line", "column", "rule", "problem", "sentence", "confidence", "severity"],
            "properties": [
                "path": ["type": "string"], "line": ["type": "integer"], "column": ["type": "integer"], "rule": ["type": "string"],
                "problem": ["type": "string"], "sentence": ["type": "string"], "confidence": ["type": "number"],
                "severity": ["enum": Severity.allCases.map(\.rawValue)],
                "fix": [
                    "type": "object", "required": ["summary"],
                    "properties": ["summary": ["type": "string"], "replacement": ["type": "string"]],
                ],
            ],
        ]
        return [
            "type": "object", "required": ["findings", "files", "checkedLines"],
            "properties": ["findings": ["type": "array", "items": finding], "files": ["type": "integer"], "checkedLines": ["type": "integer"]],
        ]
    }

    /// `taste fix --patch --format json` as a JSON Schema.
    static var fixSchema: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let change: [String: Any] = [
            "type": "object", "required": ["path", "line", "rule", "change"],
            "properties": ["path": string, "line": ["type": "integer"], "rule": string, "change": string],
        ]
        let note: [String: Any] = [
            "type": "object", "required": ["path", "reason"], "properties": ["path": string, "rule": string, "reason": string],
        ]
        return [
            "type": "object", "required": ["patch", "changes", "reverted", "skipped", "files"],
            "properties": [
                "patch": ["type": "string", "description": "The patch with its added lines repaired; the same patch when nothing needed it."],
                "changes": ["type": "array", "items": change], "reverted": ["type": "array", "items": note],
                "skipped": ["type": "array", "items": note], "failed": ["type": "array", "items": note], "files": ["type": "integer"],
            ],
        ]
    }

    /// The README's JSON contract as a JSON Schema: the keys it promises are required, and later keys are allowed.
    static func contractSchema(withMarkdown: Bool) -> [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let integer: [String: Any] = ["type": "integer"]
        let place: [String: Any] = [
            "type": "object", "required": ["commit"],
            "properties": ["commit": string, "path": string, "line": integer, "snippet": string],
        ]
        let fact: [String: Any] = ["type": ["string", "integer", "boolean", "array", "null"], "items": string]
        let rule: [String: Any] = [
            "type": "object",
            "required": ["id", "scope", "facts", "source", "confidence", "share", "support", "evidence", "statement", "unit"],
            "properties": [
                "id": string,
                "scope": [
                    "type": "object", "required": ["language", "paths"],
                    "properties": ["language": ["type": ["string", "null"]], "paths": ["type": "array", "items": string]],
                ],
                "facts": ["type": "object", "additionalProperties": fact],
                "source": ["enum": ["mined", "declared", "both"]],
                "confidence": ["type": "number", "minimum": 0, "maximum": 1],
                "share": ["type": "number", "minimum": 0, "maximum": 1],
                "support": [
                    "type": "object", "required": ["observations", "agreeing", "commits"],
                    "properties": ["observations": integer, "agreeing": integer, "commits": integer],
                ],
                "evidence": ["type": "array", "items": place],
                "statement": string, "unit": string, "unconfirmed": string,
                "stale": ["type": "object", "required": ["reason"], "properties": ["reason": string]],
                "declared": ["type": "array", "items": ["type": "object"]],
            ],
        ]
        let skill: [String: Any] = [
            "type": "object", "required": ["id", "name", "title", "description", "version", "status", "rules"],
            "properties": [
                "id": string, "name": string, "title": string, "description": string, "version": integer,
                "status": ["enum": ["active", "stale", "unconfirmed", "retired"]],
                "rules": ["type": "array", "items": rule],
                "pinned": ["type": "boolean"], "muted": ["type": "boolean"], "markdown": string,
            ],
        ]
        var properties: [String: Any] = ["repo": string, "head": string, "skills": ["type": "array", "items": skill]]
        var required = ["repo", "head", "skills"]
        if withMarkdown {
            properties["markdown"] = ["type": "string", "description": "The skills as Markdown, as the text content gives them."]
            required.append("markdown")
        }
        return ["type": "object", "required": required, "properties": properties]
    }
}
