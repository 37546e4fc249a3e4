/// What `taste miners` prints: every miner, then the other rule sources in the order they apply after them.
public struct MinerListing: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var identifier: String
        public var summary: String
        /// Languages for a miner ("commit messages" for one that reads them); file names for a rule source.
        public var reads: [String]

        public init(identifier: String, summary: String, reads: [String]) {
            self.identifier = identifier
            self.summary = summary
            self.reads = reads
        }
    }

    public var miners: [Entry]
    public var sources: [Entry]

    public init(miners: [any Miner], sources: [any RuleSource]) {
        self.miners = miners.map { miner in
            let description = type(of: miner).description
            return Entry(
                identifier: description.identifier, summary: description.summary,
                reads: description.languages.isEmpty ? ["commit messages"] : description.languages.map(\.rawValue))
        }
        self.sources = sources.map { source in
            let description = type(of: source).description
            return Entry(identifier: description.identifier, summary: description.summary, reads: description.reads)
        }
    }

    /// `identifier: summary` then `    reads: …` per entry; the rule sources under a heading of their own.
    public var text: String {
        func lines(_ entries: [Entry]) -> [String] {
            entries.map { "\($0.identifier): \($0.summary)\n    reads: \($0.reads.joined(separator: ", "))" }
        }
        var out = lines(miners)
        if !sources.isEmpty {
            out.append("\nRule sources, applied after the miners in this order:")
            out += lines(sources)
        }
        return out.joined(separator: "\n")
    }
}

extension MinerCatalogue {
    /// What `taste miners` lists: the miners Taste runs and the rule sources that follow them.
    public static var listing: MinerListing { MinerListing(miners: all, sources: RuleSourceCatalogue.all) }
}
