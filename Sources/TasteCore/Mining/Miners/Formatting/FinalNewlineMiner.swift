/// Finds whether files end with a newline. Counted where a change decided it: a new file, or a change
/// that added or removed the newline at the end.
public struct FinalNewlineMiner: Miner {
    public static let description = MinerDescription(
        identifier: "final-newline",
        version: 2,
        name: "Final newline",
        summary: "Whether files end with a newline.",
        languages: IndentationMiner.description.languages,
        examples: [
            .shows("a.py", "print('hi')\n", expect: [.finalNewline: .bool(true)]),
            .contradicts("a.py", "print('hi')", expect: [.finalNewline: .bool(false)]),
        ],
        editsConfirm: true
    )

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case finalNewline = "final_newline"
    }

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        guard let final = file.finalNewline else { return }
        sink.count(
            Counter.finalNewline, String(final), scope: file.language.rawValue,
            path: file.path, line: file.addedLines.last?.number)
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), stats.commits >= MinimumEvidence.commits,
                let final = stats.dominant(Counter.finalNewline), final.observations >= 5
            else { return nil }
            let ends = final.value == "true"
            return RuleDraft(
                topic: "final-newline", skill: .style(language), language: language,
                facts: [.finalNewline: .bool(ends)], share: final.share,
                support: Support(observations: final.observations, agreeing: final.agreeing, commits: stats.commits),
                statement: ends ? "End every file with a single newline." : "Files here end without a final newline; keep it that way.",
                unit: "files", evidence: [(key: Counter.finalNewline.rawValue, value: final.value)])
        }
    }
}
