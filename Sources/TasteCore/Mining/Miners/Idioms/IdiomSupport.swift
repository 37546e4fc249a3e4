// Helpers the import, documentation, error and logging miners share: byte-level line views, which files
// are library code, and how a rule is put together from several facts, each stated only when clear.

/// A source line seen as bytes, without its indentation.
struct CodeLine {
    /// The text from its first non-blank byte.
    let body: Substring
    /// Spaces and tabs before it.
    let indent: Int

    init(_ text: String) {
        let bytes = text.utf8
        let start = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) ?? bytes.endIndex
        body = text[start...]
        indent = bytes.distance(from: bytes.startIndex, to: start)
    }

    var isBlank: Bool { body.utf8.isEmpty }

    @inline(__always)
    func starts(with prefix: String) -> Bool { body.utf8.starts(with: prefix.utf8) }

    @inline(__always)
    func contains(_ needle: String) -> Bool { body.containsBytes(needle) }

    /// The identifier that starts at `offset` bytes into the body, or nil.
    func word(at offset: Int) -> Substring? {
        let bytes = body.utf8
        guard let start = bytes.index(bytes.startIndex, offsetBy: offset, limitedBy: bytes.endIndex) else { return nil }
        let end = bytes[start...].firstIndex(where: { !isIdentifierByte($0) }) ?? bytes.endIndex
        guard start < end else { return nil }
        return body[start..<end]
    }
}

@inline(__always)
func isIdentifierByte(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte >= 0x80
}

/// Splits a line into words: identifiers and single punctuation bytes, spaces dropped. Only for the few
/// lines that already look like declarations.
func words(_ text: Substring) -> [Substring] {
    var result: [Substring] = []
    let bytes = text.utf8
    var index = bytes.startIndex
    while index < bytes.endIndex {
        let byte = bytes[index]
        if byte == 0x20 || byte == 0x09 {
            index = bytes.index(after: index)
        } else if isIdentifierByte(byte) {
            let end = bytes[index...].firstIndex(where: { !isIdentifierByte($0) }) ?? bytes.endIndex
            result.append(text[index..<end])
            index = end
        } else {
            let next = bytes.index(after: index)
            result.append(text[index..<next])
            index = next
        }
    }
    return result
}

/// A rule assembled from several facts. A fact is stated only where its share is clear; a split is said in
/// words with its figures and states no fact.
struct RuleComposer {
    struct Part {
        var share: Double
        var support: Support
        var unit: String
        var evidence: (key: String, value: String)?
        var fact: (key: FactKey, value: FactValue)?
        /// Counted over the files at the head (``HeadReadingMiner``), not over merged changes.
        var atHead = false
    }

    private var parts: [Part] = []
    private var sentences: [String] = []
    private var splits: [String] = []

    var isEmpty: Bool { parts.isEmpty }

    /// A fact the tallies support clearly.
    mutating func state(
        _ key: FactKey, _ value: FactValue, share: Double, support: Support, unit: String,
        evidence: (key: String, value: String)?, atHead: Bool = false, _ sentence: String
    ) {
        parts.append(Part(share: share, support: support, unit: unit, evidence: evidence, fact: (key, value), atHead: atHead))
        sentences.append(sentence)
    }

    /// A split the code keeps: said after the facts, not stated as one.
    mutating func mixed(share: Double, support: Support, unit: String, evidence: (key: String, value: String)?, _ sentence: String) {
        parts.append(Part(share: share, support: support, unit: unit, evidence: evidence, fact: nil))
        splits.append(sentence)
    }

    /// A yes-or-no fact: stated true above `high`, false below `low` (each clear in the raw counts too), and
    /// said as a split in between.
    mutating func boolean(
        _ fact: FactKey, _ figures: (share: Double, agreeing: Int, observations: Int, commits: Int),
        high: Double, low: Double, unit: String, key: String,
        whenTrue: String, whenFalse: String, mixed sentence: String
    ) {
        let support = Support(observations: figures.observations, agreeing: figures.agreeing, commits: figures.commits)
        if clearlyHigh(figures, high) {
            state(fact, .bool(true), share: figures.share, support: support, unit: unit, evidence: (key, "true"), whenTrue)
        } else if clearlyLow(figures, low) {
            let against = Support(observations: figures.observations, agreeing: figures.observations - figures.agreeing, commits: figures.commits)
            state(fact, .bool(false), share: 1 - figures.share, support: against, unit: unit, evidence: (key, "false"), whenFalse)
        } else {
            mixed(share: max(figures.share, 1 - figures.share), support: support, unit: unit, evidence: (key, "true"), sentence)
        }
    }

