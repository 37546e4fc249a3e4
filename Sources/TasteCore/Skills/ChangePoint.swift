import Foundation

/// One commit's vote on a counter: how what it counted splits between the counter's values, summing to one,
/// so that a large commit weighs no more than a small one.
public struct Vote: Sendable, Equatable {
    public var commit: String
    public var time: Int64
    public var shares: [String: Double]
    public var author: String

    public init(commit: String, time: Int64, shares: [String: Double], author: String = "") {
        self.commit = commit
        self.time = time
        self.shares = shares
        self.author = author
    }
}

/// A point in a sequence of votes where the values' mix changed, with the mix on either side.
public struct ChangePoint: Sendable, Equatable {
    /// The index of the first vote after the change.
    public var index: Int
    /// The log-likelihood gained by splitting there, against keeping one mix.
    public var strength: Double
    /// Each value's mean share over the votes before (since the previous change) and after (to the end).
    public var before: [String: Double]
    public var after: [String: Double]

    public var beforeDominant: (value: String, share: Double)? { Self.dominant(before) }
    public var afterDominant: (value: String, share: Double)? { Self.dominant(after) }

    static func dominant(_ mix: [String: Double]) -> (value: String, share: Double)? {
        mix.max { ($0.value, $1.key) < ($1.value, $0.key) }.map { ($0.key, $0.value) }
    }
}

/// Finds where a counter's convention changed: a likelihood-ratio test over the first-parent sequence of
/// votes, applied by binary segmentation. Each split is scored as the multinomial log-likelihood of two mixes
/// against one; a split counts only where that gain exceeds `penalty × ln(votes)` (a BIC-like price for the
/// extra mix and its place, raised because real votes cluster by author and file). Deterministic and linear
/// in the votes per split, so it runs after every pass on the tallies already stored.
public enum ChangePointModel {
    /// Every significant change, oldest first. Each side of a split holds at least `minimumSegment` votes,
    /// so one odd commit is never a change; after each split the later part is searched again, so the last
    /// change in force is found even when an older one is stronger.
    public static func changes(in votes: [Vote], penalty: Double, minimumSegment: Int) -> [ChangePoint] {
        let values = Array(Set(votes.flatMap(\.shares.keys))).sorted()
        guard values.count > 1, votes.count >= 2 * minimumSegment else { return [] }
        let column = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        // prefix[i * width + v]: value v's shares summed over votes[0..<i], in one flat buffer: the split search
        // below reads it once per candidate split and must not allocate there.
        let width = values.count
        var prefix = [Double](repeating: 0, count: (votes.count + 1) * width)
        for (index, vote) in votes.enumerated() {
            let (row, previous) = ((index + 1) * width, index * width)
            for at in 0..<width { prefix[row + at] = prefix[previous + at] }
            let total = vote.shares.values.reduce(0, +)
            guard total > 0 else { continue }
            for (value, share) in vote.shares { if let at = column[value] { prefix[row + at] += share / total } }
        }
        func sums(_ range: Range<Int>) -> [Double] {
            (0..<width).map { prefix[range.upperBound * width + $0] - prefix[range.lowerBound * width + $0] }
        }
        func logLikelihood(_ range: Range<Int>) -> Double {
            prefix.withUnsafeBufferPointer { prefix in
                let (upper, lower) = (range.upperBound * width, range.lowerBound * width)
                var total = 0.0
                for at in 0..<width { total += prefix[upper + at] - prefix[lower + at] }
                guard total > 0 else { return 0 }
                var sum = 0.0
                for at in 0..<width {
                    let count = prefix[upper + at] - prefix[lower + at]
                    if count > 0 { sum += count * log(count / total) }
                }
                return sum
            }
        }
        func mix(_ range: Range<Int>) -> [String: Double] {
            let counts = sums(range)
            let total = counts.reduce(0, +)
            guard total > 0 else { return [:] }
            return Dictionary(uniqueKeysWithValues: zip(values, counts.map { $0 / total }).filter { $0.1 > 0 })
        }

        var found: [ChangePoint] = []
        var start = 0
        while votes.count - start >= 2 * minimumSegment {
            let whole = logLikelihood(start..<votes.count)
            var best: (index: Int, gain: Double)?
            for split in (start + minimumSegment)...(votes.count - minimumSegment) {
                let gain = logLikelihood(start..<split) + logLikelihood(split..<votes.count) - whole
                // Ties go to the later split: the change is dated by its first vote that holds the new mix.
                if gain >= (best?.gain ?? -1) - 1e-9 { best = (split, gain) }
            }
            guard let best, best.gain > penalty * log(Double(votes.count - start)) else { break }
            found.append(
                ChangePoint(
                    index: best.index, strength: best.gain, before: mix(start..<best.index), after: mix(best.index..<votes.count)))
            start = best.index
        }
        // Each change's "before" runs from the previous change; its "after" to the end, as the rule reads it.
        return found
    }

