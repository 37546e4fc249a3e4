import XCTest

@testable import TasteCore

final class CoChangeMinerTests: XCTestCase {
    func testUnitsAreFoldersAtAUsefulDepthAndSpecialFilesByName() {
        let cases: [(String, String?)] = [
            ("Sources/App/Greeter.swift", "Sources/App/"),
            ("Sources/App/Deep/Inner.swift", "Sources/App/"),
            ("Tests/AppTests/GreeterTests.swift", "Tests/AppTests/"),
            ("src/flask/app.py", "src/flask/"),
            ("src/main.rs", "src/"),
            ("tests/test_app.py", "tests/"),
            ("binding/json.go", "binding/"),
            ("crates/core/src/main.rs", "crates/core/"),
            ("docs/api/index.md", "docs/"),
            ("doc/cobra.md", "doc/"),
            ("CHANGELOG.md", "CHANGELOG.md"),
            ("CHANGES.rst", "CHANGES.rst"),
            ("History.md", "History.md"),
            ("packages/ui/CHANGELOG.md", "packages/ui/CHANGELOG.md"),
            ("README.md", "README.md"),
            ("Package.swift", "Package.swift"),
            ("crates/core/Cargo.toml", "crates/core/Cargo.toml"),
            ("go.mod", "go.mod"),
            ("Makefile", nil),
            ("context.go", nil),
            ("go.sum", nil),
            ("Package.resolved", nil),
            ("Godeps/_workspace/src/x/y.go", nil),
        ]
        for (path, unit) in cases {
            XCTAssertEqual(CoChangeMiner.unit(of: path), unit, path)
        }
        XCTAssertEqual(CoChangeMiner.unit(of: "src/history.py"), "src/", "a source file named like a changelog is code")
    }

    func testRoles() {
        XCTAssertEqual(CoChangeMiner.role(of: "Sources/App/"), .code)
        XCTAssertEqual(CoChangeMiner.role(of: "Tests/AppTests/"), .tests)
        XCTAssertEqual(CoChangeMiner.role(of: "test/"), .tests)
        XCTAssertEqual(CoChangeMiner.role(of: "docs/"), .docs)
        XCTAssertEqual(CoChangeMiner.role(of: "CHANGES.rst"), .changelog)
        XCTAssertEqual(CoChangeMiner.role(of: "README.md"), .readme)
        XCTAssertEqual(CoChangeMiner.role(of: "Package.swift"), .manifest)
        XCTAssertEqual(CoChangeMiner.role(of: ".github/"), .other)
    }

    /// Commits given as lists of touched paths, one commit each, mined into rules as the pipeline would.
    private func rules(_ commits: [[String]], miner: any Miner = CoChangeMiner()) -> [RuleDraft] {
        var counts: [TallyKey: (count: Int, commits: Int)] = [:]
        var distinct: [String: Set<String>] = [:]
        for (index, paths) in commits.enumerated() {
            let sha = String(format: "%040d", index)
            var sink = ObservationSink(miner: miner.identifier, commit: sha)
            let record = CommitRecord(
                sha: sha, parents: ["p"], authorName: "Ada", authorEmail: "ada@example.com",
                time: 1_600_000_000, message: "Change")
            miner.observe(touched: paths, of: record, into: &sink)
            for (key, count) in sink.counts {
                counts[key, default: (0, 0)].count += count
                counts[key, default: (0, 0)].commits += 1
                distinct[key.scope, default: []].insert(sha)
            }
        }
        var tallies = MinerTallies()
        for (key, value) in counts {
            tallies.scopes[key.scope, default: ScopeTallies()].values[key.key, default: [:]][key.value] =
                TallyStat(weight: Double(value.count), count: value.count, commits: value.commits)
        }
        for (scope, shas) in distinct { tallies.scopes[scope]?.commits = shas.count }
        return miner.rules(from: tallies)
    }

    private func facts(_ commits: [[String]]) -> [String: FactValue] {
        rules(commits).reduce(into: [:]) { facts, draft in facts.merge(draft.facts) { first, _ in first } }
    }

    func testSourcesAndTheirTestsTravelTogether() throws {
        let commits =
            Array(repeating: ["Sources/Parser/Lexer.swift", "Tests/ParserTests/LexerTests.swift"], count: 14)
            + Array(repeating: ["Sources/Parser/Token.swift"], count: 4)
            + Array(repeating: ["Sources/Store/DB.swift"], count: 20)
        let draft = try XCTUnwrap(rules(commits).first { $0.topic == "paths" })
        XCTAssertEqual(
            draft.facts[.coChanges], .strings(["Sources/Parser/ -> Tests/ParserTests/"]),
            "the test root `Tests/` is not listed beside one of its folders")
        XCTAssertTrue(
            draft.statement.contains("a change under `Sources/Parser/` also changes `Tests/ParserTests/` (78% of 18 commits)"),
            draft.statement)
        XCTAssertEqual(draft.skill, .cochange)
        XCTAssertEqual(draft.evidence.map(\.value), ["Sources/Parser/\tTests/ParserTests/"])
    }

