import Foundation

/// What `taste diff` prints: a heading, one line per changed skill, then the Markdown diffs.
public struct SkillDiff {
    /// Which two states were compared.
    public var heading: String
    /// The skills that changed, by name.
    public var changes: [SkillChange]
    /// The newest version of each skill when the diff was read: what marking it as reviewed records.
    public var current: [String: Int]
    let review: SkillReview

    /// The summary, then (unless `stat`) a unified diff per change. `color` paints markers and diff lines with
    /// ANSI codes; `markHint` ends with how to mark the state as reviewed.
    public func text(color: Bool, stat: Bool, markHint: Bool) throws -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        guard !changes.isEmpty else { return heading + ": none." }
        var lines = [heading, ""]
        for change in changes {
            let marker: String
            switch change.kind {
            case .added: marker = paint("+", "32")
            case .retired: marker = paint("-", "31")
            case .newlyStale: marker = paint("!", "33")
            default: marker = paint("~", "36")
            }
            let versions = [change.from.map { "v\($0.version)" }, change.to.map { "v\($0.version)" }].compactMap { $0 }.joined(separator: " → ")
            let status = change.kind == .newlyStale ? "stale" : change.kind == .activeAgain ? "active again" : versions
            lines.append(
                "  \(marker) \(change.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(status.padding(toLength: 12, withPad: " ", startingAt: 0)) \(change.summary)"
            )
        }
        if !stat {
            for change in changes {
                let diff = try review.diff(change)
                guard !diff.isEmpty else { continue }
                lines.append("")
                for line in diff.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                    if line.hasPrefix("+++") || line.hasPrefix("---") {
                        lines.append(paint(String(line), "1"))
                    } else if line.hasPrefix("@@") {
                        lines.append(paint(String(line), "36"))
                    } else if line.hasPrefix("+") {
                        lines.append(paint(String(line), "32"))
                    } else if line.hasPrefix("-") {
                        lines.append(paint(String(line), "31"))
                    } else {
                        lines.append(String(line))
                    }
                }
            }
        }
        if markHint { lines += ["", "Mark this state as reviewed with: taste diff --mark"] }
        return lines.joined(separator: "\n")
    }

    /// `taste diff --json`: `{"heading", "changes": [{"skill", "change", "summary", "from", "to"}]}`, keys
    /// sorted, versions null where a side has none.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(Document(heading: heading, changes: changes.map(Item.init))), as: UTF8.self)
    }

    private struct Document: Encodable {
        var heading: String
        var changes: [Item]
    }

    private struct Item: Encodable {
        var skill: String
        var change: SkillChange.Kind
        var summary: String
        var from: Int?
        var to: Int?

        init(_ change: SkillChange) {
            skill = change.name
            self.change = change.kind
            summary = change.summary
            from = change.from?.version
            to = change.to?.version
        }

        enum CodingKeys: String, CodingKey { case skill, change, summary, from, to }

        // Synthesized encoding would leave out a missing version; the contract has it as null.
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(skill, forKey: .skill)
            try container.encode(change, forKey: .change)
            try container.encode(summary, forKey: .summary)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
        }
    }
}
