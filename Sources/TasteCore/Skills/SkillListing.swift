import Foundation

extension MinedRepository {
    /// The skills `taste skills` lists: every one, or with only the rules for `path` and/or `language`.
    public func skills(matchingPath path: String?, language: Language?) -> [Skill] {
        path == nil && language == nil ? skills : skills(forPath: path, language: language)
    }

    /// What `taste skills` prints: the repository and head, then each skill with its rules and their confidence.
    /// `filtered` says the list was narrowed to a path or language, for the message when it is empty.
    public func listing(_ skills: [Skill], filtered: Bool) -> String {
        guard !skills.isEmpty else {
            return "\(location): no skills \(filtered ? "apply" : "yet (too little history to support a rule)")."
        }
        var lines = ["\(location) @ \(head.prefix(10))"]
        for skill in skills {
            lines.append("")
            lines.append("\(skill.name) v\(skill.version) [\(skill.status.rawValue)]: \(skill.title)")
            for rule in skill.rules {
                lines.append("  - \(rule.statement) (confidence \(String(format: "%.2f", rule.confidence)))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