    func testTestsSpreadOverSeveralFoldersGoWithTheCodeThroughTheirRoot() {
        var commits: [[String]] = []
        for index in 0..<12 {
            let folder = ["UnitTests", "EndToEndTests", "ExampleTests"][index % 3]
            commits.append(["Sources/Parser/Lexer.swift", "Tests/\(folder)/LexerTests.swift"])
        }
        commits += Array(repeating: ["Sources/Store/DB.swift"], count: 12)
        XCTAssertEqual(facts(commits)["co_changes"], .strings(["Sources/Parser/ -> Tests/"]))
    }

    func testWhatChangesWithEverythingIsNoAssociation() {
        // README.md is in every commit: knowing the code changed tells nothing more (lift 1).
        let commits =
            Array(repeating: ["Sources/Parser/Lexer.swift", "README.md"], count: 10)
            + Array(repeating: ["Sources/Store/DB.swift", "README.md"], count: 10)
        XCTAssertNil(facts(commits)["co_changes"])
    }

    func testFewCommitsOrWeakConfidenceGiveNoAssociation() {
        let few =
            Array(repeating: ["Sources/Parser/Lexer.swift", "Tests/ParserTests/LexerTests.swift"], count: 4)
            + Array(repeating: ["Sources/Store/DB.swift"], count: 10)
        XCTAssertNil(facts(few)["co_changes"], "four commits are too few")
        let weak =
            Array(repeating: ["Sources/Parser/Lexer.swift", "Tests/ParserTests/LexerTests.swift"], count: 10)
            + Array(repeating: ["Sources/Parser/Token.swift"], count: 10)
            + Array(repeating: ["Sources/Store/DB.swift"], count: 10)
        XCTAssertNil(facts(weak)["co_changes"], "half the changes to the parser leave its tests alone")
    }

    /// An association the last version stated stays while it passes the tests loosened (``SkillPolicy``'s
    /// `holdCliffTolerance`); one that was never stated needs them as they are, and one the code left goes.
    func testAStatedAssociationAtTheThresholdStays() throws {
        func history(together: Int) -> [[String]] {
            Array(repeating: ["Sources/Parser/Lexer.swift", "Tests/ParserTests/LexerTests.swift"], count: together)
                + Array(repeating: ["Sources/Parser/Token.swift"], count: 20 - together)
                + Array(repeating: ["Sources/Store/DB.swift"], count: 20)
        }
        let stated = ["co-change/paths": [FactKey.coChanges.rawValue: FactValue.strings(["Sources/Parser/ -> Tests/ParserTests/"])]]
        let holding = CoChangeMiner().holding(stated, policy: .standard)
        XCTAssertNil(facts(history(together: 11))["co_changes"], "11 of 20 (55%) is under the 60% a new association needs")
        let held = try XCTUnwrap(rules(history(together: 11), miner: holding).first { $0.topic == "paths" })
        XCTAssertEqual(held.facts[.coChanges], .strings(["Sources/Parser/ -> Tests/ParserTests/"]))
        XCTAssertNil(
            rules(history(together: 5), miner: holding).first { $0.topic == "paths" }, "5 of 20 is no habit, stated or not")
    }

    /// Which folders change together is a habit of the work, not a convention: one that faded is retired, never
    /// flagged as split between conventions.
    func testAnAssociationThatFadedIsRetiredNotFlagged() throws {
        let fixture = try GitFixture()
        for index in 0..<14 {
            try fixture.commit(
                "Lex \(index)",
                files: [
                    "Sources/Parser/Lexer.swift": "let lexer = \(index)\n", "Tests/ParserTests/LexerTests.swift": "let lexerTest = \(index)\n",
                ])
        }
        for index in 0..<20 { try fixture.commit("Store \(index)", files: ["Sources/Store/DB.swift": "let db = \(index)\n"]) }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(
            try rule("co-change/paths", of: fixture.path, in: store).facts[.coChanges], .strings(["Sources/Parser/ -> Tests/ParserTests/"]))

        for index in 0..<40 { try fixture.commit("Token \(index)", files: ["Sources/Parser/Token.swift": "let token = \(index)\n"]) }
        try mine(fixture.path, into: store)
        let rules = try skills(of: fixture.path, in: store).flatMap(\.rules)
        XCTAssertNil(rules.first { $0.id == "co-change/paths" }, "\(rules.map(\.id))")
    }

