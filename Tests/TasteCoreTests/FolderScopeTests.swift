import Foundation
import XCTest

@testable import TasteCore

/// Monorepos: a package folder (one with its own manifest) that keeps its own convention gets rules scoped
/// to it; packages that agree with the rest get none.
final class FolderScopeTests: XCTestCase {
    private func javascript(_ name: String, indent: Int) -> String {
        javascript(name, indentedWith: String(repeating: " ", count: indent))
    }

    /// A small JavaScript module, each level indented with `i` (spaces, or a tab).
    private func javascript(_ name: String, indentedWith i: String) -> String {
        "export function \(name)(items) {\n\(i)let total = 0;\n\(i)for (const item of items) {\n\(i)\(i)if (item > 0) {\n\(i)\(i)\(i)total += item;\n\(i)\(i)}\n\(i)}\n\(i)return total;\n}\n"
    }

    /// Commits a root manifest, one for each package under `packages/`, and `others` beside them.
    private func commitPackages(_ names: [String], in fixture: GitFixture, with others: [String: String] = [:]) throws {
        var files = others
        files["package.json"] = "{\"private\": true}\n"
        for name in names { files["packages/\(name)/package.json"] = "{\"name\": \"\(name)\"}\n" }
        try fixture.commit("chore: packages", files: files)
    }

    /// Mines `fixture` into a new store, and every rule it states.
    private func minedRules(_ fixture: GitFixture) throws -> (store: Store, rules: [Rule]) {
        let store = try makeStore()
        try mine(fixture.path, into: store)
        return (store, try skills(of: fixture.path, in: store).flatMap(\.rules))
    }

    func testAPackageWithItsOwnIndentationGetsARuleScopedToItsFolder() throws {
        let fixture = try GitFixture()
        try commitPackages(["web", "api", "ui"], in: fixture)
        for index in 0..<14 {
            try fixture.commit("feat(web): add w\(index)", files: ["packages/web/src/w\(index).js": javascript("w\(index)", indent: 2)])
        }
        for index in 0..<SkillPolicy.standard.folderMinimumCommits {
            try fixture.commit("feat(api): add a\(index)", files: ["packages/api/src/a\(index).js": javascript("a\(index)", indent: 4)])
            try fixture.commit("feat(ui): add u\(index)", files: ["packages/ui/src/u\(index).js": javascript("u\(index)", indent: 2)])
        }
        let (store, rules) = try minedRules(fixture)

        let wide = try XCTUnwrap(rules.first { $0.id == "javascript-style/indentation" })
        XCTAssertEqual(wide.facts[.indentSize], .int(2))
        let api = try XCTUnwrap(rules.first { $0.id == "javascript-style/indentation@packages/api" }, "rules: \(rules.map(\.id))")
        XCTAssertEqual(api.facts[.indentSize], .int(4))
        XCTAssertEqual(api.scope.paths.first { $0.hasSuffix(".js") }, "packages/api/**/*.js")
        XCTAssertTrue(api.statement.hasPrefix("In `packages/api/`: Indent with 4 spaces"), api.statement)
        XCTAssertTrue(api.evidence.allSatisfy { $0.path?.hasPrefix("packages/api/") == true }, "\(api.evidence)")
        XCTAssertFalse(
            rules.contains { $0.id.hasSuffix("@packages/web") || $0.id.hasSuffix("@packages/ui") },
            "packages that keep the repository's convention get no rules of their own: \(rules.map(\.id))")

        let forAPI = try MinedRepository.load(store: store, repositoryPath: fixture.path).skills(forPath: "packages/api/src/new.js", language: nil)
        XCTAssertTrue(forAPI.flatMap(\.rules).contains { $0.id == api.id }, "an agent asking about a file in the package gets the package's rule")
        let forWeb = try MinedRepository.load(store: store, repositoryPath: fixture.path).skills(forPath: "packages/web/src/new.js", language: nil)
        XCTAssertFalse(forWeb.flatMap(\.rules).contains { $0.id == api.id })
    }

