/// The code as it stands at the mined commit, counted by the miners whose facts a file holds whole
/// (``HeadReadingMiner``). Each file counts as one commit would: a value's `commits` is the number of files that
/// show it, so thresholds on commits read as thresholds on files.
enum HeadSnapshot {
    /// Files read per language: enough to state a habit the tree keeps, few enough that a pass over a large tree
    /// stays a fraction of a second (a sample chosen by path hash, the same files pass after pass).
    static let filesPerLanguage = 400

    static func tallies(of miners: [any Miner], reading differ: CommitDiffer, at head: String) -> [String: MinerTallies] {
        let readers = miners.compactMap { $0 as? any HeadReadingMiner }
        guard !readers.isEmpty else { return [:] }
        let languages = Set(readers.flatMap { type(of: $0).description.languages })
        let bytes = readers.map { type(of: $0).headBytes }.max() ?? 0
        var result: [String: MinerTallies] = [:]
        for change in differ.files(at: head, wanted: languages.contains, perLanguage: filesPerLanguage, prefixBytes: bytes) {
            let file = SourceFile(change)
            for miner in readers where type(of: miner).description.languages.contains(change.language) {
                var sink = ObservationSink(miner: miner.identifier, commit: head)
                miner.observe(file, into: &sink)
                var tallies = result[miner.identifier] ?? MinerTallies()
                var scopes: Set<String> = []
                for (key, count) in sink.counts {
                    scopes.insert(key.scope)
                    var stat =
                        tallies.scopes[key.scope, default: ScopeTallies()].values[key.key, default: [:]][key.value]
                        ?? TallyStat(weight: 0, count: 0, commits: 0)
                    stat.weight += Double(count)
                    stat.recent += Double(count)
                    stat.count += count
                    stat.commits += 1
                    tallies.scopes[key.scope, default: ScopeTallies()].values[key.key, default: [:]][key.value] = stat
                }
                for scope in scopes { tallies.scopes[scope, default: ScopeTallies()].commits += 1 }
                result[miner.identifier] = tallies
            }
        }
        return result
    }
}