    /// A fact with one value among several: stated when the leading value's share reaches `threshold` (and
    /// `clear`, where a miner asks more of it), said as a split otherwise. The sentences are made only when said.
    mutating func categorical(
        _ fact: FactKey, _ leading: Dominant, threshold: Double, clear: Bool = true, unit: String, key: String,
        stated: () -> String, mixed sentence: () -> String
    ) {
        let support = Support(observations: leading.observations, agreeing: leading.agreeing, commits: leading.commits)
        if leading.share >= threshold, clear {
            state(fact, .string(leading.value), share: leading.share, support: support, unit: unit, evidence: (key, leading.value), stated())
        } else {
            mixed(share: leading.share, support: support, unit: unit, evidence: (key, leading.value), sentence())
        }
    }

    /// One rule: its share and support are those of its first stated fact (or of the split, when nothing is clear).
    func draft(topic: String, language: Language) -> RuleDraft? {
        guard let lead = parts.first(where: { $0.fact != nil }) ?? parts.first else { return nil }
        var facts: [FactKey: FactValue] = [:]
        var shares: [FactKey: Double] = [:]
        for part in parts {
            guard let fact = part.fact else { continue }
            facts[fact.key] = fact.value
            shares[fact.key] = part.share
        }
        // The lead's places first: they back the rule's own figures.
        let evidence = ([lead.evidence] + parts.map(\.evidence)).compactMap { $0 }
        var unique: [(key: String, value: String)] = []
        for item in evidence where !unique.contains(where: { $0.key == item.key && $0.value == item.value }) { unique.append(item) }
        var draft = RuleDraft(
            topic: topic, skill: .style(language), language: language, facts: facts, share: lead.share,
            support: lead.support, statement: (sentences + splits).joined(separator: " "), unit: lead.unit,
            evidence: unique)
        draft.factShares = shares
        draft.countedAtHead = lead.atHead
        return draft
    }
}

extension ScopeTallies {
    /// The weighted share and raw counts of `value` among all values of `key`.
    func share(of value: String, in key: String) -> (share: Double, agreeing: Int, observations: Int, commits: Int) {
        let stats = self[key]
        let total = stats.values.reduce(0) { $0 + $1.weight }
        let observations = stats.values.reduce(0) { $0 + $1.count }
        let commits = stats.values.map(\.commits).max() ?? 0
        guard total > 0 else { return (0, 0, observations, commits) }
        let stat = stats[value]
        return ((stat?.weight ?? 0) / total, stat?.count ?? 0, observations, commits)
    }
}

extension CodeLine {
    /// `needle` occurs where a token starts: not after an identifier byte or a dot (`log.` is not `slog.`).
    func containsToken(_ needle: String) -> Bool {
        guard body.containsBytes(needle) else { return false }  // fast rejection; the scan below runs on hits only
        let text = Array(body.utf8)
        let pattern = Array(needle.utf8)
        guard pattern.count <= text.count else { return false }
        for start in 0...(text.count - pattern.count) where text[start] == pattern[0] {
            if start > 0, isIdentifierByte(text[start - 1]) || text[start - 1] == UInt8(ascii: ".") { continue }
            if text[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }

    /// The identifier right after the first occurrence of `keyword` (`raise ValueError(` → `ValueError`).
    func word(after keyword: String) -> Substring? {
        let bytes = body.utf8
        let pattern = keyword.utf8
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index...].starts(with: pattern),
                index == bytes.startIndex || !isIdentifierByte(bytes[bytes.index(before: index)])
            {
                let start = bytes.index(index, offsetBy: pattern.count)
                let end = bytes[start...].firstIndex(where: { !isIdentifierByte($0) }) ?? bytes.endIndex
                return start < end ? body[start..<end] : nil
            }
            index = bytes.index(after: index)
        }
        return nil
    }
}

extension Substring {
    var startsUppercase: Bool { utf8.first.map { $0 >= 0x41 && $0 <= 0x5A } ?? false }
}

/// "62% over the history, 100% lately" when the two differ by 10 points or more, else the one figure: a split
/// decided by the raw share must not quote only a weighted 100%.
func historyAndRecent(_ figures: (share: Double, agreeing: Int, observations: Int, commits: Int)) -> String {
    let overall = Double(figures.agreeing) / Double(max(figures.observations, 1))
    guard abs(overall - figures.share) >= 0.1 else { return percent(figures.share) }
    return "\(percent(overall)) over the history and \(percent(figures.share)) lately"
}

/// A share the whole history agrees with, not only the latest merges: the weighted share passes `threshold`
/// and the raw share comes within 0.1 of it.
func clearlyHigh(_ figures: (share: Double, agreeing: Int, observations: Int, commits: Int), _ threshold: Double) -> Bool {
    figures.share >= threshold && Double(figures.agreeing) >= (threshold - 0.1) * Double(max(figures.observations, 1))
}

func clearlyLow(_ figures: (share: Double, agreeing: Int, observations: Int, commits: Int), _ threshold: Double) -> Bool {
    figures.share <= threshold && Double(figures.agreeing) <= (threshold + 0.1) * Double(max(figures.observations, 1))
}
