/// How a skill moves from one pass to the next when a person or the code's history says it should not
/// simply be replaced: pinned text that is only checked, and rules kept while the code is split.
extension Skill {
    /// Rules the last version had and this pass no longer supports stay, flagged stale: the code is split
    /// between conventions (a migration under way), and an agent should hear about it rather than lose the rule.
    /// Declared rules are only kept when the pass read configuration files (`declarationsRead`). A package
    /// folder's rule (`…@folder`) is an exception to the repository's: once the pass no longer finds the folder
    /// apart, it is retired, and the repository's rule covers the folder again (sinatra's and okio's folder line
    /// limits, kept as split, left their skills stale through their replays' ends). So is a rule in `retired`,
    /// whose code left the head.
    public static func keepingSplitRules(
        of latest: Skill, in mined: Skill, declarationsRead: Bool = true, retired: Set<String> = []
    ) -> Skill {
        var result = mined
        let present = Set(mined.rules.map(\.id)).union(retired)
        for var rule in latest.rules
        where !present.contains(rule.id) && Rule.parts(of: rule.id).folder == nil && (declarationsRead || rule.source != "declared") {
            if rule.source == "declared", rule.stale?.configFile == nil {
                // Only a configuration file stated it, and it no longer does.
                let files = Array(Set((rule.declared ?? []).map(\.file))).sorted().map(codeSpan).joined(separator: ", ")
                rule.stale = Drift(
                    reason: "\(files) no longer declares it (the file was removed or changed), and merged code has not shown it.",
                    observed: [:], counterEvidence: [], configFile: rule.declared?.first?.file)
            } else if rule.source != "declared", rule.stale == nil || rule.stale?.observed.isEmpty == false {
                rule.stale = Drift(
                    reason: "Recent merges no longer support this rule clearly: the code is split between conventions.",
                    observed: [:], counterEvidence: rule.stale?.counterEvidence ?? [])
            }
            rule.unconfirmed = nil
            result.rules.append(rule)
        }
        result.status = Skill.status(of: result.rules)
        return result
    }

    /// A configuration file that changes a fact, or starts declaring one, announces a convention the code
    /// has not caught up with: the rule is stale until merged code follows the file (or the file gives way).
    public static func flaggingChangedDeclarations(of latest: Skill, in mined: Skill) -> Skill {
        var result = mined
        for index in result.rules.indices {
            let rule = result.rules[index]
            guard rule.stale == nil, let before = latest.rules.first(where: { $0.id == rule.id }) else { continue }
            // A rule that already follows the file (a test runner's configuration) has nothing to catch up with.
            for declaration in rule.declared ?? [] where declaration.agrees == false && rule.facts[declaration.fact] != declaration.value {
                // A file that took over from another (`.prettierrc` to `prettier.config.js`) declaring the same value
                // announces nothing.
                let previous =
                    before.declared?.first { $0.file == declaration.file && $0.fact == declaration.fact }
                    ?? before.declared?.first { $0.tool == declaration.tool && $0.fact == declaration.fact }
                let stillFlagged = before.stale?.configFile == declaration.file && previous?.value == declaration.value
                guard previous?.value != declaration.value || stillFlagged else { continue }
                // A flag held pass after pass keeps the words it was raised with: by now the file's previous value
                // is the one it declares ("now declares 2 (was 2)").
                if stillFlagged, let held = before.stale {
                    result.rules[index].stale = held
                    result.rules[index].unconfirmed = nil
                    break
                }
                let was = previous.map { " (was \(DeclaredStyle.describe($0.value)))" } ?? ""
                let kept = rule.facts[declaration.fact].map(DeclaredStyle.describe) ?? "something else"
                result.rules[index].stale = Drift(
                    reason: "\(declaration.citation) now declares \(declaration.fact) \(DeclaredStyle.describe(declaration.value))\(was), "
                        + "but merged code still keeps \(kept): follow the code until merges follow the file.",
                    observed: [declaration.fact: declaration.value],
                    counterEvidence: [EvidenceLocation(commit: rule.evidence.first?.commit ?? "", path: declaration.file, line: declaration.line)],
                    configFile: declaration.file)
                result.rules[index].unconfirmed = nil
                break
            }
        }
        result.status = Skill.status(of: result.rules)
        return result
    }

    /// A pinned skill keeps its rules word for word; each is flagged stale where what mining now finds
    /// disagrees with it (other facts, or drift in the latest merges), with the figures of today.
    public static func checkPinned(_ frozen: Skill, against mined: Skill) -> Skill {
        var result = frozen
        result.rules = frozen.rules.map { rule in
            var rule = rule
            guard let now = mined.rules.first(where: { $0.id == rule.id }) else {
                rule.stale = Drift(reason: "Mining no longer finds support for this rule.", observed: [:], counterEvidence: [])
                return rule
            }
            rule.support = now.support
            rule.confidence = now.confidence
            rule.share = now.share
            rule.evidence = now.evidence
            if now.facts != rule.facts {
                let moved = now.facts.keys.sorted().filter { now.facts[$0] != rule.facts[$0] }
                    .map { "\($0) \(now.facts[$0]?.description ?? "none")" }.joined(separator: ", ")
                rule.stale = Drift(
                    reason: "Merged code now keeps \(moved); this rule is pinned, so its text stays as a person left it.",
                    observed: now.facts, counterEvidence: now.evidence)
            } else {
                rule.stale = now.stale
            }
            rule.unconfirmed = now.unconfirmed
            return rule
        }
        result.status = Skill.status(of: result.rules)
        result.pinned = nil
        result.muted = nil
        return result
    }
}
