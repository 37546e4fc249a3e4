import Foundation

/// Finds the line length the code keeps to, or that it keeps to none.
///
/// A real limit leaves a cliff in the distribution of line widths: many lines just under it, almost
/// none over it. Lines no formatter breaks (URLs, long string literals, tables) are not counted. Comment lines
/// are counted again on their own: formatters wrap code, not comments, and where the comments that come near
/// the limit often run past it, the limit is the code's alone.
public struct LineLengthMiner: Miner {
    public static let description = MinerDescription(
        identifier: "line-length",
        version: 6,
        name: "Line length",
        summary: "The column limit lines keep to, robust to URLs, long strings and tables; or none.",
        languages: IndentationMiner.description.languages,
        examples: [
            .shows("src/lib.py", LineLengthExamples.wrappedAt(80), expect: [.maxLineLength: .int(80)]),
            .contradicts("src/lib.py", LineLengthExamples.unwrapped, expect: [.maxLineLength: .null]),
            .shows(
                "Sources/Channel.swift", LineLengthExamples.wrappedAt(100, comments: 100, commentsOver: 12),
                expect: [.maxLineLength: .int(100), .commentsWithinLineLength: .bool(false)]),
        ]
    )

    /// Limits in common use, smallest first.
    static let candidates = [72, 79, 80, 88, 90, 100, 110, 119, 120, 132, 140, 150, 160, 180, 200]
    /// Only lines just under a candidate limit are ever cited: the only places worth storing.
    static let citedWidths: Set<Int> = Set(candidates.flatMap { ($0 - 5)...$0 })
    /// Widths below this are tallied in one bucket: no limit lives there.
    static let shortWidth = 60

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case width
        /// Lines that hold a comment and nothing else, 60 columns or wider.
        case commentWidth = "comment_width"
    }

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let scope = file.language.rawValue
        var short = 0
        // Widths counted here and handed to the sink once each: this runs on every added line.
        var long: [Int: (count: Int, line: Int)] = [:]
        var comments: [Int: Int] = [:]
        for line in file.lines {
            let width = line.width
            guard width > 0 else { continue }
            if width < Self.shortWidth {
                if !Self.isUnbreakable(line) { short += 1 }
            } else if !Self.isUnbreakable(line) {
                long[width, default: (0, line.number)].count += 1
                if line.isCommentOnly { comments[width, default: 0] += 1 }
            }
        }
        for (width, seen) in long.sorted(by: { $0.key < $1.key }) {
            sink.count(
                Counter.width, String(width), scope: scope, by: seen.count, path: file.path, line: seen.line,
                cite: Self.citedWidths.contains(width))
        }
        sink.count(Counter.width, "short", scope: scope, by: short, cite: false)
        for (width, count) in comments.sorted(by: { $0.key < $1.key }) {
            sink.count(Counter.commentWidth, String(width), scope: scope, by: count, cite: false)
        }
    }

    /// Languages whose formatters wrap doc comments too (ktfmt KDoc, google-java-format Javadoc): a long comment
    /// there is one the formatter has not run on yet, not a habit.
    static let commentWrappingLanguages: Set<Language> = [.kotlin, .java]
    /// Comment lines this close under a limit show whether comments keep it; shorter ones say nothing.
    static let commentWindow = 20
    /// Fewer comment lines near or over the limit than this cannot tell a kept limit from chance.
    static let commentEvidence = 100

    /// Whether the comment lines that come near `limit` stay within it as a rule does: more than one in ten past
    /// it is a habit (swift-nio's doc comments: a quarter), not a slip. Too few to tell, and they are held to it.
    static func commentsKeep(_ limit: Int, _ widths: [String: TallyStat]) -> Bool {
        var (within, over, seen) = (0.0, 0.0, 0)
        for (value, stat) in widths {
            guard let width = Int(value), width > limit - commentWindow else { continue }
            if width > limit { over += stat.weight } else { within += stat.weight }
            seen += stat.count
        }
        guard seen >= commentEvidence, within + over > 0 else { return true }
        return over / (within + over) <= 1 - Linter.defaultMinimumConfidence
    }

    /// Lines a person would not break to keep a limit: URLs, tables, imports, and lines that are mostly string
    /// literals (from the first string's opening quote to the last one's closing quote).
    static func isUnbreakable(_ line: SourceLine) -> Bool {
        let bytes = line.bytes
        let start = line.indent
        guard start < bytes.count else { return false }
        let content = bytes[start...]
        if ByteSearch.contains(UnsafeBufferPointer(rebasing: content), "://") { return true }
        for prefix in unbreakablePrefixes where content.starts(with: prefix) { return true }
        guard let first = line.strings.first, let last = line.strings.last else { return false }
        return Int(last.end - first.start) * 2 >= content.count
    }

    private static let unbreakablePrefixes: [[UInt8]] = ["|", "// |", "# |", "import ", "#include", "use "].map { Array($0.utf8) }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), stats.commits >= MinimumEvidence.commits else { return nil }
            let widths = stats[Counter.width]
            let total = widths.values.reduce(0) { $0 + $1.weight }
            let count = widths.values.reduce(0) { $0 + $1.count }
            guard count >= 200, total > 0 else { return nil }
            var byWidth: [Int: TallyStat] = [:]
            for (value, stat) in widths { if let width = Int(value) { byWidth[width] = stat } }
            func lines(_ range: ClosedRange<Int>) -> Int {
                byWidth.reduce(0) { range.contains($1.key) ? $0 + $1.value.count : $0 }
            }
            let widest = byWidth.keys.max() ?? 0
            // The last months decide first: a formatter adopted recently sets today's limit, whatever years of
            // older code did. With too little recent code, the whole (weighted) history decides.
            let recentTotal = widths.values.reduce(0) { $0 + $1.recent }
            let recent = Histogram(byWidth.mapValues(\.recent), total: recentTotal)
            let history = Histogram(byWidth.mapValues(\.weight), total: total)
            let found = (recentTotal >= 1_000 ? recent.limit().map { ($0, recent) } : nil) ?? history.limit().map { ($0, history) }
            if let (limit, histogram) = found {
                let within = count - lines((limit + 1)...Int.max - 1)
                let share = 1 - histogram.weight((limit + 1)...Int.max - 1) / histogram.total
                let nearValues = byWidth.keys.filter { $0 <= limit && $0 > limit - 6 }.sorted(by: >).prefix(3)
                var facts: [FactKey: FactValue] = [.maxLineLength: .int(limit)]
                var statement = "Keep lines within \(limit) columns; URLs and long string literals may run over."
                if !Self.commentWrappingLanguages.contains(language), !Self.commentsKeep(limit, stats[Counter.commentWidth]) {
                    facts[.commentsWithinLineLength] = .bool(false)
                    statement = "Keep code within \(limit) columns; comments, URLs and long string literals may run over."
                }
                return RuleDraft(
                    topic: "line-length", skill: .style(language), language: language,
                    facts: facts, share: share,
                    support: Support(observations: count, agreeing: within, commits: stats.commits),
                    statement: statement,
                    unit: "lines", evidence: nearValues.map { (key: Counter.width.rawValue, value: String($0)) })
            }
            // Code that never comes near any limit says nothing about one.
            guard widest >= Self.candidates[0] else { return nil }
            let overCommon = history.weight(121...Int.max - 1) / total
            return RuleDraft(
                topic: "line-length", skill: .style(language), language: language,
                facts: [.maxLineLength: .null], share: 1,
                support: Support(observations: count, agreeing: count, commits: stats.commits),
                statement:
                    "No line length limit is kept (widest line \(widest) columns; \(percent(overCommon)) of lines are over 120): wrap where it reads well.",
                unit: "lines", evidence: [])
        }
    }
}

