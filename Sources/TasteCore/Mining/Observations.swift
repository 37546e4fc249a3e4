/// A counter a miner keeps: in a scope (a language, or "" for the whole repository), a key and a value.
public struct TallyKey: Hashable, Sendable {
    public var miner: String
    public var scope: String
    public var key: String
    public var value: String
}

/// A place in history that shows a value: a line of a file, or a commit itself when `path` is nil.
public struct EvidenceLocation: Sendable, Hashable, Codable {
    public var commit: String
    public var path: String?
    public var line: Int?
    /// The cited line as it was added, cut to 200 characters and redacted of secrets.
    public var snippet: String?

    public init(commit: String, path: String?, line: Int?, snippet: String? = nil) {
        self.commit = commit
        self.path = path
        self.line = line
        self.snippet = snippet
    }
}

/// Where a miner writes what one commit shows. The pipeline sets `miner` and `commit` before each call.
public struct ObservationSink: Sendable {
    public internal(set) var miner: String
    public internal(set) var commit: String
    private var stored: [TallyKey: Int] = [:]
    /// The counter of the latest call, not yet in `stored`: miners count runs of the same value (line after
    /// line), and adding to it here saves hashing four strings per call.
    private var latest: (tally: TallyKey, amount: Int, cited: Bool)?
    /// One place per counter and commit: the first seen.
    public private(set) var evidence: [TallyKey: EvidenceLocation] = [:]

    public init(miner: String = "", commit: String = "") {
        self.miner = miner
        self.commit = commit
    }

    public var counts: [TallyKey: Int] {
        guard let latest else { return stored }
        var all = stored
        all[latest.tally, default: 0] += latest.amount
        return all
    }

    /// Counts `value` for `key` in `scope`; `path`/`line` keep one citable place for it.
    public mutating func count(
        _ key: String, _ value: String, scope: String, by amount: Int = 1,
        path: String? = nil, line: Int? = nil, cite: Bool = true
    ) {
        guard amount > 0 else { return }
        if let current = latest, current.cited || !cite, current.tally.value == value, current.tally.key == key,
            current.tally.scope == scope, current.tally.miner == miner
        {
            latest?.amount += amount
            return
        }
        settle()
        let tally = TallyKey(miner: miner, scope: scope, key: key, value: value)
        if cite, evidence[tally] == nil {
            evidence[tally] = EvidenceLocation(commit: commit, path: path, line: line)
        }
        latest = (tally, amount, cite || evidence[tally] != nil)
    }

    /// Moves the latest counter into the stored ones.
    private mutating func settle() {
        guard let current = latest else { return }
        stored[current.tally, default: 0] += current.amount
        latest = nil
    }

    public var isEmpty: Bool { stored.isEmpty && latest == nil }

    /// Empties the sink for another miner's counts, keeping its storage.
    mutating func reset(miner: String) {
        self.miner = miner
        stored.removeAll(keepingCapacity: true)
        evidence.removeAll(keepingCapacity: true)
        latest = nil
    }

    /// Adds what another sink counted, each language scope suffixed (`python@packages/api`) when given.
    mutating func absorb(_ other: ObservationSink, scopeSuffix: String = "") {
        settle()
        for (key, amount) in other.counts {
            var key = key
            if !key.scope.isEmpty { key.scope += scopeSuffix }
            stored[key, default: 0] += amount
        }
        for (key, place) in other.evidence {
            var key = key
            if !key.scope.isEmpty { key.scope += scopeSuffix }
            if evidence[key] == nil { evidence[key] = place }
        }
    }
}

/// A counter's totals over the mined history: `weight` favours recent commits, `count` is the raw count.
public struct TallyStat: Sendable, Equatable {
    public var weight: Double
    /// The same count weighted for the last few months only: where a convention just changed, this shows it first.
    public var recent: Double
    public var count: Int
    public var commits: Int

    public init(weight: Double, recent: Double? = nil, count: Int, commits: Int) {
        self.weight = weight
        self.recent = recent ?? weight
        self.count = count
        self.commits = commits
    }

    /// This count and `other` together, behind `commits` commits: their sum where no commit counted both (files at the
    /// head, each in one language), the larger where one may have.
    func adding(_ other: TallyStat, commits: Int) -> TallyStat {
        TallyStat(weight: weight + other.weight, recent: recent + other.recent, count: count + other.count, commits: commits)
    }
}

/// One miner's totals in one scope.
public struct ScopeTallies: Sendable {
    /// key → value → totals.
    public var values: [String: [String: TallyStat]] = [:]
    /// Distinct commits that counted anything here.
    public var commits: Int = 0

    public init(values: [String: [String: TallyStat]] = [:], commits: Int = 0) {
        self.values = values
        self.commits = commits
    }

    public subscript(key: String) -> [String: TallyStat] { values[key] ?? [:] }

