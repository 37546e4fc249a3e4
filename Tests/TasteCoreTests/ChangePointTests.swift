import XCTest

@testable import TasteCore

/// The change-point model on synthetic vote sequences: a convention that holds, with or without noise, is
/// never a switch; a clean switch is found on its fifth vote and dated by its first; a slow migration is not
/// called while most commits keep the old value; a brief excursion is never a switch.
final class ChangePointTests: XCTestCase {
    let policy = SkillPolicy.standard
    static let day: Int64 = 86_400

    /// Votes one every two days; each element is the share of "b" in that commit (the rest is "a").
    func votes(_ shares: [Double], step: Int64 = 2 * day) -> [Vote] {
        shares.enumerated().map { index, b in
            Vote(
                commit: String(format: "%040d", index), time: 1_600_000_000 + Int64(index) * step,
                shares: ["a": 1 - b, "b": b].filter { $0.value > 0 })
        }
    }

    /// A fixed pseudo-random sequence (a linear congruential generator), so the noisy tests never vary.
    func noise(count: Int, share: Double, seed: UInt64 = 42) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 33) / Double(1 << 31) < share ? 1 : 0
        }
    }

    func testASteadyConventionHasNoChange() {
        XCTAssertEqual(ChangePointModel.changes(in: votes(Array(repeating: 0, count: 300)), penalty: 3, minimumSegment: 5), [])
        XCTAssertNil(ChangePointModel.lastSwitch(in: votes(Array(repeating: 0, count: 300)), policy: policy))
    }

    func testANoisySteadyConventionIsNeverASwitchAtAnyPrefix() {
        for (share, seed) in [(0.1, 1), (0.2, 2), (0.3, 3), (0.2, 4), (0.3, 5), (0.35, 6)] as [(Double, UInt64)] {
            let sequence = votes(noise(count: 400, share: share, seed: seed))
            for end in stride(from: 10, through: 400, by: 5) {
                XCTAssertNil(ChangePointModel.lastSwitch(in: Array(sequence.prefix(end)), policy: policy), "\(share) (seed \(seed)) at \(end)")
            }
        }
    }

    func testACleanSwitchIsFoundOnItsFifthVoteAndDatedByItsFirst() throws {
        let old = Array(repeating: 0.0, count: 100)
        for new in 1...20 {
            let found = ChangePointModel.lastSwitch(in: votes(old + Array(repeating: 1.0, count: new)), policy: policy)
            XCTAssertEqual(found != nil, new >= 5, "after \(new) votes")
            if let found {
                XCTAssertEqual(found.index, 100)
                XCTAssertEqual(found.beforeDominant?.value, "a")
                XCTAssertEqual(found.afterDominant?.value, "b")
            }
        }
    }

    func testASwitchAmidNoiseIsFoundWithinTwelveVotes() throws {
        let sequence = votes(noise(count: 150, share: 0.15) + noise(count: 40, share: 0.85, seed: 7))
        let first = try XCTUnwrap((155...190).first { ChangePointModel.lastSwitch(in: Array(sequence.prefix($0)), policy: policy) != nil })
        XCTAssertLessThanOrEqual(first - 150, 12, "found \(first - 150) votes after the switch")
        let found = try XCTUnwrap(ChangePointModel.lastSwitch(in: sequence, policy: policy))
        XCTAssertLessThanOrEqual(abs(found.index - 150), 3, "dated at \(found.index)")
    }

    func testASlowMigrationIsNotCalledWhileMostCommitsKeepTheOldValue() throws {
        // 100 votes of "a", then 100 moving evenly to "b", then 50 of "b".
        let shares = Array(repeating: 0.0, count: 100) + (0..<100).map { Double($0) / 100 } + Array(repeating: 1.0, count: 50)
        let sequence = votes(shares)
        for end in stride(from: 10, through: 150, by: 5) {
            XCTAssertNil(ChangePointModel.lastSwitch(in: Array(sequence.prefix(end)), policy: policy), "at \(end)")
        }
        let found = try XCTUnwrap(ChangePointModel.lastSwitch(in: sequence, policy: policy))
        XCTAssertEqual(found.afterDominant?.value, "b")
        XCTAssertGreaterThanOrEqual(found.index, 150, "not dated while most commits still kept a: \(found.index)")
    }

    func testABriefExcursionIsNeverASwitch() {
        let steady = Array(repeating: 0.0, count: 150)
        // Four odd commits: shorter than a segment.
        XCTAssertNil(ChangePointModel.lastSwitch(in: votes(steady + Array(repeating: 1, count: 4)), policy: policy))
        // Eight in one afternoon: too few days.
        XCTAssertNil(ChangePointModel.lastSwitch(in: votes(steady, step: 2 * Self.day) + burst(8), policy: policy))
        // Eight over weeks, then back: the return is not a switch either.
        for back in [0, 5, 20, 60] {
            let sequence = votes(steady + Array(repeating: 1, count: 8) + Array(repeating: 0, count: back))
            let found = ChangePointModel.lastSwitch(in: sequence, policy: policy)
            if back == 0 {
                XCTAssertEqual(found?.afterDominant?.value, "b", "eight votes over sixteen days at the end are a switch")
            } else {
                XCTAssertNil(found, "back for \(back) votes")
            }
        }
    }

    func testTheLatestShiftIsTestedAgainstTheRuleValue() {
        let steady = noise(count: 200, share: 0.2)
        XCTAssertFalse(ChangePointModel.recentShiftAway(from: "a", in: votes(steady), recent: 10, penalty: 3, minimumSegment: 5))
        XCTAssertFalse(ChangePointModel.recentShiftAway(from: "a", in: votes(steady), recent: 10, penalty: 2, minimumSegment: 5))
        let moved = votes(steady + Array(repeating: 1, count: 9))
        XCTAssertTrue(ChangePointModel.recentShiftAway(from: "a", in: moved, recent: 10, penalty: 2, minimumSegment: 5))
        XCTAssertFalse(
            ChangePointModel.recentShiftAway(from: "b", in: moved, recent: 10, penalty: 2, minimumSegment: 5),
            "a shift towards the rule's value never contradicts it")
    }

    func testABurstInAHabitThatIsAlreadyAMixIsNoShift() {
        // Years nearly all "a", then a hundred merges a quarter "b", then ten merges seven tenths "b".
        let burst: [Double] = [1, 1, 1, 1, 0, 1, 0, 1, 1, 0]
        let mixed = votes(noise(count: 600, share: 0.05) + noise(count: 100, share: 0.25, seed: 7) + burst)
        XCTAssertFalse(
            ChangePointModel.recentShiftAway(from: "a", in: mixed, recent: 10, penalty: 2, minimumSegment: 5),
            "judged against the mix in force, not the years before it")
        let fromTheOldHabit = votes(noise(count: 700, share: 0.05) + burst)
        XCTAssertTrue(ChangePointModel.recentShiftAway(from: "a", in: fromTheOldHabit, recent: 10, penalty: 2, minimumSegment: 5))
        let allIn = votes(noise(count: 600, share: 0.05) + noise(count: 100, share: 0.25, seed: 7) + Array(repeating: 1, count: 10))
        XCTAssertTrue(
            ChangePointModel.recentShiftAway(from: "a", in: allIn, recent: 10, penalty: 2, minimumSegment: 5),
            "ten merges that all keep the other value stand out from the mix too")
    }

    func testOneContributorsRunIsNotATeamsSwitch() {
        let team = votes(Array(repeating: 0, count: 150)).enumerated().map { index, vote in
            var vote = vote
            vote.author = index.isMultiple(of: 2) ? "ann" : "bob"
            return vote
        }
        let run = votes(Array(repeating: 1, count: 160)).suffix(10).map { vote in
            var vote = vote
            vote.author = "carl"
            return vote
        }
        XCTAssertNil(ChangePointModel.lastSwitch(in: team + run, policy: policy), "ten commits over twenty days, one author")
        let among = run.enumerated().map { index, vote in
            var vote = vote
            if index.isMultiple(of: 4) {
                vote.author = "ann"
                vote.shares = ["a": 1]
            }
            return vote
        }
        XCTAssertNil(ChangePointModel.lastSwitch(in: team + among, policy: policy), "one author's run among the others' commits")
        let shared = run.enumerated().map { index, vote in
            var vote = vote
            vote.author = index.isMultiple(of: 3) ? "dana" : "carl"
            return vote
        }
        XCTAssertEqual(ChangePointModel.lastSwitch(in: team + shared, policy: policy)?.index, 150, "two authors keep it")
        let solo = (votes(Array(repeating: 0, count: 150)) + votes(Array(repeating: 1, count: 160)).suffix(10))
        XCTAssertEqual(ChangePointModel.lastSwitch(in: solo, policy: policy)?.index, 150, "one person's repository: one person switches it")
    }

    func testOnePersonBehindTwoAddressesIsOneAuthor() {
        XCTAssertEqual(ChangePointModel.person("ville.skytta@iki.fi"), ChangePointModel.person("Ville.Skytta@upcloud.com"))
        XCTAssertEqual(ChangePointModel.person("38422348+umarcor@users.noreply.github.com"), "umarcor")
        XCTAssertNotEqual(ChangePointModel.person("ann@example.com"), ChangePointModel.person("bob@example.com"))
    }

    func burst(_ count: Int) -> [Vote] {
        (0..<count).map { index in
            Vote(commit: "burst\(index)", time: 1_600_000_000 + 300 * 2 * Self.day + Int64(index) * 600, shares: ["b": 1])
        }
    }

    /// Miners stating the value most of their counts hold for key `k`: one reads it as a convention, the other
    /// declares it a measure.
    struct ConventionMiner: DominantValueRules {
        static let description = MinerDescription(
            identifier: "dominant", version: 1, name: "Dominant", summary: "", languages: [.python], examples: [])
    }
    struct MeasureMiner: DominantValueRules {
        static let description = MinerDescription(
            identifier: "dominant", version: 1, name: "Dominant", summary: "", languages: [.python], distributions: ["k"],
            examples: [])
    }

    /// Forty commits over eighty days by two people, the first twenty counting "a" and the rest "b".
    func switchingHistory() -> CountHistory {
        let counters: [Int64: TallyKey] = [
            1: TallyKey(miner: "dominant", scope: "python", key: "k", value: "a"),
            2: TallyKey(miner: "dominant", scope: "python", key: "k", value: "b"),
        ]
        var rows: [CountHistory.Row] = []
        var (shas, authors): ([Int64: String], [Int64: String]) = ([:], [:])
        for commit in Int64(0)..<40 {
            rows.append(CountHistory.Row(counter: commit < 20 ? 1 : 2, commit: commit, time: 1_600_000_000 + commit * 2 * Self.day, count: 3))
            shas[commit] = String(format: "%040d", commit)
            authors[commit] = commit.isMultiple(of: 2) ? "ana@example.com" : "bo@example.com"
        }
        return CountHistory(counters: counters, rows: rows, shas: shas, authors: authors, newest: 1_600_000_000 + 39 * 2 * Self.day)
    }

    /// A switch in a convention dates the rule; the same votes in a measure (a width, a file pair) are no switch.
    func testNoSwitchIsLookedForInADistribution() throws {
        let history = switchingHistory()
        func drafts(_ miner: any Miner) -> [(draft: RuleDraft, since: ConventionChange?)] {
            let tallies = history.tallies(halfLife: policy.halfLife, recentHalfLife: policy.recentHalfLife, only: "dominant")
            return RuleSynthesizer.currentDrafts(
                of: miner, counted: (tallies["dominant"] ?? MinerTallies()).splitByFolder().repository,
                history: history, votes: history.votes(of: "dominant"), policy: policy)
        }
        let convention = try XCTUnwrap(drafts(ConventionMiner()).first)
        XCTAssertEqual(convention.since?.commit, String(format: "%040d", 20))
        let measure = try XCTUnwrap(drafts(MeasureMiner()).first)
        XCTAssertNil(measure.since)
    }
}

protocol DominantValueRules: Miner {}

extension DominantValueRules {
    func rules(from tallies: MinerTallies) -> [RuleDraft] {
        guard let stats = tallies.scopes["python"], let top = stats.dominant("k") else { return [] }
        return [
            RuleDraft(
                topic: "dominant", skill: .style(.python), language: .python, facts: [.quoteStyle: .string(top.value)],
                share: top.share, support: Support(observations: top.observations, agreeing: top.agreeing, commits: top.commits),
                statement: "Keep \(top.value).", unit: "lines", evidence: [(key: "k", value: top.value)])
        ]
    }
}
