/// Which case a set of names keeps, from tallies of `IdentifierCase` values.
struct CaseVerdict {
    var value: String
    /// Weighted share of the names that could disagree.
    var share: Double
    var agreeing: Int
    var observations: Int
    /// The raw value whose cited lines back the verdict.
    var evidenceValue: String
    /// The next value, with its share, when names are split.
    var runnerUp: (value: String, share: Double)?

    /// Go's names are MixedCaps whatever they are: the case of the first letter exports, it is not a choice.
    static let goMixedCaps = "camelCase-with-exported-Upper"

    /// The verdict for one kind of name, or nil when fewer than `minimum` names decide it.
    ///
    /// One-word lowercase names (`run`) count against an uppercase convention, but say nothing between
    /// snake_case and lowerCamelCase: there they are left out.
    static func decide(_ stats: [String: TallyStat], minimum: Int, minimumCommits: Int = 3, goStyle: Bool = false) -> CaseVerdict? {
        func stat(_ value: IdentifierCase) -> TallyStat { stats[value.rawValue] ?? TallyStat(weight: 0, count: 0, commits: 0) }
        if goStyle {
            // MixedCaps (either first letter) against snake_case and SCREAMING_SNAKE_CASE.
            let mixed: [IdentifierCase] = [.upperCamel, .lowerCamel, .lowerWord]
            let groups: [(value: String, members: [IdentifierCase])] = [
                (goMixedCaps, mixed), (IdentifierCase.snake.rawValue, [.snake]), (IdentifierCase.screaming.rawValue, [.screaming]),
            ]
            let weights = groups.map { $0.members.reduce(0) { $0 + stat($1).weight } }
            let counts = groups.map { $0.members.reduce(0) { $0 + stat($1).count } }
            let commits = groups.map { $0.members.map { stat($0).commits }.max() ?? 0 }
            let total = weights.reduce(0, +)
            // One-word names fit MixedCaps and snake_case alike: only names that could have had an underscore decide.
            let deciding = counts.reduce(0, +) - stat(.lowerWord).count
            guard deciding >= minimum, total > 0 else { return nil }
            let order = weights.indices.sorted { (weights[$0], $1) > (weights[$1], $0) }
            let top = order[0], next = order[1]
            guard commits[top] >= minimumCommits else { return nil }
            let evidence =
                top == 0
                ? ([IdentifierCase.upperCamel, .lowerCamel].max { stat($0).weight < stat($1).weight } ?? .upperCamel).rawValue
                : groups[top].value
            return CaseVerdict(
                value: groups[top].value, share: weights[top] / total, agreeing: counts[top],
                observations: counts.reduce(0, +), evidenceValue: evidence,
                runnerUp: weights[next] > 0 ? (groups[next].value, weights[next] / total) : nil)
        }
        let ranked = IdentifierCase.decisive.filter { stat($0).count > 0 }
            .sorted { (stat($0).weight, $1.rawValue) > (stat($1).weight, $0.rawValue) }
        guard let top = ranked.first else { return nil }
        let decisiveCount = ranked.reduce(0) { $0 + stat($1).count }
        var totalWeight = ranked.reduce(0) { $0 + stat($1).weight }
        var observations = decisiveCount
        let words = stat(.lowerWord)
        if top.startsUppercase {
            // Many one-word lowercase names against an uppercase convention: lowercase wins, but which one is unknown.
            guard words.weight <= stat(top).weight else { return nil }
            totalWeight += words.weight
            observations += words.count
        }
        guard decisiveCount >= minimum, stat(top).commits >= minimumCommits, totalWeight > 0 else { return nil }
        var runnerUp: (String, Double)?
        if ranked.count > 1 { runnerUp = (ranked[1].rawValue, stat(ranked[1]).weight / totalWeight) }
        if top.startsUppercase, words.weight > (runnerUp?.1 ?? 0) * totalWeight { runnerUp = ("lowercase", words.weight / totalWeight) }
        return CaseVerdict(
            value: top.rawValue, share: stat(top).weight / totalWeight, agreeing: stat(top).count,
            observations: observations, evidenceValue: top.rawValue, runnerUp: runnerUp)
    }
}