    /// The value with the most weight for `key`, its weighted share, and raw counts.
    public func dominant(_ key: String) -> Dominant? {
        let stats = self[key]
        guard let top = stats.max(by: { ($0.value.weight, $1.key) < ($1.value.weight, $0.key) }) else { return nil }
        let totalWeight = stats.values.reduce(0) { $0 + $1.weight }
        let totalCount = stats.values.reduce(0) { $0 + $1.count }
        guard totalWeight > 0 else { return nil }
        return Dominant(
            value: top.key, share: top.value.weight / totalWeight, agreeing: top.value.count,
            observations: totalCount, commits: top.value.commits)
    }

    /// Values of `key` by weight, heaviest first, with their weighted shares.
    public func ranked(_ key: String) -> [(value: String, share: Double, stat: TallyStat)] {
        let stats = self[key]
        let total = stats.values.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return [] }
        return stats.map { (value: $0.key, share: $0.value.weight / total, stat: $0.value) }
            .sorted { ($0.share, $1.value) > ($1.share, $0.value) }
    }
}

public struct Dominant: Sendable, Equatable {
    public var value: String
    public var share: Double
    public var agreeing: Int
    public var observations: Int
    public var commits: Int
}

/// One miner's totals in every scope it counted in.
public struct MinerTallies: Sendable {
    public var scopes: [String: ScopeTallies]

    public init(scopes: [String: ScopeTallies] = [:]) { self.scopes = scopes }

    /// The repository-wide scopes, and each package folder's (`python@packages/api`) keyed by folder with
    /// plain language scopes, so that a miner reads a package's tallies as it reads the repository's.
    public func splitByFolder() -> (repository: MinerTallies, folders: [String: MinerTallies]) {
        var repository = MinerTallies()
        var folders: [String: MinerTallies] = [:]
        for (scope, tallies) in scopes {
            if let at = scope.firstIndex(of: "@") {
                folders[String(scope[scope.index(after: at)...]), default: MinerTallies()].scopes[String(scope[..<at])] = tallies
            } else {
                repository.scopes[scope] = tallies
            }
        }
        return (repository, folders)
    }

    /// The head's cases of `language` and of the other languages its formatter keeps alike
    /// (``Language/formatterFamily``), added up: nil where no other language of the family shows any. Counted at the
    /// head, a value's `commits` are files, each in one language, so they add up too.
    func family(of language: Language) -> ScopeTallies? {
        let members = language.formatterFamily.compactMap { scopes[$0.rawValue] }
        guard language.formatterFamily.dropFirst().contains(where: { scopes[$0.rawValue] != nil }) else { return nil }
        var pooled = ScopeTallies()
        for tallies in members {
            pooled.commits += tallies.commits
            for (key, values) in tallies.values {
                pooled.values[key, default: [:]].merge(values) { $0.adding($1, commits: $0.commits + $1.commits) }
            }
        }
        return pooled
    }

    /// Whether a language's own cases at the head, `count` of them in `files` files, are enough to say its code keeps
    /// what its formatter family keeps: more than one file's, or five. One file's three lists are one author's writing
    /// (ky's TypeScript declarations in 2019, the other way a month later).
    static func ownCasesSuffice(count: Int, files: Int) -> Bool { files >= 2 || count >= 5 }

    /// Scopes in a stable order.
    public var sortedScopes: [(scope: String, tallies: ScopeTallies)] {
        scopes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Adds one commit's (or one file's) `count` of `value` for `key` in `scope`, weighing `weight` now and recently.
    /// The scope's own commit count is the caller's: a commit counts once however many values it shows.
    mutating func add(_ count: Int, weight: Double, scope: String, key: String, value: String) {
        var stat = scopes[scope, default: ScopeTallies()].values[key, default: [:]][value] ?? TallyStat(weight: 0, recent: 0, count: 0, commits: 0)
        stat.weight += weight
        stat.recent += weight
        stat.count += count
        stat.commits += 1
        scopes[scope, default: ScopeTallies()].values[key, default: [:]][value] = stat
    }
}

// Miners name their counter keys with a nested `enum Counter: String`; these let them pass the case itself.
// The raw value is what the database stores, so a case's raw value must never change.

extension ObservationSink {
    /// Counts `value` for `counter` in `scope`, as `count(_:_:scope:…)` does for a string key.
    @inlinable
    public mutating func count<Counter: RawRepresentable<String>>(
        _ counter: Counter, _ value: String, scope: String, by amount: Int = 1,
        path: String? = nil, line: Int? = nil, cite: Bool = true
    ) {
        count(counter.rawValue, value, scope: scope, by: amount, path: path, line: line, cite: cite)
    }
}

extension ScopeTallies {
    public subscript<Counter: RawRepresentable<String>>(counter: Counter) -> [String: TallyStat] { self[counter.rawValue] }

    public func dominant<Counter: RawRepresentable<String>>(_ counter: Counter) -> Dominant? { dominant(counter.rawValue) }

    public func ranked<Counter: RawRepresentable<String>>(_ counter: Counter) -> [(value: String, share: Double, stat: TallyStat)] {
        ranked(counter.rawValue)
    }

    func share<Counter: RawRepresentable<String>>(
        of value: String, in counter: Counter
    ) -> (share: Double, agreeing: Int, observations: Int, commits: Int) {
        share(of: value, in: counter.rawValue)
    }
}
