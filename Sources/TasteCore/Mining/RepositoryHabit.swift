/// A habit every language keeps alike (a final newline, trimmed lines, an indent, a line limit) is the repository's:
/// editors, hooks and `.editorconfig`'s `[*]` keep it for every file, whatever its language. A language with too few
/// changes for a rule of its own (two shell scripts beside a Swift package) is given the habit where every case it
/// shows keeps it too, backed by the figures of the whole repository: its own cases alone would be one author's
/// habit, the repository's are not.
struct RepositoryHabit {
    /// What one language too thin for a rule shows of the habit's facts: the values its cases lead with (none where
    /// it shows no case) and raw counts.
    struct ThinLanguage {
        var language: Language
        var facts: [FactKey: FactValue]
        var agreeing: Int
        var observations: Int
        var commits: Int
        /// The cases are the files at the head, not the merged history's.
        var atHead = false

        /// Its cases, all of which keep the habit, as a sentence's subject and verb: "all 3 Shell lines counted
        /// are clean", "the one Ruby file counted does", "both Shell files at the head do".
        func all(_ noun: String, _ plural: String, _ singular: String) -> String {
            let counted = atHead ? "at the head" : "counted"
            switch observations {
            case 1: return "the one \(language.displayName) \(noun) \(counted) \(singular)"
            case 2: return "both \(language.displayName) \(noun)s \(counted) \(plural)"
            default: return "all \(observations.formatted()) \(language.displayName) \(noun)s \(counted) \(plural)"
            }
        }
    }

    /// The facts the habit states, every language's rule alike.
    let facts: [FactKey: FactValue]
    /// The rules the habit rests on, one per language that has one, and their figures added up.
    let drafts: [RuleDraft]
    let total: Support

    /// The rule a lent rule takes its topic and cited evidence from: the one backed by the most commits.
    var template: RuleDraft? {
        drafts.max { ($0.support.commits, $1.language?.rawValue ?? "") < ($1.support.commits, $0.language?.rawValue ?? "") }
    }

    /// The value of the habit's leading fact.
    let value: FactValue

    /// The habit the languages' own rules state: the values of `fact` (and of each of `alongside` a rule states) the
    /// rules backed by the most cases state, where their cases keep it clearly among every language's (90% of them,
    /// each weighted by its age as the rules' shares are; the cases of a language keeping another value count against
    /// it; down to two thirds, see ``corroboratedShare``). werkzeug's few JavaScript files, indented by 2 beside
    /// 100,000 Python lines indented by 4, leave the habit the Python's. Only languages the head still holds count
    /// (`census`): jinja's C, gone since 2013, says nothing of how its shell scripts are indented now. A habit each
    /// language's formatter keeps its own way (a line limit: Black's 88 beside Prettier's 80) is no habit where any
    /// language keeps another (`unanimous`).
    init?(_ drafts: [RuleDraft], fact: FactKey, alongside: [FactKey] = [], unanimous: Bool = false, census: TreeCensus?) {
        let drafts = drafts.filter { draft in draft.language.map { census?.languages.contains($0) ?? true } ?? false }
        let keys = [fact] + alongside
        func values(_ draft: RuleDraft) -> [FactKey: FactValue] {
            keys.reduce(into: [:]) { values, key in values[key] = draft.facts[key.rawValue] }
        }
        let groups = Dictionary(grouping: drafts, by: values)
        func observations(_ drafts: [RuleDraft]) -> Int { drafts.reduce(0) { $0 + $1.support.observations } }
        // The most cases lead; a tie goes to the group whose first language sorts first, so a pass is repeatable.
        func first(_ drafts: [RuleDraft]) -> String { drafts.compactMap { $0.language?.rawValue }.min() ?? "" }
        guard
            let (facts, keepers) = groups.max(by: { a, b in
                (observations(a.value), first(b.value)) < (observations(b.value), first(a.value))
            }),
            let value = facts[fact]
        else { return nil }
        let keeping = keepers.reduce(0.0) { $0 + $1.share * Double($1.support.observations) }
        let all = Double(observations(drafts))
        // A unanimous habit is never one to corroborate: it is clear, or none.
        let least = unanimous ? Self.clearShare : Self.corroboratedShare
        guard keeping >= least * all, !unanimous || keepers.count == drafts.count else { return nil }
        needsCorroboration = keeping < Self.clearShare * all
        self.value = value
        self.facts = facts
        self.drafts = keepers
        dissenting = drafts.filter { values($0) != facts }
        total = keepers.reduce(into: Support(observations: 0, agreeing: 0, commits: 0)) { total, draft in
            total.observations += draft.support.observations
            total.agreeing += draft.support.agreeing
            total.commits += draft.support.commits
        }
    }

