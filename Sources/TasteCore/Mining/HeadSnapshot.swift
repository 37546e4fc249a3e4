/// The code as it stands at the mined commit, counted by the miners whose facts a file holds whole
/// (``HeadReadingMiner``). Each file counts as one commit would: a value's `commits` is the number of files that
/// show it, so thresholds on commits read as thresholds on files.
struct HeadSnapshot: Sendable {
    /// Files read per language: enough to state a habit the tree keeps, few enough that a pass over a large tree
    /// stays a fraction of a second (a sample chosen by path hash, the same files pass after pass).
    static let filesPerLanguage = 256

    /// Each head-reading miner's tallies, by identifier.
    var tallies: [String: MinerTallies] = [:]
    /// Where the files at the head show each value, the first few by path: what a rule drawn from the head cites when
    /// no merge ever added a line showing it (chalk's JavaScript commas, all added by a formatter's sweep).
    private(set) var places: [TallyKey: [EvidenceLocation]] = [:]
    static let placesPerValue = 3
    /// What the same walk counts over the whole tree: the languages of every file, so that judging whether a rule's
    /// code left the head (``RuleSynthesizer/gone(_:in:at:languages:)``) walks the tree no second time, and the test
    /// files of each language. Nil where the tree could not be read.
    var census: TreeCensus?
    var languages: Set<Language>? { census?.languages }

    static func read(of miners: [any Miner], reading differ: CommitDiffer, at head: String) -> HeadSnapshot {
        let readers = miners.compactMap { $0 as? any HeadReadingMiner }
        let wanted = Set(readers.flatMap { type(of: $0).description.languages })
        let bytes = readers.map { type(of: $0).headBytes }.max() ?? 0
        var snapshot = HeadSnapshot()
        snapshot.census = differ.forEachFile(at: head, wanted: wanted.contains, perLanguage: filesPerLanguage, prefixBytes: bytes) { change in
            let file = SourceFile(change)
            for miner in readers where type(of: miner).description.languages.contains(change.language) {
                var sink = ObservationSink(miner: miner.identifier, commit: head)
                miner.observe(file, into: &sink)
                var tallies = snapshot.tallies[miner.identifier] ?? MinerTallies()
                var scopes: Set<String> = []
                for (key, count) in sink.counts {
                    scopes.insert(key.scope)
                    tallies.add(count, weight: Double(count), scope: key.scope, key: key.key, value: key.value)
                }
                for scope in scopes { tallies.scopes[scope, default: ScopeTallies()].commits += 1 }
                snapshot.tallies[miner.identifier] = tallies
                for (key, place) in sink.evidence { snapshot.keep(place, for: key) }
            }
        }
        return snapshot
    }

    /// Keeps `place` among the first few by path and line, whatever order the files were read in.
    private mutating func keep(_ place: EvidenceLocation, for key: TallyKey) {
        var kept = places[key, default: []]
        kept.append(place)
        kept.sort { ($0.path ?? "", $0.line ?? 0) < ($1.path ?? "", $1.line ?? 0) }
        places[key] = Array(kept.prefix(Self.placesPerValue))
    }

    /// The places at the head that show the values `counters` name, in `scope`, for a rule of `miner`'s.
    func places(miner: String, scope: String, counters: [(key: String, value: String)], limit: Int) -> [EvidenceLocation] {
        var found: [EvidenceLocation] = []
        for (key, value) in counters where found.count < limit {
            for place in places[TallyKey(miner: miner, scope: scope, key: key, value: value)] ?? []
            where found.count < limit && !found.contains(place) {
                found.append(place)
            }
        }
        return found
    }
}

/// What the files at the head keep of one categorical fact, where it is to replace what the merged history states.
struct HeadReplacement {
    /// The value the head keeps, its share of the head's cases and the files that show it.
    var value: String
    var share: Double
    var agreeing: Int
    var observations: Int
    var files: Int
    /// The leading value the head left, and the files that still show it; nil where the history leads with the
    /// head's value too, but not clearly.
    var left: String?
    var filesKeepingLeft: Int
}

extension ScopeTallies {
    /// The value the files at the head keep for `key`, where the merged history does not clearly state it: the head
    /// keeps it in at least `share` of its cases, over enough files for a rule, and each value that leads elsewhere
    /// (the merged history's, or the one a rule last stated) is either it or kept in at most a tenth of the head's
    /// cases. A change made in one merge (a migration, a formatter run) is then read at once; a tree still part-way
    /// there is left to the history's change points. `historyShare` is the history's share of its leading value,
    /// `leading[0]`.
    func replacement(of key: String, leading: [String], historyShare: Double, share: Double) -> HeadReplacement? {
        let ranked = ranked(key)
        guard let top = ranked.first, top.share >= share else { return nil }
        let shareOf = { (value: String) in ranked.first { $0.value == value }?.share ?? 0 }
        let others = leading.filter { $0 != top.value }
        guard others.allSatisfy({ shareOf($0) <= 0.1 }) else { return nil }
        // The history states the head's value as clearly: nothing to replace.
        guard !others.isEmpty || historyShare < share else { return nil }
        let files = top.stat.commits
        guard files >= MinimumEvidence.commits, confidence(share: top.share, commits: files) >= MinimumEvidence.confidence else { return nil }
        let left = others.first
        return HeadReplacement(
            value: top.value, share: top.share, agreeing: top.stat.count, observations: ranked.reduce(0) { $0 + $1.stat.count },
            files: files, left: left, filesKeepingLeft: left.flatMap { value in ranked.first { $0.value == value }?.stat.commits } ?? 0)
    }
}
