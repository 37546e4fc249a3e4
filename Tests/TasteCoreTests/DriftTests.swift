import Foundation
import XCTest

@testable import TasteCore

/// Drift, replayed merge by merge through the incremental path: a rule states the new convention within a few
/// merges of a real change, names the switch commit and what the code kept before, and nothing else ever moves.
///
/// When a rule moves: each commit that touched a subject is one vote, and ``ChangePointModel`` finds the switch
/// once `changeMinimumCommits` (5) votes in the new value, over `changeMinimumDays` (7) days, stand apart from the
/// history by a likelihood-ratio test. After 20 commits in the old convention every switch below is in force at
/// the 5th merge in the new one, whatever the size of the files, since a commit is one vote; the rule is never
/// flagged stale on the way, because the re-versioned rule is what the code keeps.
final class DriftTests: XCTestCase {
    /// The miners whose rules these histories change: later miners (naming, imports, docs…) state their rules
    /// only once enough declarations pile up, a new version midway that is growth, not drift.
    static let miners = ReplayedHistory.minersUnderTest
    static let switchesAt = 5
    /// Two years on: the old convention's counts weigh a quarter of the new ones' (one-year half-life).
    static let twoYears: Int64 = 2 * 365 * 86_400

    func testTheDriftConstantsAreTheOnesTheseHistoriesAssume() {
        XCTAssertEqual(SkillPolicy.standard.driftWindow, 10)
        XCTAssertEqual(SkillPolicy.standard.driftMinimumCommits, 5)
        XCTAssertEqual(SkillPolicy.standard.driftMajority, 0.6)
        XCTAssertEqual(SkillPolicy.standard.changeMinimumCommits, 5)
        XCTAssertEqual(SkillPolicy.standard.changeMinimumDays, 7)
        XCTAssertEqual(SkillPolicy.standard.halfLife, 365 * 86_400)
    }

    // MARK: Indentation: Python from 4 spaces to 2

