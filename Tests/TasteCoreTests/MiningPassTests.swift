import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Mining real repositories built with git, end to end: history walk, diffs, miners, store, skills.
final class MiningPassTests: XCTestCase {
    func testSwiftRepositoryGivesFourSpaceStyleAndXCTest() throws {
        let fixture = try makeSwiftRepository(commits: 6)
        let store = try makeStore()
        let report = try mine(fixture.path, into: store)

        XCTAssertEqual(report.head, try fixture.revParse("HEAD"))
        XCTAssertEqual(report.commitsMined, 6)
        XCTAssertEqual(report.commitsAlreadyMined, 0)
        XCTAssertEqual(report.files, 12)
        XCTAssertFalse(report.truncated)
        XCTAssertEqual(report.parentsMissing, 0)
        XCTAssertEqual(report.skipped, SkipCounts())

        let names = try skills(of: fixture.path, in: store).map(\.name)
        XCTAssertEqual(names, ["swift-style", "testing", "commits"])
        XCTAssertEqual(Set(report.changes.added), Set(names))

        let indentation = try rule("swift-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(indentation.facts, ["indent_style": .string("space"), "indent_size": .int(4)])
        XCTAssertEqual(indentation.scope.language, "swift")
        XCTAssertEqual(indentation.source, "mined")
        XCTAssertEqual(indentation.support.commits, 6)
        XCTAssertEqual(indentation.support.agreeing, indentation.support.observations, "every indented line uses spaces")
        XCTAssertGreaterThan(indentation.confidence, 0)
        XCTAssertLessThanOrEqual(indentation.confidence, 1)
        XCTAssertFalse(indentation.evidence.isEmpty)
        for place in indentation.evidence {
            XCTAssertTrue(place.path?.hasSuffix(".swift") ?? false, "\(place)")
            XCTAssertNotNil(place.line)
        }

        let testing = try rule("testing/swift-framework", of: fixture.path, in: store)
        XCTAssertEqual(testing.facts[.testFramework], .string("xctest"))
        XCTAssertEqual(testing.support.observations, 6, "one observation per test file")

        for rule in try skills(of: fixture.path, in: store).flatMap(\.rules) {
            XCTAssertGreaterThanOrEqual(rule.confidence, SkillPolicy.standard.minimumConfidence, rule.id)
        }

        let newline = try rule("swift-style/final-newline", of: fixture.path, in: store)
        XCTAssertEqual(newline.facts, ["final_newline": .bool(true)])
        let trailing = try rule("swift-style/trailing-whitespace", of: fixture.path, in: store)
        XCTAssertEqual(trailing.facts, ["trim_trailing_whitespace": .bool(true)])
    }

    func testGoRepositoryGivesTabsAndGoTesting() throws {
        let fixture = try GitFixture()
        for index in 0..<5 {
            try fixture.commit(
                "Add sum\(index)",
                files: [
                    "sum\(index)/sum.go": Code.goFile("sum\(index)", "Sum\(index)"),
                    "sum\(index)/sum_test.go": Code.goTest("sum\(index)", "Sum\(index)"),
                ])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)

        let indentation = try rule("go-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(indentation.facts, ["indent_style": .string("tab")])
        let testing = try rule("testing/go-framework", of: fixture.path, in: store)
        XCTAssertEqual(testing.facts, ["test_framework": .string("go-testing")])
        XCTAssertEqual(testing.scope.language, "go")
    }

    func testPythonRepositoryGivesPytest() throws {
        let fixture = try GitFixture()
        for index in 0..<5 {
            try fixture.commit(
                "Add module \(index)",
                files: [
                    "app/mod\(index).py": Code.pythonModule("total\(index)"),
                    "tests/test_mod\(index).py": Code.pytestFile("total\(index)", importing: index % 2 == 0),
                ])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)

        let testing = try rule("testing/python-framework", of: fixture.path, in: store)
        XCTAssertEqual(testing.facts, ["test_framework": .string("pytest")])
        XCTAssertEqual(testing.support.observations, 5)
        let indentation = try rule("python-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(indentation.facts, ["indent_style": .string("space"), "indent_size": .int(4)])
        let skill = try XCTUnwrap(try skills(of: fixture.path, in: store).first { $0.name == "testing" })
        XCTAssertTrue(skill.description.contains("Python"), skill.description)
    }

    /// Every cited place is real: at that commit, that line of that file shows the value the rule states.
    func testEvidencePointsAtLinesThatShowTheRule() throws {
        let fixture = try makeSwiftRepository(commits: 6)
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let indentation = try rule("swift-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(indentation.evidence.count, 3)
        for place in indentation.evidence {
            let path = try XCTUnwrap(place.path), number = try XCTUnwrap(place.line)
            let lines = try fixture.git("show", "\(place.commit):\(path)").components(separatedBy: "\n")
            XCTAssertTrue(lines.indices.contains(number - 1), "\(path) has no line \(number)")
            let text = lines[number - 1]
            XCTAssertTrue(text.hasPrefix("    ") && !text.hasPrefix("\t"), "\(path):\(number) is '\(text)'")
        }
        let newest = try fixture.revParse("HEAD")
        XCTAssertEqual(indentation.evidence.first?.commit, newest, "the most recent places are cited first")
    }

    func testFilesWithoutAFinalNewline() throws {
        let fixture = try GitFixture()
        for index in 0..<5 {
            try fixture.commit("Add \(index)", files: ["app/m\(index).py": "def f\(index)():\n    return \(index)"])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rule = try rule("python-style/final-newline", of: fixture.path, in: store)
        XCTAssertEqual(rule.facts, ["final_newline": .bool(false)])
        XCTAssertEqual(rule.support.observations, 5)

        // Later changes that only add the missing newline count where the newline was decided.
        for index in 0..<5 {
            try fixture.commit("Fix newline \(index)", files: ["app/m\(index).py": "def f\(index)():\n    return \(index)\n"])
        }
        try mine(fixture.path, into: store)
        let counted = try tallySums(fixture.path, in: store).filter { $0.hasPrefix("final-newline|") }
        XCTAssertEqual(counted, ["final-newline|python|final_newline|false=5", "final-newline|python|final_newline|true=5"])
    }

    /// An empty file has no last line to end: Python's empty `__init__.py` files say nothing of the newline.
    func testEmptyFilesCountForNeitherEnding() throws {
        let fixture = try GitFixture()
        for index in 0..<5 {
            try fixture.commit(
                "Add package \(index)", files: ["pkg\(index)/__init__.py": "", "pkg\(index)/core.py": "def f\(index)():\n    return \(index)\n"])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let counted = try tallySums(fixture.path, in: store).filter { $0.hasPrefix("final-newline|") }
        XCTAssertEqual(counted, ["final-newline|python|final_newline|true=5"])
        XCTAssertEqual(try rule("python-style/final-newline", of: fixture.path, in: store).share, 1)
    }

    func testLineLengthLimitIsFoundFromItsCliff() throws {
        let fixture = try GitFixture()
        let lines = LineLengthExamples.wrappedAt(100).components(separatedBy: "\n")
        for (index, start) in stride(from: 0, to: lines.count, by: 100).enumerated() {
            let chunk = lines[start..<min(start + 100, lines.count)].joined(separator: "\n") + "\n"
            try fixture.commit("Add part \(index)", files: ["src/part\(index).py": chunk])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rule = try rule("python-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(rule.facts, ["max_line_length": .int(100)])
        XCTAssertEqual(rule.support.observations, 400)
    }

    func testMiningAnotherBranchWithRef() throws {
        let fixture = try makeSwiftRepository(commits: 3)
        try fixture.checkout("feature", create: true)
        try addSwiftCommits(fixture, range: 3..<5)
        let tip = try fixture.revParse("HEAD")
        try fixture.checkout("main")
        let store = try makeStore()
        let report = try mine(fixture.path, into: store) { $0.ref = "feature" }
        XCTAssertEqual(report.head, tip)
        XCTAssertEqual(report.commitsMined, 5)
    }

    func testConventionalCommitSubjects() throws {
        let fixture = try GitFixture()
        let subjects = [
            "feat(parser): accept trailing commas", "fix: handle empty input", "docs: explain the store",
            "feat(cli): add --json", "refactor(core)!: split the store", "test(parser): cover CRLF",
            "fix(cli): exit non-zero on errors", "feat: add a store",
        ]
        for (index, subject) in subjects.enumerated() {
            try fixture.commit(subject, files: ["src/file\(index).py": "x = \(index)\n"])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)

        let message = try rule("commits/message", of: fixture.path, in: store)
        XCTAssertEqual(message.facts[.commitConvention], .string("conventional"))
        guard case .strings(let types)? = message.facts[.commitTypes] else {
            return XCTFail("no commit_types: \(message.facts)")
        }
        XCTAssertEqual(Set(types), ["feat", "fix", "docs", "refactor", "test"])
        XCTAssertEqual(types.first, "feat", "the most used type first")
        guard case .strings(let scopes)? = message.facts[.commitScopes] else {
            return XCTFail("no commit_scopes: \(message.facts)")
        }
        XCTAssertEqual(Set(scopes), ["parser", "cli", "core"])
        XCTAssertEqual(message.facts[.prNumberSuffix], .bool(false))
        XCTAssertEqual(message.facts[.signOff], .bool(false))
        XCTAssertNil(message.scope.language)
        XCTAssertEqual(message.support.observations, subjects.count)
    }

    func testFreeFormSubjects() throws {
        let fixture = try GitFixture()
        for (index, subject) in [
            "Add the parser", "Fix a crash on empty input", "Update README", "Make the store faster",
            "Remove dead code", "Rename the CLI",
        ].enumerated() {
            try fixture.commit(subject, files: ["f\(index).py": "x = 1\n"])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let message = try rule("commits/message", of: fixture.path, in: store)
        XCTAssertEqual(message.facts[.commitConvention], .string("free-form"))
        XCTAssertNil(message.facts[.commitTypes])
    }

    /// A merge is one mainline commit: its diff against the first parent is mined once, and the messages of
    /// the commits it brought are read instead of its own.
    func testAreaPrefixedSubjectsAreNotConventionalCommits() throws {
        let fixture = try GitFixture()
        let subjects = [
            "printer: fix the column count", "searcher: speed up line counting", "printer: handle CRLF",
            "ignore: read nested files", "Update the README", "globset: accept braces", "printer: trim output",
        ]
        for (index, subject) in subjects.enumerated() {
            try fixture.commit(subject, files: ["f\(index).py": "x = 1\n"])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let message = try rule("commits/message", of: fixture.path, in: store)
        XCTAssertEqual(message.facts[.commitConvention], .string("free-form"))
        XCTAssertEqual(message.facts[.subjectPrefix], .string("area"))
        XCTAssertNil(message.facts[.commitTypes])
        guard case .strings(let areas)? = message.facts[.subjectAreas] else { return XCTFail("\(message.facts)") }
        XCTAssertEqual(areas.first, "printer")
        XCTAssertEqual(Set(areas), ["printer", "searcher", "ignore", "globset"])
    }

    func testMinifiedFilesAreLeftOut() throws {
        let fixture = try GitFixture()
        let bundle = "function a(){" + (0..<400).map { "var v\($0)=\($0);" }.joined() + "}\n"
        for index in 0..<5 {
            try fixture.commit(
                "Add \(index)",
                files: [
                    "src/mod\(index).js": "export function f\(index)(items) {\n  if (items) {\n    return items.length;\n  }\n  return 0;\n}\n",
                    "dist/bundle\(index).js": bundle,
                    "dist/app\(index).min.js": "export function f() {\n\treturn 1;\n}\n",
                ])
        }
        let store = try makeStore()
        let report = try mine(fixture.path, into: store)
        XCTAssertEqual(report.files, 5, "only src/ is read")
        XCTAssertEqual(report.skipped.excluded, 5, "the .min.js files")
        XCTAssertEqual(report.skipped.generated, 5, "the bundles with enormous lines")
        let style = try XCTUnwrap(try skills(of: fixture.path, in: store).first { $0.name == "javascript-style" })
        for rule in style.rules {
            XCTAssertFalse(rule.evidence.contains { $0.path?.hasPrefix("dist/") ?? false }, "\(rule.id) cites dist/")
        }
    }

    func testMergeCommitsAreMinedOnceThroughTheFirstParent() throws {
        let fixture = try GitFixture()
        try fixture.commit("feat: start", files: ["Sources/A.swift": Code.swiftType("A")])
        try fixture.commit("feat: add B", files: ["Sources/B.swift": Code.swiftType("B")])
        try fixture.checkout("feature", create: true)
        try fixture.commit("feat(feature): add C", files: ["Sources/C.swift": Code.swiftType("C")])
        try fixture.commit("fix(feature): add D", files: ["Sources/D.swift": Code.swiftType("D")])
        try fixture.commit("test(feature): add E", files: ["Sources/E.swift": Code.swiftType("E")])
        try fixture.checkout("main")
        try fixture.commit("docs: add F", files: ["Sources/F.swift": Code.swiftType("F")])
        try fixture.merge("feature")

        let store = try makeStore()
        let report = try mine(fixture.path, into: store)
        XCTAssertEqual(report.commitsMined, 4, "first-parent commits only: A, B, F and the merge")
        XCTAssertEqual(report.files, 6, "each file is read once")
        XCTAssertEqual(report.lines, 6 * 13)

        let message = try rule("commits/message", of: fixture.path, in: store)
        XCTAssertEqual(message.support.observations, 6, "the merge's own subject is not counted, the merged ones are")
        guard case .strings(let types)? = message.facts[.commitTypes] else { return XCTFail("\(message.facts)") }
        XCTAssertEqual(Set(types), ["feat", "fix", "docs", "test"])
    }

    func testRenamedFilesAreNotCountedAsWhollyAdded() throws {
        let fixture = try GitFixture()
        let lines = (1...40).map { "let value\($0) = \($0)" }
        try fixture.commit("Add big file", files: ["Sources/Big.swift": lines.joined(separator: "\n") + "\n"])
        try fixture.move("Sources/Big.swift", to: "Sources/Moved.swift")
        var edited = lines
        edited[10] = "let value11 = 1100"
        try fixture.commit("Move big file", files: ["Sources/Moved.swift": edited.joined(separator: "\n") + "\n"])

        let store = try makeStore()
        let report = try mine(fixture.path, into: store)
        XCTAssertEqual(report.commitsMined, 2)
        XCTAssertEqual(report.lines, 41, "40 lines added, then one line changed by the rename")
        XCTAssertEqual(report.files, 2)
    }

    func testBinaryAndOversizedFilesAreSkippedAndCounted() throws {
        let fixture = try GitFixture()
        try fixture.commit("Configure taste", files: [".taste.toml": "[mine]\nmax_blob_bytes = 1000\n"])
        var binary = Data("struct Blob {}\n".utf8)
        binary.append(contentsOf: [0, 1, 2, 0, 255, 0])
        let huge = (0..<100).map { "let line\($0) = \"\(String(repeating: "x", count: 10))\"" }.joined(separator: "\n") + "\n"
        XCTAssertGreaterThan(huge.utf8.count, 1000)
        try fixture.commit(
            "Add files", files: ["Sources/Huge.swift": huge, "Sources/Small.swift": Code.swiftType("Small")],
            data: ["Sources/Blob.swift": binary])

        let store = try makeStore()
        let report = try mine(fixture.path, into: store)
        XCTAssertEqual(report.skipped.binary, 1)
        XCTAssertEqual(report.skipped.oversized, 1)
        XCTAssertEqual(report.files, 1, "only Small.swift is read")
        XCTAssertEqual(report.lines, 13)
        XCTAssertTrue(report.summary.contains("1 binary"), report.summary)
        XCTAssertTrue(report.summary.contains("1 oversized"), report.summary)
    }

    func testInvalidUTF8AndCRLFDoNotStopMining() throws {
        let fixture = try GitFixture()
        for index in 0..<5 {
            let crlf = Code.swiftType("Type\(index)").replacingOccurrences(of: "\n", with: "\r\n")
            var latin1 = Data("// caf".utf8)
            latin1.append(contentsOf: [0xE9, 0xFF, 0xFE, 0xC3])  // not UTF-8, and no NUL: still text to git
            latin1.append(Data("\nstruct Latin\(index) {\n    let name = \"\u{00E9}\"\n}\n".utf8))
            try fixture.commit(
                "Add type \(index)",
                data: [
                    "Sources/Type\(index).swift": Data(crlf.utf8),
                    "Sources/Latin\(index).swift": latin1,
                ])
        }
        let store = try makeStore()
        let report = try mine(fixture.path, into: store)
        XCTAssertEqual(report.commitsMined, 5)
        XCTAssertEqual(report.files, 10)
        XCTAssertEqual(report.skipped, SkipCounts())

        let indentation = try rule("swift-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(indentation.facts, ["indent_style": .string("space"), "indent_size": .int(4)])
        let trailing = try rule("swift-style/trailing-whitespace", of: fixture.path, in: store)
        XCTAssertEqual(trailing.facts, ["trim_trailing_whitespace": .bool(true)], "a CR line ending is not trailing whitespace")
    }

    /// Vendored, generated and excluded files hold the opposite convention; none of it may leak into the facts.
    func testVendoredGeneratedAndExcludedFilesDoNotInfluenceFacts() throws {
        let fixture = try GitFixture()
        try fixture.commit(
            "Configure",
            files: [
                ".taste.toml": "[mine]\nexclude = [\"legacy/\"]\n",
                ".gitattributes": "Generated/** linguist-generated\n",
            ])
        for index in 0..<5 {
            try fixture.commit(
                "Add Type\(index)",
                files: [
                    "Sources/App/Type\(index).swift": Code.swiftType("Type\(index)"),
                    "Tests/AppTests/Type\(index)Tests.swift": Code.xctestCase("Type\(index)"),
                    "vendor/Lib/V\(index).swift": Code.tabbedSwift("V\(index)"),
                    "vendor/Lib/V\(index)Tests.swift": Code.swiftTestingSuite("V\(index)"),
                    "Sources/App/Gen\(index).swift": Code.tabbedSwift("Gen\(index)", header: "// @generated by swift-protobuf\n"),
                    "Generated/Model\(index).swift": Code.tabbedSwift("Model\(index)"),
                    "legacy/Old\(index).swift": Code.tabbedSwift("Old\(index)"),
                    "legacy/Old\(index)Tests.swift": Code.swiftTestingSuite("Old\(index)"),
                    // Test inputs written to be odd on purpose: not the team's style.
                    "Tests/AppTests/Fixtures/Odd\(index).swift": Code.tabbedSwift("Odd\(index)"),
                ])
        }
        let store = try makeStore()
        let report = try mine(fixture.path, into: store)
        XCTAssertEqual(report.skipped.generated, 5)
        XCTAssertEqual(report.skipped.excluded, 30, "vendor/ (2 per commit), Generated/, legacy/ (2 per commit) and Fixtures/")
        XCTAssertEqual(report.files, 10)

        let indentation = try rule("swift-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(indentation.facts, ["indent_style": .string("space"), "indent_size": .int(4)])
        XCTAssertEqual(indentation.support.agreeing, indentation.support.observations, "no tab-indented line was counted")
        let testing = try rule("testing/swift-framework", of: fixture.path, in: store)
        XCTAssertEqual(testing.facts, ["test_framework": .string("xctest")])
        for place in try skills(of: fixture.path, in: store).flatMap(\.rules).flatMap(\.evidence) {
            let path = place.path ?? ""
            XCTAssertFalse(
                path.hasPrefix("vendor/") || path.hasPrefix("legacy/") || path.hasPrefix("Generated/")
                    || path.contains("/Gen") || path.contains("/Fixtures/"), "evidence cites \(path)")
        }
    }

    func testEmptyRepositoryReportsNoHeadAndNoError() throws {
        let fixture = try GitFixture()
        let store = try makeStore()
        let report = try mine(fixture.path, into: store)
        XCTAssertNil(report.head)
        XCTAssertEqual(report.commitsMined, 0)
        XCTAssertEqual(report.skills, 0)
        XCTAssertTrue(report.summary.contains("no commits yet"), report.summary)
        XCTAssertThrowsError(try MinedRepository.load(store: store, repositoryPath: fixture.path)) { error in
            guard case .notMinedYet? = error as? TasteError else { return XCTFail("\(error)") }
        }
    }

    func testAPathOutsideAnyRepositoryThrowsNotARepository() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try makeStore()
        XCTAssertThrowsError(try mine(folder.path, into: store)) { error in
            XCTAssertEqual(error as? TasteError, .notARepository(folder.path))
        }
        let missing = folder.appendingPathComponent("no/such/folder").path
        XCTAssertThrowsError(try mine(missing, into: store)) { error in
            XCTAssertEqual(error as? TasteError, .notARepository(missing))
        }
        XCTAssertEqual(try store.repositories(), [])
    }

    func testBareRepositoryMines() throws {
        let fixture = try makeSwiftRepository()
        let bare = try fixture.bareClone()
        let store = try makeStore()
        let report = try mine(bare, into: store)
        XCTAssertEqual(report.head, try fixture.revParse("HEAD"))
        XCTAssertEqual(report.commitsMined, 5)
        XCTAssertEqual(report.repository, "repo")
        let indentation = try rule("swift-style/indentation", of: bare, in: store)
        XCTAssertEqual(indentation.facts, ["indent_style": .string("space"), "indent_size": .int(4)])
        let record = try XCTUnwrap(try store.repositories().first)
        XCTAssertNil(record.workDir)
        XCTAssertEqual(record.gitDir, bare)
    }

    func testAFolderInsideTheWorkTreeMinesTheWholeRepository() throws {
        let fixture = try makeSwiftRepository()
        let store = try makeStore()
        let report = try mine(fixture.path + "/Sources/App", into: store)
        XCTAssertEqual(report.head, try fixture.revParse("HEAD"))
        XCTAssertEqual(report.commitsMined, 5)
        XCTAssertEqual(report.files, 10)

        let again = try mine(fixture.path, into: store)
        XCTAssertEqual(again.commitsMined, 0, "the work tree and its subfolder are one repository")
        let gitFolder = try mine(fixture.path + "/.git", into: store)
        XCTAssertEqual(gitFolder.commitsMined, 0, "so is its .git folder")
        XCTAssertEqual(gitFolder.repository, "repo")
        let records = try store.repositories()
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records.first?.workDir, fixture.path)
        XCTAssertEqual(records.first?.gitDir, fixture.path + "/.git")
    }

    func testShallowCloneMinesWhatItHasAndSaysHistoryEndsEarly() throws {
        let fixture = try makeSwiftRepository(commits: 8)
        let shallow = try fixture.shallowClone(depth: 3)
        XCTAssertTrue(try GitRepository(path: shallow).isShallow)
        let store = try makeStore()
        let report = try mine(shallow, into: store)
        XCTAssertEqual(report.head, try fixture.revParse("HEAD"))
        XCTAssertTrue(report.truncated || report.parentsMissing > 0, "truncated \(report.truncated), parents missing \(report.parentsMissing)")
        XCTAssertLessThanOrEqual(report.commitsMined, 3)
        XCTAssertTrue(report.summary.contains("History ends early"), report.summary)

        let again = try mine(shallow, into: store)
        XCTAssertEqual(again.commitsMined, 0)
        XCTAssertEqual(again.changes.added, [])
        XCTAssertEqual(again.changes.changed, [])
    }

    func testMissingBlobIsSkippedAndCounted() throws {
        let fixture = try GitFixture()
        try addSwiftCommits(fixture, range: 0..<3)
        try fixture.commit("Add Lost", files: ["Sources/App/Lost.swift": Code.swiftType("LostButUnique")])
        try addSwiftCommits(fixture, range: 3..<6)
        try fixture.deleteObject(try fixture.revParse("HEAD:Sources/App/Lost.swift"))

        let store = try makeStore()
        let report = try mine(fixture.path, into: store)
        XCTAssertEqual(report.head, try fixture.revParse("HEAD"))
        XCTAssertGreaterThanOrEqual(report.skipped.missingObjects, 1)
        XCTAssertEqual(report.files, 12, "every other file is read")
        let indentation = try rule("swift-style/indentation", of: fixture.path, in: store)
        XCTAssertEqual(indentation.facts, ["indent_style": .string("space"), "indent_size": .int(4)])
        XCTAssertTrue(report.summary.contains("missing objects"), report.summary)
    }

    func testUnknownSinceRevisionIsAnError() throws {
        let fixture = try makeSwiftRepository(commits: 2)
        let store = try makeStore()
        XCTAssertThrowsError(try mine(fixture.path, into: store) { $0.since = "nosuchrev" }) { error in
            XCTAssertEqual(error as? TasteError, .unknownRevision("nosuchrev"))
        }
        XCTAssertThrowsError(try mine(fixture.path, into: store) { $0.until = "nosuchrev" }) { error in
            XCTAssertEqual(error as? TasteError, .unknownRevision("nosuchrev"))
        }
    }

    func testSinceAndUntilBoundThePass() throws {
        let fixture = try makeSwiftRepository(commits: 6)
        let store = try makeStore()
        let first = try mine(fixture.path, into: store) { $0.until = "HEAD~3" }
        XCTAssertEqual(first.head, try fixture.revParse("HEAD~3"))
        XCTAssertEqual(first.commitsMined, 3)
        let rest = try mine(fixture.path, into: store) { $0.since = "HEAD~3" }
        XCTAssertEqual(rest.head, try fixture.revParse("HEAD"))
        XCTAssertEqual(rest.commitsMined, 3)
    }
}