    /// The rules of languages that keep another value, too few beside the habit's to unmake it.
    let dissenting: [RuleDraft]

    /// The share of every language's cases the habit's must hold to be the repository's.
    static let clearShare = 0.9
    /// The share below which no habit is lent at all. Between the two, the habit is most of the code's but not
    /// clearly the repository's, and is lent only to a language whose own cases all keep it (`needsCorroboration`):
    /// markupsafe's one shell script indents its three lines by 4 as its Python does, while its C extension keeps tabs.
    static let corroboratedShare = 2.0 / 3.0
    let needsCorroboration: Bool

    /// Whom a lent rule follows: "as the other languages here do", or where some keep their own, "as most of the
    /// code here does (JavaScript keeps its own)".
    var followed: String {
        guard !dissenting.isEmpty else { return "as the other languages here do" }
        let own = proseList(dissenting.compactMap { $0.language?.displayName }.sorted())
        return "as most of the code here does (\(own) \(dissenting.count == 1 ? "keeps its" : "keep their") own)"
    }

    /// The rules lent to each thin language whose every case keeps the habit (but for a `slack` share of them) and
    /// which the head holds code of, not only tests (`census`; nothing is lent without one). A language that shows no
    /// case at all (scripts that indent no line) is lent the habit only where `unseen` allows. A rule cites the
    /// language's own cases, unless it has none or `citingLenders` (its own lines never reach a limit): then the
    /// lenders' cases. Figures add the language's own to every other language's (commits counted once per language
    /// they touched); `statement` is told the language and its own cases and writes what the rule says.
    func lent(
        to thin: [ThinLanguage], census: TreeCensus?, unit: String, unseen: Bool = false, citingLenders: Bool = false,
        slack: Double = 0, statement: (ThinLanguage) -> String
    ) -> [RuleDraft] {
        guard let census else { return [] }
        guard let template else { return [] }
        return thin.compactMap { language in
            let keeps =
                language.facts.allSatisfy { facts[$0.key] == $0.value }
                && Double(language.observations - language.agreeing) <= slack * Double(language.observations)
            guard language.observations > 0 ? keeps && !language.facts.isEmpty : unseen && !needsCorroboration,
                census.holdsCode(language.language), !drafts.contains(where: { $0.language == language.language })
            else { return nil }
            let support = Support(
                observations: total.observations + language.observations, agreeing: total.agreeing + language.agreeing,
                commits: total.commits + language.commits)
            var draft = RuleDraft(
                topic: template.topic, skill: .style(language.language), language: language.language,
                facts: facts,
                share: Double(support.agreeing) / Double(max(support.observations, 1)), support: support,
                statement: statement(language), unit: unit, evidence: template.evidence)
            draft.countedAtHead = template.countedAtHead
            draft.lent = true
            if citingLenders || language.observations == 0 { draft.citedScope = template.language?.rawValue }
            return draft
        }
    }

    /// What the habit rests on, as a sentence's end: "1,431 of 1,440 Swift and C files".
    func figures(_ noun: String) -> String {
        let languages = proseList(drafts.compactMap { $0.language?.displayName }.sorted())
        return "\(total.agreeing.formatted()) of \(total.observations.formatted()) \(languages) \(noun)"
    }
}