    func testSweepsCountNoPairs() {
        let sweep = (0..<20).map { "Sources/Module\($0)/File.swift" }
        var counts = 0
        let miner = CoChangeMiner()
        var sink = ObservationSink(miner: miner.identifier, commit: "s")
        miner.observe(
            touched: sweep, of: CommitRecord(sha: "s", parents: ["p"], authorName: "A", authorEmail: "a", time: 0, message: "Format"),
            into: &sink)
        counts = sink.counts.keys.filter { $0.key == "pair" || $0.key == "unit" }.count
        XCTAssertEqual(counts, 0, "a formatting sweep over 20 modules says nothing about what goes together")
        XCTAssertEqual(sink.counts.keys.filter { $0.key == "changelog" }.count, 1, "it still changed code")
    }

    func testChangelogHabit() throws {
        let keeps = Array(repeating: ["src/app/main.py", "CHANGES.rst"], count: 7) + Array(repeating: ["src/app/util.py"], count: 3)
        let draft = try XCTUnwrap(rules(keeps).first { $0.topic == "changelog" })
        XCTAssertEqual(draft.facts[.changelogEntry], .bool(true))
        XCTAssertEqual(draft.facts[.changelogFile], .string("CHANGES.rst"))
        XCTAssertEqual(draft.statement, "Add a `CHANGES.rst` entry with user-facing changes (70% of commits that change code do).")

        let releases = Array(repeating: ["CHANGELOG.md"], count: 4) + Array(repeating: ["crates/core/src/lib.rs"], count: 20)
        let separate = try XCTUnwrap(rules(releases).first { $0.topic == "changelog" })
        XCTAssertEqual(separate.facts[.changelogEntry], .bool(false))
        XCTAssertTrue(separate.statement.hasPrefix("Do not edit `CHANGELOG.md` in every change"), separate.statement)

        // Root-level Go files are code too (gin, cobra keep their package at the root).
        let root = Array(repeating: ["context.go", "CHANGELOG.md"], count: 8) + Array(repeating: ["context_test.go"], count: 8)
        XCTAssertEqual(facts(root)["changelog_entry"], .bool(true))

        let none = Array(repeating: ["src/app/main.py", "tests/test_main.py"], count: 10)
        XCTAssertNil(facts(none)["changelog_entry"], "no changelog, no rule about one")

        // A second changelog touched twice lately, and leading by weight, is not yet the one named: nor does it take the
        // rule away.
        var stats = ScopeTallies(commits: 20)
        stats.values["changelog"] = ["no": TallyStat(weight: 20, count: 20, commits: 20)]
        stats.values["changelog_file"] = [
            "ChangeLog": TallyStat(weight: 1.5, count: 3, commits: 3), "NEWS": TallyStat(weight: 2, count: 2, commits: 2),
        ]
        let named = try XCTUnwrap(CoChangeMiner().changelogRule(stats))
        XCTAssertEqual(named.facts[.changelogFile], .string("ChangeLog"))
    }

    /// The differ lists every path a commit touched, read or not, but not what the repository excludes.
    func testTouchedPathsIncludeUnreadFilesAndDeletionsNotVendoredOnes() throws {
        let fixture = try GitFixture()
        try fixture.commit("Start", files: ["Sources/App/A.swift": "let a = 1\n", "old.txt": "gone soon\n"])
        _ = try fixture.git("rm", "-q", "old.txt")
        let sha = try fixture.commit(
            "Change",
            files: [
                "Sources/App/A.swift": "let a = 2\n", "CHANGELOG.md": "- a is 2\n", "docs/a.md": "# A\n",
                "vendor/lib/notes.txt": "vendored\n", "logo.png": "\u{0}\u{1}binary",
            ])
        let classifier = PathClassifier()
        let differ = try CommitDiffer(
            repositoryPath: fixture.path,
            policy: DiffPolicy(
                classify: { classifier.decide($0) }, isGenerated: PathClassifier.isGenerated, isExcluded: { classifier.isExcluded($0) }))
        let changes = try differ.changes(for: sha)
        XCTAssertEqual(changes.touchedPaths.sorted(), ["CHANGELOG.md", "Sources/App/A.swift", "docs/a.md", "logo.png", "old.txt"])
        XCTAssertEqual(changes.files.map(\.path), ["Sources/App/A.swift"], "only what miners read is loaded")
    }
}
