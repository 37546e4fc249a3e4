/// How a skill moves from one pass to the next when a person or the code's history says it should not
/// simply be replaced: pinned text that is only checked, and rules kept while the code is split.
extension Skill {
    /// Rules the last version had and this pass no longer supports stay, flagged stale: the code is split
    /// between conventions (a migration under way), and an agent should hear about it rather than lose the rule.
    public static func keepingSplitRules(of latest: Skill, in mined: Skill) -> Skill {
        var result = mined
        let present = Set(mined.rules.map(\.id))
        for var rule in latest.rules where !present.contains(rule.id) {
            if rule.stale == nil || rule.stale?.observed.isEmpty == false {
                rule.stale = Drift(reason: "Recent merges no longer support this rule clearly: the code is split between conventions.",
                                   observed: [:], counterEvidence: rule.stale?.counterEvidence ?? [])
            }
            result.rules.append(rule)
        }
        if result.rules.contains(where: { $0.stale != nil }) { result.status = .stale }
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
                rule.stale = Drift(reason: "Merged code now keeps \(moved); this rule is pinned, so its text stays as a person left it.",
                                   observed: now.facts, counterEvidence: now.evidence)
            } else {
                rule.stale = now.stale
            }
            return rule
        }
        result.status = result.rules.contains { $0.stale != nil } ? .stale : .active
        result.pinned = nil
        result.muted = nil
        return result
    }
}