    func testPythonIndentationFromFourToTwoSpacesStatesTwoSpacesFromTheFifthMergeCitingTheSwitch() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: Self.miners)
        for index in 0..<20 {
            try history.commit("feat(app): add m\(index)", files: ConventionCode.python(index, indent: 4))
        }
        let before = try XCTUnwrap(history.last)
        XCTAssertEqual(before.status("python-style"), .active)
        XCTAssertEqual(before.rule("python-style/indentation")?.facts[.indentSize], .int(4))
        XCTAssertEqual(
            history.steps.filter { $0.skills.contains { $0.status == .stale } }.map(\.index), [],
            "nothing is stale while the history keeps one convention")

        var switched: [ReplayedHistory.Step] = []
        for merge in 1...8 {
            let index = 19 + merge
            switched.append(
                try history.merge(
                    "two-spaces-\(merge)", message: "feat(app): add m\(index)",
                    files: ConventionCode.python(index, indent: 2)))
        }
        try assertSwitched(
            switched, rule: "python-style/indentation", fact: .indentSize, from: .int(4), to: .int(2),
            statement: "Indent with 2 spaces, never tabs.")

        // Two years on, the rule still says what the code keeps, and the switch stays cited.
        history.fixture.clock += Self.twoYears
        for merge in 1...6 {
            let index = 27 + merge
            try history.merge("later-\(merge)", message: "feat(app): add m\(index)", files: ConventionCode.python(index, indent: 2))
        }
        let final = try XCTUnwrap(history.last?.rule("python-style/indentation"))
        XCTAssertEqual(final.facts[.indentSize], .int(2))
        XCTAssertEqual(final.since?.commit, switched[0].sha)

        let versions = try history.versions("python-style")
        XCTAssertEqual(
            versions.map {
                "\($0.version) \($0.status.rawValue) \($0.skill.rules.first { $0.id == "python-style/indentation" }?.facts[.indentSize]?.description ?? "-")"
            },
            ["1 active 4", "2 active 2"])
        XCTAssertEqual(
            versions.map(\.minedThrough), [history.steps[2].sha, switched[Self.switchesAt - 1].sha],
            "each version records the commit it was mined through")
        XCTAssertEqual(Set(versions.map(\.author)), ["taste"])

        assertNeverStale(
            history, skills: ["testing", "commits"],
            rules: ["python-style/final-newline", "python-style/trailing-whitespace"])
    }

    // MARK: Test framework: XCTest to Swift Testing

    func testSwiftTestsFromXCTestToSwiftTestingStateSwiftTestingFromTheFifthMergeCitingTheSwitch() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: Self.miners)
        for index in 0..<20 {
            try history.commit("feat(app): add Type\(index)", files: ConventionCode.swift(index, swiftTesting: false))
        }
        XCTAssertEqual(history.last?.rule("testing/swift-framework")?.facts[.testFramework], .string("xctest"))

        var switched: [ReplayedHistory.Step] = []
        for merge in 1...8 {
            let index = 19 + merge
            switched.append(
                try history.merge(
                    "swift-testing-\(merge)", message: "test(app): add Type\(index)",
                    files: ConventionCode.swift(index, swiftTesting: true)))
        }
        try assertSwitched(
            switched, rule: "testing/swift-framework", fact: .testFramework, from: .string("xctest"), to: .string("swift-testing"),
            statement: "Write Swift tests with Swift Testing: `@Test func …` with `#expect`.")

        let versions = try history.versions("testing")
        XCTAssertEqual(versions.filter { $0.status != .active }.map(\.version), [], "never stale nor retired on the way")
        XCTAssertEqual(
            versions.map { record -> String in
                let facts = record.skill.rules.first?.facts ?? [:]
                return "\(record.version) \(record.status.rawValue) \(facts[.testFramework]?.description ?? "-")"
            }, ["1 active xctest", "2 active xctest", "3 active swift-testing"])
        XCTAssertEqual(
            versions.dropFirst().first?.skill.rules.first?.facts[.testFrameworks], .strings(["xctest", "swift-testing"]),
            "v2: Swift Testing shows up among the frameworks in use (over 10% of the weighted test files)")

        assertNeverStale(history, skills: ["swift-style", "commits", "testing"], rules: [])
    }

    // MARK: Commit messages: free-form to Conventional Commits

    func testAdoptingConventionalCommitsStatesConventionalFromTheFifthMergeCitingTheSwitch() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: Self.miners)
        for index in 0..<20 {
            try history.commit("Add Type\(index) to the app", files: ConventionCode.swift(index, swiftTesting: false))
        }
        XCTAssertEqual(history.last?.rule("commits/message")?.facts[.commitConvention], .string("free-form"))

        var switched: [ReplayedHistory.Step] = []
        for merge in 1...8 {
            let index = 19 + merge
            let message = merge.isMultiple(of: 3) ? "fix(app): handle Type\(index)" : "feat: add Type\(index)"
            switched.append(
                try history.merge(
                    "conventional-\(merge)", message: message,
                    files: ConventionCode.swift(index, swiftTesting: false)))
        }
        try assertSwitched(
            switched, rule: "commits/message", fact: .commitConvention, from: .string("free-form"), to: .string("conventional"),
            statement: "Write commit subjects as Conventional Commits")
        let final = try XCTUnwrap(switched.last?.rule("commits/message"))
        XCTAssertEqual(final.facts[.commitTypes], .strings(["feat", "fix"]))
        XCTAssertEqual(final.facts[.commitScopes], .strings(["app"]))

        let versions = try history.versions("commits")
        XCTAssertEqual(
            versions.map { "\($0.version) \($0.status.rawValue) \($0.skill.rules.first?.facts[.commitConvention]?.description ?? "-")" },
            ["1 active free-form", "2 active conventional"], "the new convention at once: never stale nor retired on the way")

        assertNeverStale(history, skills: ["swift-style", "testing", "commits"], rules: [])
    }

    // MARK: Stable histories

    /// A repository that writes `feat` and `fix` about equally keeps one convention: its skill should not get a
    /// new version at every merge just because the two types swap places in the ranking.
    func testAnEvenMixOfTypesDoesNotVersionTheCommitsSkillAtEveryMerge() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: Self.miners)
        for index in 0..<12 {
            try history.commit(
                index.isMultiple(of: 2) ? "feat: add Type\(index)" : "fix: handle Type\(index)",
                files: ConventionCode.swift(index, swiftTesting: false))
        }
        for merge in 1...6 {
            let index = 11 + merge
            try history.merge(
                "mix-\(merge)", message: merge.isMultiple(of: 2) ? "feat: add Type\(index)" : "fix: handle Type\(index)",
                files: ConventionCode.swift(index, swiftTesting: false))
        }
        let versions = try history.versions("commits")
        XCTAssertEqual(
            Set(versions.map { $0.skill.rules.first?.facts[.commitTypes].map { Set($0.description.components(separatedBy: ", ")) } }),
            [["feat", "fix"]], "the types in use never changed")
        XCTAssertEqual(
            versions.count, 1,
            "one convention, one version; got: \(versions.map { "v\($0.version) " + ($0.skill.rules.first?.facts[.commitTypes]?.description ?? "") })"
        )
    }

    /// A habit three commits in five keep sits where its calibrated confidence crosses the cut back and forth
    /// as commits come in. Once stated, the rule stays stated and unflagged: noise at the cut is no split of
    /// conventions (on pallets/flask and pallets/werkzeug the changelog habit was flagged and unflagged so).
    func testAHabitAtTheConfidenceCutIsNeitherDroppedNorFlaggedAtEveryFewMerges() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: [CommitMessageMiner()])
        for index in 0..<60 {
            try history.commit(
                [0, 1, 3].contains(index % 5) ? "fix: handle case \(index)" : "Handle case \(index)",
                files: ["notes/n\(index).txt": "\(index)\n"])
        }
        let stated = try XCTUnwrap(history.steps.firstIndex { $0.rule("commits/message") != nil }, "the habit is stated at some point")
        let after = history.steps[stated...].map { step in
            step.rule("commits/message").map { "\($0.facts[.commitConvention]?.description ?? "-")\($0.stale == nil ? "" : " stale")" } ?? "absent"
        }
        XCTAssertEqual(
            Set(after), ["conventional"], "from step \(stated + 1): \(after.enumerated().map { "\($0.offset + stated + 1) \($0.element)" })")
    }

    /// swift-nio's C imports: a third of the include groups sorted, stated as unsorted on thin evidence, then a run of
    /// sorted groups brings them to half. The pass still states the same fact (or finds it split), only with a
    /// confidence under the cut that keeps a rule: the rule stands, unflagged, where it was dropped as "split
    /// between conventions" (swift-nio 2476) and came back 85 merges later.
    func testAStatedRuleWhoseFactsStandIsNotDroppedForThinnerFigures() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: [ImportsMiner()])
        func file(_ index: Int, sorted: Bool) -> [String: String] {
            let headers = sorted ? "#include <a.h>\n#include <b.h>\n" : "#include <b.h>\n#include <a.h>\n"
            return ["src/f\(index).c": headers + "\nint f\(index)(void) { return \(index); }\n"]
        }
        for index in 0..<24 { try history.commit("Add f\(index)", files: file(index, sorted: index % 3 == 0)) }
        let stated = try XCTUnwrap(history.steps.firstIndex { $0.rule("c-style/imports") != nil }, "unsorted is stated")
        XCTAssertEqual(history.last?.rule("c-style/imports")?.facts[.importsSorted], .bool(false))
        for index in 24..<32 { try history.commit("Add f\(index)", files: file(index, sorted: true)) }
        let after = history.steps[stated...].map { step in
            step.rule("c-style/imports").map { "\($0.facts[.importsSorted]?.description ?? "-")\($0.stale == nil ? "" : " stale")" } ?? "absent"
        }
        XCTAssertEqual(Set(after), ["false"], "from step \(stated + 1): \(after)")
    }

    /// immer's TypeScript semicolons: a rule stated on six commits without, then two merges with many more statements
    /// with: too few commits for a rule either way, so the pass draws none. The latest merges, each one vote, still
    /// omit them: the rule stands unflagged, where it was kept as split between conventions at once.
    func testARuleThePassNoLongerDrawsStandsWhileTheLatestMergesKeepIt() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: [SemicolonMiner()])
        func module(_ name: String, statements: Int, semicolons: Bool) -> [String: String] {
            let lines = (0..<statements).map { "export const \(name)\($0) = \($0)\(semicolons ? ";" : "")" }
            return ["src/\(name).ts": lines.joined(separator: "\n") + "\n"]
        }
        for index in 0..<6 {
            var files = module("m\(index)", statements: 6, semicolons: false)
            // Prettier agrees (immer's did): the rule is the miners' and the file's.
            if index == 0 { files[".prettierrc"] = "{\"semi\": false}\n" }
            try history.commit("Add m\(index)", files: files)
        }
        XCTAssertEqual(history.last?.rule("typescript-style/semicolons")?.facts[.semicolons], .bool(false))
        XCTAssertEqual(history.last?.rule("typescript-style/semicolons")?.source, "both")
        for index in 0..<2 {
            let step = try history.commit("Add s\(index)", files: module("s\(index)", statements: 25, semicolons: true))
            let rule = try XCTUnwrap(step.rule("typescript-style/semicolons"))
            XCTAssertEqual(rule.facts[.semicolons], .bool(false))
            XCTAssertNil(rule.stale, "merge \(index): \(rule.stale?.reason ?? "")")
        }
    }

    /// immer's JavaScript imports: a rule stating relative imports, then a few merges whose import groups are mostly
    /// unsorted, too few for a fact that could lead a rule. The pass states the relative imports alike beside the thin
    /// new fact: the rule stands, unflagged, where it was kept as split between conventions for 675 merges.
    func testAThinNewFactDoesNotSinkTheFactsARuleStillStates() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: [ImportsMiner()])
        for index in 0..<13 {
            try history.commit(
                "Add m\(index)", files: ["src/m\(index).js": "import { helper } from './helper\(index)'\n\nexport const m\(index) = helper\n"])
        }
        XCTAssertEqual(history.last?.rule("javascript-style/imports")?.facts, [FactKey.relativeImports.rawValue: .string("relative")])
        for index in 0..<5 {
            // Three groups (Node built-ins, packages, the project's own) of two imports each, sorted in the first two merges.
            let groups = [["path", "fs"], ["zod", "lodash"], ["./y\(index)", "./x\(index)"]].map { group in
                (index < 2 ? group.reversed() : group).map { "import \($0.filter(\.isLetter)) from '\($0)'" }.joined(separator: "\n")
            }
            let code = groups.joined(separator: "\n\n") + "\n\nexport const u\(index) = 1\n"
            let step = try history.commit("Add u\(index)", files: ["src/u\(index).js": code])
            let rule = try XCTUnwrap(step.rule("javascript-style/imports"), "merge \(index)")
            XCTAssertEqual(rule.facts[.relativeImports], .string("relative"), "merge \(index)")
            XCTAssertNil(rule.stale, "merge \(index): \(rule.stale?.reason ?? "")")
        }
    }

    /// Half the subjects end with a pull request number: the weighted majority swaps at nearly every merge
    /// (cobra's and moshi's `pr_number_suffix` went true → false → true so). The value first stated stands until
    /// another holds a clear majority, so the commits skill is not re-versioned back and forth.
    func testAHabitHalfTheMergesKeepStatesOneValueThroughout() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: [CommitMessageMiner()])
        for index in 0..<30 {
            try history.commit(
                index.isMultiple(of: 2) ? "Handle case \(index) (#\(index + 1))" : "Handle case \(index)",
                files: ["notes/n\(index).txt": "\(index)\n"])
        }
        let stated = history.steps.compactMap { $0.rule("commits/message")?.facts[.prNumberSuffix]?.description }
        XCTAssertFalse(stated.isEmpty, "the habit is stated")
        XCTAssertEqual(Set(stated).count, 1, "stated at each step: \(stated)")
    }

    /// A week of squash merges that end with `(#123)` in a history that never did: a change point on the suffix's
    /// counter alone, which the commits rule (citing its convention) cannot name. cobra's rule took such a run
    /// as the new habit at mainline 281 and dropped it at 306; the rule reads the whole history instead.
    func testAWeekOfPullRequestSuffixesDoesNotRestateTheCommitsRule() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: [CommitMessageMiner()])
        for index in 0..<50 {
            let suffixed = (30..<38).contains(index)
            try history.commit(
                "Handle case \(index)" + (suffixed ? " (#\(index + 1))" : ""), files: ["notes/n\(index).txt": "\(index)\n"])
        }
        let stated = history.steps.compactMap { $0.rule("commits/message")?.facts[.prNumberSuffix]?.description }
        XCTAssertFalse(stated.isEmpty, "the habit is stated")
        XCTAssertEqual(Set(stated), ["false"], "stated at each step: \(stated)")
    }

    /// Conventional Commits adopted by most merges, then by a bare majority: the switch stays stated. express's
    /// rule said conventional at mainline 3513, free-form at 3623, conventional at 3633 and free-form at 3638, as
    /// the share since the switch moved about the 60% the test asks of a new switch.
    func testAnAdoptionKeptByABareMajorityStaysStated() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: [CommitMessageMiner()])
        let conventional =
            Array(repeating: false, count: 20) + [true, true, true, false, true, true, true, true, false, true]
            + [true, false, false, true, false, true, false, true, false, false] + [false, false]
        for (index, adopted) in conventional.enumerated() {
            try history.commit(
                adopted ? "fix: handle case \(index)" : "Handle case \(index)", files: ["notes/n\(index).txt": "\(index)\n"])
        }
        let stated = history.steps.map { $0.rule("commits/message")?.facts[.commitConvention]?.description ?? "-" }
        let adopted = try XCTUnwrap(stated.firstIndex(of: "conventional"), "the adoption is stated: \(stated)")
        XCTAssertEqual(Set(stated[adopted...]), ["conventional"], "from step \(adopted + 1): \(stated[adopted...])")
    }

    /// A habit seven commits in ten keep is a mix: ten merges of which seven keep its other value are the mix on a
    /// good run, neither a switch nor a move away from it (bat's subjects, a third of them Conventional Commits
    /// over its last hundred merges). Nothing is flagged.
    func testARunOfOneValueInAMixedHabitFlagsNothing() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: [CommitMessageMiner()])
        for index in 0..<110 {
            let conventional = index >= 100 ? [0, 1, 2, 4, 5, 7, 9].contains(index % 10) : index % 10 < 3
            try history.commit(
                conventional ? "fix: handle case \(index)" : "Handle case \(index)", files: ["notes/n\(index).txt": "\(index)\n"])
        }
        let rule = try XCTUnwrap(history.last?.rule("commits/message"))
        XCTAssertLessThan(rule.share, SkillPolicy.standard.mixedShare, "the habit is a mix")
        let flagged = history.steps.filter { $0.rule("commits/message")?.stale != nil }.map(\.index)
        XCTAssertEqual(flagged, [], "flagged at steps \(flagged)")
    }

    /// cobra's doc comments: a switch to starting with the declared name (2018), then merges that keep it seven times
    /// in ten, a share the miner calls mixed. The switch still holds, so the rule keeps it and the fact it stated;
    /// it lost both at mainline 251 and found them again at 401, then again at 911 and 921.
    func testASwitchWhoseFactBecomesAMixSinceItIsKept() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: [DocCommentMiner()])
        func file(_ index: Int, named: Bool) -> [String: String] {
            let functions = (0..<3).map { part in
                let name = "F\(index)x\(part)"
                return (named ? "// \(name) returns the total.\n" : "// Returns the total.\n") + "func \(name)() int { return \(part) }\n"
            }
            return ["p/f\(index).go": "package p\n\n" + functions.joined(separator: "\n")]
        }
        let named =
            Array(repeating: false, count: 20) + Array(repeating: true, count: 10)
            + [true, false, true, true, false, true, false, true, true, false, true, false, true, false]
        for (index, keeps) in named.enumerated() { try history.commit("Add f\(index)", files: file(index, named: keeps)) }
        let stated = history.steps.map { $0.rule("go-style/docs")?.facts[.docCommentStartsWithName]?.description ?? "-" }
        let switched = try XCTUnwrap(stated.firstIndex(of: "true"), "the switch is stated: \(stated)")
        XCTAssertEqual(Set(stated[switched...]), ["true"], "from step \(switched + 1): \(stated[switched...])")
        XCTAssertNotNil(history.last?.rule("go-style/docs")?.since, "the rule still names its switch")
    }

    // MARK: One odd merge

    func testOneOddMergeInALongStableHistoryFlagsNothing() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: Self.miners)
        for index in 0..<20 {
            var files = ConventionCode.python(index, indent: 4)
            files.merge(ConventionCode.swift(index, swiftTesting: false)) { $1 }
            try history.commit("feat(app): add m\(index)", files: files)
        }
        let settled = try XCTUnwrap(history.last)
        XCTAssertEqual(settled.skills.map(\.name), ["python-style", "swift-style", "testing", "commits"])
        // Rules whose evidence builds up at different paces may add a version or two while the history settles.
        let settledVersions = try ["python-style", "swift-style", "testing", "commits"].map { try history.versions($0).count }

        // One merge that does everything differently: 2-space Python, Swift Testing, a free-form subject.
        var odd = ConventionCode.python(20, indent: 2)
        odd.merge(ConventionCode.swift(20, swiftTesting: true)) { $1 }
        let oddStep = try history.merge("odd", message: "Rework the totals the other way", files: odd)
        XCTAssertEqual(oddStep.report.changes.changed, [], "the odd merge changes no skill")
        for merge in 1...10 {
            let index = 20 + merge
            var files = ConventionCode.python(index, indent: 4)
            files.merge(ConventionCode.swift(index, swiftTesting: false)) { $1 }
            try history.merge("usual-\(merge)", message: "feat(app): add m\(index)", files: files)
        }
        for step in history.steps {
            for skill in step.skills {
                XCTAssertEqual(skill.status, .active, "\(skill.name) at step \(step.index): \(skill.rules.compactMap(\.stale?.reason))")
            }
        }
        for (name, count) in zip(["python-style", "swift-style", "testing", "commits"], settledVersions) {
            XCTAssertEqual(
                try history.versions(name).map(\.status), Array(repeating: .active, count: count),
                "\(name): no new version after the history settled, never stale")
        }
    }

    // MARK: One file edited again and again

    /// A Go file of six functions indented with `indent`, the `n`th of its kind.
    private static func goFile(_ n: Int, indent: String = "\t") -> String {
        "package app\n"
            + (0..<6).map { f in
                "\nfunc F\(n)x\(f)(a int) int {\n\(indent)if a > \(f) {\n\(indent)\(indent)return a\n\(indent)}\n\(indent)return \(n)\n}\n"
            }.joined()
    }

    /// cobra, 2022-04 to 05: seven merges in a row edit the bash script its completions hold in a Go raw string,
    /// and the lines each diff adds there, read without the string's opening line, are Go indented with spaces.
    /// That is one file's own style, which the rule tells merges to keep: nothing is flagged. The same merges
    /// spread over files are a new convention.
    func testMergesThatAllEditOneFileDoNotFlagTheRepositorysIndentation() throws {
        func script(_ lines: Int) -> String {
            let body = (0..<lines).map { "    echo \"step \($0)\"\n    if [ -n \"$x\" ]; then\n        x=\($0)\n    fi" }
            return "package app\n\nconst script = `\n" + body.joined(separator: "\n") + "\n`\n\nfunc Script() string {\n\treturn script\n}\n"
        }
        for spread in [false, true] {
            let history = try ReplayedHistory(store: try makeStore(), miners: Self.miners)
            for index in 0..<20 {
                var files = ["app/f\(index).go": Self.goFile(index)]
                if index == 0 { files["script.go"] = script(1) }
                try history.commit("Add F\(index)", files: files)
            }
            XCTAssertEqual(history.last?.rule("go-style/indentation")?.facts[.indentStyle], .string("tab"))
            // As at cobra: eight of ten merges keep spaces, two the usual tabs.
            for merge in 1...10 {
                var files = spread ? ["other/s\(merge).go": Self.goFile(100 + merge, indent: "    ")] : ["script.go": script(1 + merge * 3)]
                if merge == 4 || merge == 8 { files = ["app/g\(merge).go": Self.goFile(200 + merge)] }
                try history.merge("script-\(merge)", message: "Extend the script \(merge)", files: files)
            }
            let flagged = history.steps.compactMap { $0.rule("go-style/indentation")?.stale?.reason }
            let stated = Set(history.steps.compactMap { $0.rule("go-style/indentation")?.facts[.indentStyle] })
            if spread {
                XCTAssertTrue(!flagged.isEmpty || stated.contains(.string("space")), "spread over files, the merges move the rule")
            } else {
                XCTAssertEqual(flagged, [], "one file's merges flag nothing")
                XCTAssertEqual(stated, [.string("tab")])
            }
        }
    }

    // MARK: A folder renamed

    /// A folder moved keeps the rules of its code: they cite the old paths (at their commits) until merges cite
    /// the new ones, and are not stale meanwhile. A language whose files all left the head takes its rules with it.
    func testRulesOfMovedFilesStandAndRulesOfALanguageGoneAreRetired() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: Self.miners)
        for index in 0..<8 {
            try history.commit("feat(app): add m\(index)", files: ConventionCode.python(index, indent: 4, tests: false))
        }
        let before = try XCTUnwrap(history.last)
        XCTAssertEqual(before.status("python-style"), .active)
        let cited = try XCTUnwrap(before.rule("python-style/indentation")).evidence.compactMap(\.path)
        XCTAssertEqual(cited, ["app/m7.py", "app/m6.py", "app/m5.py"])

        // One commit that only renames: the whole folder moves.
        try history.fixture.move("app", to: "lib")
        let renamed = try history.commit("refactor: move app to lib")
        XCTAssertEqual(renamed.report.lines, 0, "a pure rename adds no line, so it cites nothing new")
        XCTAssertEqual(renamed.status("python-style"), .active, "Python files are still there: the code moved")
        let indentation = try XCTUnwrap(renamed.rule("python-style/indentation"))
        XCTAssertNil(indentation.stale)
        XCTAssertEqual(
            indentation.evidence.compactMap(\.path), ["app/m7.py", "app/m6.py", "app/m5.py"], "the evidence still points at the old folder")

        // The next merge into the new folder cites a file that exists.
        let next = try history.merge("more", message: "feat(lib): add m8", files: ["lib/m8.py": ConventionCode.pythonModule("m8", indent: 4)])
        XCTAssertEqual(next.status("python-style"), .active)
        XCTAssertEqual(next.rule("python-style/indentation")?.evidence.first?.path, "lib/m8.py")
        XCTAssertFalse(try history.versions("python-style").contains { $0.status == .stale }, "no flag raised and dropped")

        // The Python code is removed: nothing is left for its rules to hold.
        _ = try history.fixture.git("rm", "-r", "-q", "lib")
        let removed = try history.commit("chore: drop the Python package", files: ["README.md": "# Gone\n"])
        XCTAssertNil(removed.rule("python-style/indentation"), "no Python is left for the rule to hold")
        XCTAssertNil(removed.status("python-style"), "a skill left with no rule is retired")
        XCTAssertFalse(try history.versions("python-style").contains { $0.status == .stale }, "never flagged on the way out")
        XCTAssertEqual(removed.status("commits"), .active, "commit messages cite commits, not files")

        // Python comes back: its rules are drawn from the history again.
        let back = try history.merge("again", message: "feat(lib): bring m9 back", files: ["lib/m9.py": ConventionCode.pythonModule("m9", indent: 4)])
        XCTAssertEqual(back.rule("python-style/indentation")?.facts[.indentStyle], .string("space"))
    }

    /// `gone` retires a rule only when every file it cites is missing at the head; one that exists is enough.
    func testGoneNeedsEveryCitedFileMissing() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: Self.miners)
        for index in 0..<5 {
            try history.commit("feat(app): add m\(index)", files: ConventionCode.python(index, indent: 4, tests: false))
        }
        let head = try history.fixture.revParse("HEAD")
        let repository = try GitRepository(path: history.path)
        var rule = try XCTUnwrap(history.last?.rule("python-style/indentation"))
        let none: () -> Set<Language> = { [] }
        XCTAssertFalse(RuleSynthesizer.gone(rule, in: repository, at: head, languages: none))
        rule.evidence = [
            EvidenceLocation(commit: head, path: "app/missing.py", line: 1),
            EvidenceLocation(commit: head, path: "app/m4.py", line: 2),
        ]
        XCTAssertFalse(RuleSynthesizer.gone(rule, in: repository, at: head, languages: none), "one cited file still exists")
        rule.evidence = [
            EvidenceLocation(commit: head, path: "app/missing.py", line: 1),
            EvidenceLocation(commit: head, path: "app", line: 2),
            EvidenceLocation(commit: head, path: "app/missing.py", line: 9),
        ]
        XCTAssertTrue(RuleSynthesizer.gone(rule, in: repository, at: head, languages: none), "a folder is not a file")
        XCTAssertFalse(
            RuleSynthesizer.gone(rule, in: repository, at: head) { repository.languages(at: head) },
            "Python files remain at the head: the cited ones moved, the rule still applies")
        XCTAssertEqual(repository.languages(at: head), [.python])
        rule.evidence = [EvidenceLocation(commit: head, path: nil, line: nil)]
        XCTAssertFalse(
            RuleSynthesizer.gone(rule, in: repository, at: head) { [.python] }, "a rule that cites no file stands while its language does")
        XCTAssertTrue(RuleSynthesizer.gone(rule, in: repository, at: head, languages: none), "and goes with it")
        rule.scope.language = nil
        XCTAssertFalse(RuleSynthesizer.gone(rule, in: repository, at: head, languages: none), "a rule of no language cannot be gone")
    }

    // MARK: Helpers

    private func assertCitesOnly(
        _ places: [EvidenceLocation], commits: Set<String>, pathsMatching: ((String) -> Bool)?,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertFalse(places.isEmpty, "the stale rule cites counter-evidence", file: file, line: line)
        for place in places {
            XCTAssertTrue(commits.contains(place.commit), "\(place.commit) is a commit of the new convention", file: file, line: line)
            if let pathsMatching {
                let path = try XCTUnwrap(place.path, file: file, line: line)
                XCTAssertTrue(pathsMatching(path), "cites \(path)", file: file, line: line)
                XCTAssertNotNil(place.line, file: file, line: line)
            } else {
                XCTAssertNil(place.path, file: file, line: line)
            }
        }
    }

    /// Before the `switchesAt`-th merge in the new convention the rule states the old value; from it on, the
    /// new one, its statement beginning with `statement`, citing the first merge in the new convention (or the
    /// commit it merged) as the switch and the old value as what came before.
    private func assertSwitched(
        _ switched: [ReplayedHistory.Step], rule id: String, fact: FactKey, from old: FactValue, to new: FactValue,
        statement: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        for (offset, step) in switched.enumerated() {
            let rule = try XCTUnwrap(step.rule(id), "\(id) at merge \(offset + 1)", file: file, line: line)
            XCTAssertNil(rule.stale, "\(id) at merge \(offset + 1): \(rule.stale?.reason ?? "")", file: file, line: line)
            guard offset + 1 >= Self.switchesAt else {
                XCTAssertEqual(rule.facts[fact], old, "\(id) at merge \(offset + 1)", file: file, line: line)
                XCTAssertNil(rule.since, file: file, line: line)
                continue
            }
            XCTAssertEqual(rule.facts[fact], new, "\(id) at merge \(offset + 1)", file: file, line: line)
            XCTAssertTrue(rule.statement.hasPrefix(statement), rule.statement, file: file, line: line)
            let since = try XCTUnwrap(rule.since, file: file, line: line)
            XCTAssertTrue(
                [switched[0].sha, switched[0].featureSHA].contains(since.commit), "switch cited at \(since.commit)", file: file, line: line)
            XCTAssertEqual(since.before[fact.rawValue], old, file: file, line: line)
            XCTAssertTrue(
                rule.statement.hasSuffix("Since 2020-11 (`\(since.commit.prefix(10))`); before that the code kept `\(fact.rawValue): \(old)`."),
                rule.statement, file: file, line: line)
        }
    }

    /// Skills and rules that kept their convention are never stale, at any step of the replay.
    private func assertNeverStale(
        _ history: ReplayedHistory, skills: [String], rules: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        for step in history.steps {
            for name in skills {
                XCTAssertNotEqual(step.status(name), .stale, "\(name) at step \(step.index)", file: file, line: line)
            }
            for id in rules {
                XCTAssertNil(step.rule(id)?.stale, "\(id) at step \(step.index)", file: file, line: line)
            }
        }
        let last = history.steps.last
        for name in skills { XCTAssertNotNil(last?.skill(name), "\(name) exists", file: file, line: line) }
        for id in rules { XCTAssertNotNil(last?.rule(id), "\(id) exists", file: file, line: line) }
    }
}