    /// A package's rules are its merges' alone: the files at the head are the whole repository's, and a hundred files
    /// indented with spaces there would replace a package's tabs with everyone's spaces, and its rule with none.
    func testAPackageKeepsItsOwnStyleThoughTheHeadMostlyKeepsAnother() throws {
        let fixture = try GitFixture()
        try commitPackages(["api", "web"], in: fixture)
        for batch in 0..<20 {
            let files = (0..<5).map { "w\(batch * 5 + $0)" }
            try fixture.commit(
                "feat(web): add batch \(batch)",
                files: Dictionary(uniqueKeysWithValues: files.map { ("packages/web/src/\($0).js", javascript($0, indent: 2)) }))
        }
        for index in 0..<SkillPolicy.standard.folderMinimumCommits {
            try fixture.commit("feat(api): add a\(index)", files: ["packages/api/src/a\(index).js": javascript("a\(index)", indentedWith: "\t")])
        }
        let rules = try minedRules(fixture).rules
        let api = try XCTUnwrap(rules.first { $0.id == "javascript-style/indentation@packages/api" }, "rules: \(rules.map(\.id))")
        XCTAssertEqual(api.facts[.indentStyle], .string("tab"))
    }

    /// ripgrep's Ruby formula sits at the root; each crate with its own rules was lent a Ruby indent "as the other
    /// languages here do", for code no crate holds. A folder's rules are its own code's.
    func testAFolderLendsNoHabitToALanguageItDoesNotHold() throws {
        let fixture = try GitFixture()
        try commitPackages(["api"], in: fixture, with: ["scripts/release.sh": "#!/bin/sh\nset -e\nnpm publish\n"])
        for index in 0..<14 {
            try fixture.commit("feat(web): add w\(index)", files: ["src/w\(index).js": javascript("w\(index)", indent: 2)])
            try fixture.commit("feat(api): add a\(index)", files: ["packages/api/src/a\(index).js": javascript("a\(index)", indent: 4)])
        }
        try fixture.commit("chore: release script", files: ["scripts/release.sh": "#!/bin/sh\nset -e\nnpm test\nnpm publish\n"])
        let rules = try minedRules(fixture).rules
        XCTAssertNotNil(rules.first { $0.id == "javascript-style/indentation@packages/api" }, "rules: \(rules.map(\.id))")
        XCTAssertFalse(rules.contains { $0.id.hasPrefix("shell-style/") && $0.id.contains("@") }, "rules: \(rules.map(\.id))")
    }

    /// JavaScript lines of the given widths, each one statement.
    private func lines(_ widths: [Int]) -> String {
        widths.map { "const v = " + String(repeating: "a", count: $0 - 11) + ";" }.joined(separator: "\n") + "\n"
    }