    /// The switch in force: the last change that moved the majority to another value, after which every later
    /// change kept that value on top. It needs a clear majority on both sides (out of a mix, `mixedShare` after
    /// it), at least `changeMinimumCommits` votes over `changeMinimumDays` days from its first vote in the new
    /// value, and a value the history before did not mostly keep (a return from a brief excursion is not a
    /// switch). Nil when the convention held.
    public static func lastSwitch(in votes: [Vote], policy: SkillPolicy) -> ChangePoint? {
        let changes = changes(in: votes, penalty: policy.changePenalty, minimumSegment: policy.changeMinimumCommits)
        guard let current = changes.last?.afterDominant, current.share >= policy.driftMajority else { return nil }
        for change in changes.reversed() {
            guard change.afterDominant?.value == current.value, let before = change.beforeDominant else { return nil }
            guard before.value != current.value else { continue }
            guard before.share >= policy.driftMajority, ChangePoint.dominant(mix(of: votes[..<change.index]))?.value != current.value
            else { return nil }
            // Dated by the first vote that mostly keeps the new value: the split may fall a vote or two early.
            var switched = change
            while switched.index < votes.count, (share(of: current.value, in: votes[switched.index])) < 0.5 { switched.index += 1 }
            switched.after = mix(of: votes[switched.index...])
            let days = switched.index < votes.count ? (votes[votes.count - 1].time - votes[switched.index].time) / 86_400 : 0
            // Out of a mix, the new value must be clear, not the mix's other side on a good run (bat's subjects, a
            // third Conventional Commits, "switched" on ten merges seven tenths conventional and back ten later).
            let needed = before.share >= policy.mixedShare ? policy.driftMajority : policy.mixedShare
            guard votes.count - switched.index >= policy.changeMinimumCommits, days >= Int64(policy.changeMinimumDays),
                (switched.after[current.value] ?? 0) >= needed,
                enoughAuthors(
                    votes[switched.index...], before: votes[..<switched.index], policy: policy,
                    keeps: { share(of: current.value, in: $0) >= 0.5 })
            else { return nil }
            return switched
        }
        return nil
    }

    /// Whether a switch stated before, at `index`, still holds: the votes since it mostly keep a value that the
    /// votes before it did not mostly keep. Weaker than ``lastSwitch(in:policy:)`` on purpose: a switch once
    /// stated stands until the code returns, not until the test stops finding it.
    public static func stillHolds(switchAt index: Int, in votes: [Vote]) -> Bool {
        guard index > 0, index < votes.count, let now = ChangePoint.dominant(mix(of: votes[index...])), now.share > 0.5 else { return false }
        return ChangePoint.dominant(mix(of: votes[..<index]))?.value != now.value
    }

