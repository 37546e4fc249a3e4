import Foundation

/// How one skill moved between two states of the store.
public struct SkillChange: Sendable {
    public enum Kind: String, Sendable, Codable {
        case added, changed, newlyStale = "newly-stale", activeAgain = "active-again", retired, unchanged
    }

    public var name: String
    public var kind: Kind
    public var from: SkillVersionRecord?
    public var to: SkillVersionRecord?
    /// One line: what changed, in the facts' own words.
    public var summary: String
}

/// Compares skills between two states (two reviews, two commits, two versions) for `taste diff` and
/// `taste log`: a summary per skill, then a unified diff of the Markdown agents read.
public struct SkillReview {
    public let renderer: SkillRenderer
    public let repository: String

    public init(renderer: SkillRenderer, repository: String) {
        self.renderer = renderer
        self.repository = repository
    }

    /// Changes from `old` to `new` (skill name → version), skills in a stable order.
    public func compare(_ old: [String: SkillVersionRecord], _ new: [String: SkillVersionRecord]) -> [SkillChange] {
        Set(old.keys).union(new.keys).sorted().compactMap { name in
            let before = old[name], after = new[name]
            guard let after else {
                return before.map { SkillChange(name: name, kind: .retired, from: $0, to: nil, summary: "gone") }
            }
            guard let before else {
                return SkillChange(
                    name: name, kind: after.status == .retired ? .retired : .added, from: nil, to: after,
                    summary: "new: " + after.skill.rules.map(\.statement).joined(separator: " ").prefix(160))
            }
            if before.version == after.version {
                return SkillChange(name: name, kind: .unchanged, from: before, to: after, summary: "unchanged")
            }
            let kind: SkillChange.Kind
            switch (before.status, after.status) {
            case (_, .retired): kind = .retired
            case (let was, .stale) where was != .stale: kind = .newlyStale
            case (.stale, .active): kind = .activeAgain
            default: kind = .changed
            }
            return SkillChange(name: name, kind: kind, from: before, to: after, summary: Self.summarize(before.skill, after.skill))
        }
    }

    /// "indentation: indent_size 4 → 2; new rule line-length; stale: indentation (…)".
    public static func summarize(_ old: Skill, _ new: Skill) -> String {
        var parts: [String] = []
        let oldRules = Dictionary(old.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newRules = Dictionary(new.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for rule in new.rules {
            let topic = rule.id.split(separator: "/").last.map(String.init) ?? rule.id
            guard let before = oldRules[rule.id] else {
                parts.append("new rule \(topic)")
                continue
            }
            let keys = Set(before.facts.keys).union(rule.facts.keys).sorted()
            let moved = keys.compactMap { key -> String? in
                let was = before.facts[key], now = rule.facts[key]
                guard was != now else { return nil }
                return "\(key) \(was?.description ?? "none") → \(now?.description ?? "none")"
            }
            if !moved.isEmpty { parts.append("\(topic): " + moved.joined(separator: ", ")) }
            if rule.stale != nil && before.stale == nil { parts.append("stale: \(topic) (\(rule.stale?.reason ?? ""))") }
            if rule.stale == nil && before.stale != nil { parts.append("\(topic) active again") }
        }
        for rule in old.rules where newRules[rule.id] == nil {
            parts.append("rule \(rule.id.split(separator: "/").last.map(String.init) ?? rule.id) dropped")
        }
        if new.markdown != old.markdown { parts.append(new.markdown == nil ? "person's text dropped" : "text written by a person") }
        if old.status != new.status && parts.isEmpty { parts.append("\(old.status.rawValue) → \(new.status.rawValue)") }
        return parts.isEmpty ? "wording only" : parts.joined(separator: "; ")
    }

    /// The rendered Markdown of a version, as agents read it then.
    public func markdown(_ record: SkillVersionRecord?) throws -> String {
        guard let record else { return "" }
        var skill = record.skill
        skill.version = record.version
        skill.status = record.status
        return try renderer.render(skill, repository: repository, head: record.minedThrough)
    }

    /// The unified diff of one change's Markdown, labelled `name@version (commit)`.
    public func diff(_ change: SkillChange) throws -> String {
        func label(_ record: SkillVersionRecord?) -> String {
            record.map { "\(change.name)@\($0.version) (\($0.minedThrough.prefix(7)))" } ?? "/dev/null"
        }
        return LineDiff.unified(try markdown(change.from), try markdown(change.to), oldLabel: label(change.from), newLabel: label(change.to))
    }

    /// Each skill's latest version at or before `date`.
    public static func state(_ versions: [String: [SkillVersionRecord]], at date: Date) -> [String: SkillVersionRecord] {
        versions.compactMapValues { $0.last { $0.createdAt <= date } }
    }

    /// Each skill's latest version whose mining reached no further than `commit`.
    public static func state(
        _ versions: [String: [SkillVersionRecord]], asOf commit: String, in repository: GitRepository
    ) -> [String: SkillVersionRecord] {
        versions.compactMapValues { $0.last { repository.isAncestor($0.minedThrough, of: commit) } }
    }

    /// Each skill at the versions a review recorded.
    public static func state(_ versions: [String: [SkillVersionRecord]], reviewed: [String: Int]) -> [String: SkillVersionRecord] {
        var result: [String: SkillVersionRecord] = [:]
        for (name, records) in versions {
            if let version = reviewed[name], let record = records.first(where: { $0.version == version }) { result[name] = record }
        }
        return result
    }

    /// Each skill's newest version.
    public static func current(_ versions: [String: [SkillVersionRecord]]) -> [String: SkillVersionRecord] {
        versions.compactMapValues(\.last)
    }
}