    /// A package wrapped at 120 whose lines past it sit about the 3% the cliff test allows, as moshi's
    /// `moshi/` folder did: its rule is stated once and stays, neither dropped as split nor restored every
    /// few merges (moshi's `kotlin-style/line-length@moshi` went so at mainline 651–661 and 671–961).
    func testAPackageLimitAtTheCliffsThresholdStaysStated() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: [LineLengthMiner()])
        try history.commit(
            "chore: packages",
            files: [
                "package.json": "{\"private\": true}\n", "packages/api/package.json": "{\"name\": \"api\"}\n",
                // Code elsewhere keeps no limit, so the package's limit is its own.
                "src/wide.js": lines((0..<3000).map { 60 + $0 % 141 }),
            ])
        let wrapped = (0..<100).map { 100 + $0 % 21 }
        let over = { (count: Int) in Array(repeating: 150, count: count) }
        // Ten files with 3% of lines past 120, then one with 12 and three with none, again and again.
        let pastLimit = Array(repeating: 3, count: 10) + Array(repeating: [12, 0, 0, 0], count: 6).flatMap { $0 }
        for (index, count) in pastLimit.enumerated() {
            try history.commit(
                "feat(api): add a\(index)", files: ["packages/api/src/a\(index).js": lines(wrapped + over(count))])
        }
        let id = "javascript-style/line-length@packages/api"
        let first = try XCTUnwrap(history.steps.firstIndex { $0.rule(id) != nil }, "the package's limit is stated")
        let stated = history.steps[first...].map { step in
            step.rule(id).map { "\($0.facts[.maxLineLength]?.description ?? "-")\($0.stale == nil ? "" : " stale")" } ?? "absent"
        }
        XCTAssertEqual(Set(stated), ["120"], "from step \(first + 1): \(stated)")
    }

    /// A package that comes round to the repository's convention loses its own rule without a flag: the
    /// repository's rule covers it again, and nothing is split.
    func testAPackageThatJoinsTheRepositorysConventionLosesItsRuleUnflagged() throws {
        let history = try ReplayedHistory(store: try makeStore(), miners: [IndentationMiner()])
        try history.commit(
            "chore: packages",
            files: ["package.json": "{\"private\": true}\n", "packages/api/package.json": "{\"name\": \"api\"}\n"])
        for index in 0..<14 {
            try history.commit("feat(web): add w\(index)", files: ["src/w\(index).js": javascript("w\(index)", indent: 2)])
            try history.commit("feat(api): add a\(index)", files: ["packages/api/src/a\(index).js": javascript("a\(index)", indent: 4)])
        }
        let id = "javascript-style/indentation@packages/api"
        XCTAssertEqual(history.last?.rule(id)?.facts[.indentSize], .int(4))
        for index in 0..<40 {
            try history.commit(
                "refactor(api): reindent a\(index % 14)", files: ["packages/api/src/a\(index % 14).js": javascript("b\(index)", indent: 2)])
        }
        let final = try XCTUnwrap(history.last)
        XCTAssertNil(final.rule(id), "the package keeps the repository's 2 spaces now")
        XCTAssertEqual(history.steps.compactMap { $0.rule(id)?.stale?.reason }, [], "never flagged on the way")
        XCTAssertEqual(final.status("javascript-style"), .active)
    }

    func testPackageFoldersAreFoldersWithTheirOwnManifest() throws {
        let fixture = try GitFixture()
        try fixture.commit(
            "init",
            files: [
                "package.json": "{}\n", "backend/pyproject.toml": "[project]\nname = \"b\"\n", "crates/core/Cargo.toml": "[package]\n",
                "docs/package.json": "{}\n", "src/lib.js": "x\n", "crates/README.md": "x\n", "examples/demo/package.json": "{}\n",
            ])
        let repository = try GitRepository(path: fixture.path)
        let units = FolderUnits.find(in: repository, at: try fixture.revParse("HEAD"))
        XCTAssertEqual(Set(units.roots), ["backend", "crates/core"])
        XCTAssertEqual(units.unit(of: "crates/core/src/lib.rs"), "crates/core")
        XCTAssertNil(units.unit(of: "crates/corefoo/x.rs"))
        XCTAssertNil(units.unit(of: "src/lib.js"))
    }
}

/// Code copied in from another project, told by a licence of its own without a manifest.
final class VendoredFolderTests: XCTestCase {
    func testAFolderWithAnotherLicenceAndNoManifestIsVendored() throws {
        let fixture = try GitFixture()
        try fixture.commit(
            "init",
            files: [
                "LICENSE.txt": "Apache License 2.0, the project's\n", "Package.swift": "// swift-tools-version:5.9\n",
                "Sources/CParser/LICENSE": "MIT, the parser's authors\n", "Sources/CParser/parser.c": "int x;\n",
                "Sources/CParser/update_parser.sh": "#!/bin/sh\n", "Sources/CShim/shim.c": "int y;\n",
                "Sources/Own/LICENSE.txt": "Apache License 2.0, the project's\n", "Sources/Own/own.c": "int z;\n",
                "packages/web/LICENSE": "MIT, the web package's\n", "packages/web/package.json": "{}\n",
                "gems/tool/COPYING": "GPL\n", "gems/tool/tool.gemspec": "x\n", "docs/license.rst": "License\n",
                "ext/LICENSE-MIT": "MIT, the logo's\n", "ext/logo.png": "x\n", ".github/LICENSE": "x\n",
                "tests/unity/docs/license.txt": "MIT, Unity's\n", "tests/unity/src/unity.c": "int u;\n",
                "tests/parse/docs/guide.md": "x\n", "tests/parse/parse_test.c": "int t;\n",
            ])
        let repository = try GitRepository(path: fixture.path)
        let head = try fixture.revParse("HEAD")
        XCTAssertEqual(VendoredFolders.find(in: repository, at: head), ["Sources/CParser", "ext", "tests/unity"])

        let classifier = PathClassifier(vendoredRoots: VendoredFolders.find(in: repository, at: head))
        XCTAssertEqual(classifier.decide("Sources/CParser/parser.c"), .exclude)
        XCTAssertEqual(classifier.decide("Sources/CParser/include/parser.h"), .exclude)
        XCTAssertEqual(classifier.decide("Sources/CParserExtras/extra.c"), .read(.c), "a folder whose name only starts alike")
        XCTAssertEqual(classifier.decide("Sources/CShim/shim.c"), .read(.c))
        XCTAssertEqual(classifier.decide("packages/web/index.js"), .read(.javascript), "a monorepo package keeps its licence beside a manifest")
    }

