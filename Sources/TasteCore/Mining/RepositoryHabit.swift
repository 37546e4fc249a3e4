/// A habit every language keeps alike (a final newline, trimmed lines) is the repository's: editors and hooks keep
/// it for every file, whatever its language. A language with too few changes for a rule of its own (two shell
/// scripts beside a Swift package) is given the habit where every case it shows keeps it too, backed by the
/// figures of the whole repository: its own cases alone would be one author's habit, the repository's are not.
struct RepositoryHabit {
    /// What one language too thin for a rule shows of the habit's fact: its leading value and raw counts.
    struct ThinLanguage {
        var language: Language
        var value: FactValue
        var agreeing: Int
        var observations: Int
        var commits: Int

        /// Its cases, all of which keep the habit, as a sentence's subject and verb: "all 3 Shell lines counted
        /// are clean", "the one Ruby file counted does".
        func all(_ noun: String, _ plural: String, _ singular: String) -> String {
            observations == 1
                ? "the one \(language.displayName) \(noun) counted \(singular)"
                : "all \(observations.formatted()) \(language.displayName) \(noun)s counted \(plural)"
        }
    }

    let fact: FactKey
    let value: FactValue
    /// The rules the habit rests on, one per language that has one, and their figures added up.
    let drafts: [RuleDraft]
    let total: Support

    /// The habit the languages' own rules state: nil unless every one states the same value, and their cases together
    /// keep it clearly (90% of them, each weighted by its age as the rules' shares are).
    init?(_ drafts: [RuleDraft], fact: FactKey) {
        let values = Set(drafts.compactMap { $0.facts[fact.rawValue] })
        let observations = drafts.reduce(0.0) { $0 + Double($1.support.observations) }
        let keeping = drafts.reduce(0.0) { $0 + $1.share * Double($1.support.observations) }
        guard values.count == 1, let value = values.first, keeping >= 0.9 * observations else { return nil }
        self.fact = fact
        self.value = value
        self.drafts = drafts
        total = drafts.reduce(into: Support(observations: 0, agreeing: 0, commits: 0)) { total, draft in
            total.observations += draft.support.observations
            total.agreeing += draft.support.agreeing
            total.commits += draft.support.commits
        }
    }

    /// The rules lent to each thin language whose every case keeps the habit and which the head holds code of, not
    /// only tests (`census`; nothing is lent without one). Figures add the language's own to every other language's
    /// (commits counted once per language they touched); `statement` is told the language and its own cases and
    /// writes what the rule says.
    func lent(to thin: [ThinLanguage], census: TreeCensus?, unit: String, statement: (ThinLanguage) -> String) -> [RuleDraft] {
        guard let census else { return [] }
        guard let template = drafts.max(by: { ($0.support.commits, $1.language?.rawValue ?? "") < ($1.support.commits, $0.language?.rawValue ?? "") })
        else { return [] }
        return thin.compactMap { language in
            guard language.value == value, language.observations > 0, language.agreeing == language.observations,
                census.holdsCode(language.language), !drafts.contains(where: { $0.language == language.language })
            else { return nil }
            let support = Support(
                observations: total.observations + language.observations, agreeing: total.agreeing + language.agreeing,
                commits: total.commits + language.commits)
            var draft = RuleDraft(
                topic: template.topic, skill: .style(language.language), language: language.language, facts: [fact: value],
                share: Double(support.agreeing) / Double(max(support.observations, 1)), support: support,
                statement: statement(language), unit: unit, evidence: template.evidence)
            draft.countedAtHead = template.countedAtHead
            draft.lent = true
            return draft
        }
    }

    /// What the habit rests on, as a sentence's end: "1,431 of 1,440 Swift and C files".
    func figures(_ noun: String) -> String {
        let languages = proseList(drafts.compactMap { $0.language?.displayName }.sorted())
        return "\(total.agreeing.formatted()) of \(total.observations.formatted()) \(languages) \(noun)"
    }
}