/// Weighted line counts by width.
struct Histogram {
    let byWidth: [Int: Double]
    let total: Double

    init(_ byWidth: [Int: Double], total: Double) {
        self.byWidth = byWidth
        self.total = total
    }

    func weight(_ range: ClosedRange<Int>) -> Double {
        byWidth.reduce(0) { range.contains($1.key) ? $0 + $1.value : $0 }
    }

    /// The candidate limit with the sharpest cliff: lines pile up just under it and thin out at once past it.
    /// Older code from before a formatter was adopted may still run over, within a tolerance.
    func limit() -> Int? {
        guard total > 0 else { return nil }
        var best: (limit: Int, edge: Double)?
        for limit in LineLengthMiner.candidates {
            let over = weight((limit + 1)...Int.max - 1)
            let near = weight((limit - 4)...limit)
            let beyond = weight((limit + 1)...(limit + 5))
            guard over / total <= 0.03, near / total >= 0.002 else { continue }
            let ratio = near / max(beyond, total * 0.0001)
            // The limit column itself is full, and the next one nearly empty: 79 and 80 are told apart.
            let base = weight((limit - 5)...(limit - 1)) / 5
            guard ratio >= 3, base > 0, weight(limit...limit) >= 0.3 * base,
                weight((limit + 1)...(limit + 1)) <= 0.5 * base
            else { continue }
            // Among limits that pass, the sharpest edge right at the limit wins.
            let edge = weight((limit - 1)...limit) / max(weight((limit + 1)...(limit + 2)), total * 0.0001)
            if edge > (best?.edge ?? 0) { best = (limit, edge) }
        }
        return best?.limit
    }
}

/// Example code for the line-length miner, generated so that its figures are exact.
enum LineLengthExamples {
    /// Lines of assorted widths, the longest at `limit`, as code wrapped by a formatter; then `comments` comment
    /// lines within 20 columns of the limit, the last `commentsOver` of them past it.
    static func wrappedAt(_ limit: Int, comments: Int = 0, commentsOver: Int = 0) -> String {
        let code = (0..<400).map { index in
            let width = index % 4 == 0 ? limit - (index % 7) : 20 + (index * 7) % 50
            return "x = " + String(repeating: "a", count: max(1, width - 4))
        }
        let commentLines = (0..<comments).map { index in
            let width = index < comments - commentsOver ? limit - index % 19 : limit + 10 + index % 20
            return "// " + String(repeating: "c", count: width - 3)
        }
        return (code + commentLines).joined(separator: "\n")
    }

    /// Lines that thin out smoothly with no cliff: nobody wraps them.
    static var unwrapped: String {
        (0..<600).map { index in
            let width = 30 + (index * 37) % 220
            return "y = " + String(repeating: "b", count: width - 4)
        }.joined(separator: "\n")
    }
}