    /// A team's switch shows in more than one person's commits: where several people wrote the history before,
    /// the votes that mostly keep the new value must come from `changeMinimumAuthors` of them, or it is one
    /// contributor's run of commits among the others'. `keeps` says whether a vote keeps the new value.
    static func enoughAuthors(
        _ recent: ArraySlice<Vote>, before: ArraySlice<Vote>, policy: SkillPolicy, keeps: (Vote) -> Bool
    ) -> Bool {
        let needed = min(policy.changeMinimumAuthors, Set(before.map { person($0.author) }).count)
        return Set(recent.filter(keeps).map { person($0.author) }).count >= needed
    }

    /// One person behind several addresses: the part before `@`, without GitHub's numeric `123+` prefix
    /// (`ville.skytta@iki.fi` and `ville.skytta@upcloud.com` are one author).
    static func person(_ address: String) -> String {
        let local = address.split(separator: "@").first.map(String.init) ?? address
        return (local.split(separator: "+").last.map(String.init) ?? local).lowercased()
    }

    static func share(of value: String, in vote: Vote) -> Double {
        let total = vote.shares.values.reduce(0, +)
        return total > 0 ? (vote.shares[value] ?? 0) / total : 0
    }

    /// Each value's mean share over some votes.
    static func mix(of votes: ArraySlice<Vote>) -> [String: Double] {
        var sums: [String: Double] = [:]
        for vote in votes {
            let total = vote.shares.values.reduce(0, +)
            guard total > 0 else { continue }
            for (value, share) in vote.shares { sums[value, default: 0] += share / total }
        }
        return sums.mapValues { $0 / Double(max(votes.count, 1)) }
    }

    /// Whether the latest `recent` votes hold a significantly different mix from the convention in force before
    /// them, with `value`'s share lower than there: the likelihood-ratio test at that one split, priced as any
    /// other. The votes before are read since their own last change point (found with `minimumSegment`; nil
    /// reads them all), so a habit that has long been a mix is judged against the mix, not against the years
    /// before it: bat's subjects, a third Conventional Commits over its last hundred merges, were flagged on ten
    /// merges that were seven tenths conventional, against a history nine tenths free-form, and the flag fell ten
    /// merges later.
    public static func recentShiftAway(
        from value: String, in votes: [Vote], recent: Int, penalty: Double, minimumSegment: Int?
    ) -> Bool {
        let earlier = Array(votes.dropLast(recent))
        let regime = minimumSegment.flatMap { changes(in: earlier, penalty: penalty, minimumSegment: $0).last?.index } ?? 0
        return shiftAway(from: value, in: votes[regime...], recent: recent, penalty: penalty)
    }

    private static func shiftAway(from value: String, in votes: ArraySlice<Vote>, recent: Int, penalty: Double) -> Bool {
        guard recent > 0, votes.count > recent else { return false }
        let split = votes.endIndex - recent
        func share(_ slice: ArraySlice<Vote>) -> Double {
            slice.reduce(0) { total, vote in
                let sum = vote.shares.values.reduce(0, +)
                return total + (sum > 0 ? (vote.shares[value] ?? 0) / sum : 0)
            } / Double(max(slice.count, 1))
        }
        let (earlier, later) = (share(votes[..<split]), share(votes[split...]))
        guard later < earlier else { return false }
        let values = Array(Set(votes.flatMap(\.shares.keys))).sorted()
        func logLikelihood(_ slice: ArraySlice<Vote>) -> Double {
            var counts = [String: Double]()
            for vote in slice {
                let sum = vote.shares.values.reduce(0, +)
                guard sum > 0 else { continue }
                for (key, share) in vote.shares { counts[key, default: 0] += share / sum }
            }
            let total = counts.values.reduce(0, +)
            return values.reduce(0) { result, key in
                let count = counts[key] ?? 0
                return result + (count > 0 ? count * log(count / total) : 0)
            }
        }
        let gain = logLikelihood(votes[..<split]) + logLikelihood(votes[split...]) - logLikelihood(votes[...])
        return gain > penalty * log(Double(votes.count))
    }
}