    func testWithoutALicenceAtTheRootNoFolderIsVendored() throws {
        let fixture = try GitFixture()
        // The project itself may live in a subfolder, its licence beside it.
        try fixture.commit("init", files: ["README.md": "x\n", "lib/LICENSE": "MIT\n", "lib/main.c": "int x;\n"])
        XCTAssertEqual(VendoredFolders.find(in: try GitRepository(path: fixture.path), at: try fixture.revParse("HEAD")), [])
    }
    func testSamplesInATestTreeAreLeftOutButTestsAndBindingSuitesAreNot() throws {
        let fixture = try GitFixture()
        let languages = ["Python": "py", "Rust": "rs", "C": "c", "Go": "go", "JavaScript": "js", "Bash": "sh"]
        var files = [
            "LICENSE": "MIT\n", "src/lib.rs": "pub fn f() {}\n",
            // Another project's code, kept as benchmark input.
            "tests/benchmarks/speed-src/jquery.js": "var a = 1;\n", "tests/benchmarks/speed-src/miniz.c": "int x;\n",
            "tests/benchmarks/speed-src/numpy_test_multiarray.py": "x = 'a'\n",
            // A fuzzer's sources: C++, its header and a build script.
            "tests/fuzzing/parse.cc": "int y;\n", "tests/fuzzing/common.h": "int z;\n", "tests/fuzzing/build.sh": "make\n",
            // The team's own tests in three languages, named as tests.
            "tests/e2e/test_cli.py": "def test_x(): pass\n", "tests/e2e/run.sh": "exit 0\n", "tests/e2e/helper.c": "int y;\n",
            // A binding's suites: three languages, not five.
            "tests/bindings/python/test_api.py": "x = 1\n", "tests/bindings/go/api_test.go": "package api\n",
            "tests/bindings/js/api.test.js": "x\n",
            // Code outside any test tree is never samples, however many languages it mixes.
            "tools/gen.py": "x\n", "tools/gen.js": "x\n", "tools/gen.c": "x\n",
        ]
        for (folder, ext) in languages { files["tests/syntax/source/\(folder)/test.\(ext)"] = "x\n" }
        try fixture.commit("init", files: files)
        let found = SampleFolders.find(in: try GitRepository(path: fixture.path), at: try fixture.revParse("HEAD"))
        XCTAssertEqual(found, ["tests/benchmarks/speed-src", "tests/syntax/source"])
    }
    func testSamplesAreLeftOutOfMiningWhereverTheyWereTouchedEvenUnderANameChangedSince() throws {
        let fixture = try GitFixture()
        for index in 0..<8 {
            let strings = (0..<20).map { "    x\($0) = \"a\($0)\"" }.joined(separator: "\n")
            try fixture.commit("Add m\(index)", files: ["pkg/m\(index).py": "def f\(index)():\n\(strings)\n"])
        }
        // Another project's module, in single quotes, kept beside JavaScript and C as a highlighter's benchmark input.
        let foreign = (0..<400).map { "x\($0) = 'b\($0)'" }.joined(separator: "\n") + "\n"
        try fixture.commit(
            "Add benchmark inputs",
            files: [
                "tests/bench/src/numpy_multiarray.py": foreign, "tests/bench/src/jquery.js": "var a = 1;\n", "tests/bench/src/miniz.c": "int x;\n",
            ])
        _ = try fixture.git("mv", "tests/bench/src", "tests/bench/speed-src")
        try fixture.commit("Rename the benchmark inputs")
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let quotes = try rule("python-style/quotes", of: fixture.path, in: store)
        XCTAssertEqual(quotes.facts[.quoteStyle], .string("double"))
        XCTAssertEqual(quotes.support.observations, 160, "the 400 sample strings are not counted")
        let ids = try skills(of: fixture.path, in: store).flatMap(\.rules).map(\.id)
        XCTAssertTrue(ids.contains("python-style/indentation"), "\(ids)")
        XCTAssertFalse(ids.contains("javascript-style/indentation"), "the head holds JavaScript only as samples: \(ids)")
    }
}
