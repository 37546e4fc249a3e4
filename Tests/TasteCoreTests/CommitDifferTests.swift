import XCTest

@testable import TasteCore

/// A new file is read without a patch: its lines must be the ones a diff against nothing lists.
final class CommitDifferTests: XCTestCase {
    private func changes(_ fixture: GitFixture, _ sha: String) throws -> CommitChanges {
        let classifier = PathClassifier()
        let differ = try CommitDiffer(
            repositoryPath: fixture.path,
            policy: DiffPolicy(
                classify: { classifier.decide($0) }, isGenerated: PathClassifier.isGenerated, isExcluded: { classifier.isExcluded($0) }))
        return try differ.changes(for: sha)
    }

    private func file(_ changes: CommitChanges, _ path: String) -> FileChange? {
        changes.files.first { $0.path == path }
    }

    func testANewFileAddsEveryLineWithItsEnding() throws {
        let fixture = try GitFixture()
        let sha = try fixture.commit(
            "Add",
            files: [
                "a.swift": "let a = 1\r\n\nlet b = 2\n", "b.swift": "let c = 3\n\n", "c.swift": "let d = 4",
                "d.swift": "", "e.swift": "\n",
            ])
        let changes = try changes(fixture, sha)
        XCTAssertEqual(
            file(changes, "a.swift")?.addedLines,
            [AddedLine(number: 1, text: "let a = 1", crlf: true), AddedLine(number: 2, text: ""), AddedLine(number: 3, text: "let b = 2")])
        XCTAssertEqual(file(changes, "a.swift")?.finalNewline, true)
        XCTAssertEqual(file(changes, "b.swift")?.addedLines.map(\.text), ["let c = 3", ""])
        XCTAssertEqual(file(changes, "c.swift")?.addedLines.map(\.text), ["let d = 4"])
        XCTAssertEqual(file(changes, "c.swift")?.finalNewline, false)
        XCTAssertEqual(file(changes, "d.swift")?.addedLines, [])
        XCTAssertNil(file(changes, "d.swift")?.finalNewline, "an empty file has no last line to end")
        XCTAssertEqual(file(changes, "e.swift")?.addedLines, [AddedLine(number: 1, text: "")])
        XCTAssertEqual(file(changes, "e.swift")?.finalNewline, true)
        XCTAssertEqual(changes.touchedPaths.sorted(), ["a.swift", "b.swift", "c.swift", "d.swift", "e.swift"])
    }

    /// A changed file is still diffed: only its added lines, numbered in the new file. Its last line, losing its
    /// newline, is a line changed.
    func testAChangedFileAddsOnlyWhatChanged() throws {
        let fixture = try GitFixture()
        let body = (1...100).map { "let v\($0) = \($0)" }
        try fixture.commit("Start", files: ["a.swift": body.joined(separator: "\n") + "\n"])
        var changed = body
        changed.insert("let inserted = 0", at: 60)
        changed[89] = "let changed = 90"
        let sha = try fixture.commit("Change", files: ["a.swift": changed.joined(separator: "\n")])
        let changes = try changes(fixture, sha)
        XCTAssertEqual(file(changes, "a.swift")?.status, .modified)
        XCTAssertEqual(
            file(changes, "a.swift")?.addedLines,
            [
                AddedLine(number: 61, text: "let inserted = 0"), AddedLine(number: 90, text: "let changed = 90"),
                AddedLine(number: 101, text: "let v100 = 100"),
            ])
        XCTAssertEqual(file(changes, "a.swift")?.finalNewline, false, "the change took the final newline away")
    }
}

/// The files of a commit's tree, read as if added: what a head snapshot counts.
final class TreeFilesTests: XCTestCase {
    func testTheTreeIsSampledPerLanguageAndReadFromTheTop() throws {
        let fixture = try GitFixture()
        var files: [String: String] = [:]
        for index in 0..<6 { files["app/m\(index).py"] = "import os\nimport sys\n" }
        files["tests/test_m.py"] = "def test_m():\n    assert True\n"
        files["lib/long.go"] = (1...100).map { "// line \($0)" }.joined(separator: "\n") + "\n"
        files["lib/zero.go"] = "package lib\n\u{0}\n"
        files["vendor/x/y.go"] = "package y\n"
        files["README.md"] = "# Read me\n"
        try fixture.commit("Add", files: files)
        try FileManager.default.createSymbolicLink(atPath: fixture.path + "/lib/link.go", withDestinationPath: "long.go")
        let sha = try fixture.commit("Link")
        let classifier = PathClassifier()
        let differ = try CommitDiffer(
            repositoryPath: fixture.path,
            policy: DiffPolicy(
                classify: { classifier.decide($0) }, isGenerated: PathClassifier.isGenerated, isExcluded: { classifier.isExcluded($0) }))

        let read = differ.files(at: sha, wanted: { $0 == .python || $0 == .go }, perLanguage: 4, prefixBytes: 100)
        let python = read.filter { $0.language == .python }
        XCTAssertEqual(python.count, 4, "at most four files of a language")
        XCTAssertEqual(python.map(\.path), python.map(\.path).sorted())
        XCTAssertEqual(
            Set(differ.files(at: sha, wanted: { $0 == .python }, perLanguage: 4, prefixBytes: 100).map(\.path)), Set(python.map(\.path)),
            "the same sample every time")
        XCTAssertEqual(python.first?.addedLines.map(\.text), ["import os", "import sys"])
        XCTAssertEqual(python.first?.status, .added)

        let go = read.filter { $0.language == .go }
        XCTAssertEqual(go.map(\.path), ["lib/long.go"], "binary and vendored files and symbolic links are left out")
        XCTAssertEqual(go.first?.addedLines.map(\.text), (1...9).map { "// line \($0)" }, "cut at the last line end within 100 bytes")
        XCTAssertEqual(go.first?.finalNewline, true, "a cut file still tells how it ends: the whole blob is in memory")
        XCTAssertEqual(differ.files(at: sha, wanted: { $0 == .swift }, perLanguage: 4, prefixBytes: 100).count, 0)
        let census = differ.forEachFile(at: sha, wanted: { _ in false }, perLanguage: 4, prefixBytes: 100) { _ in }
        XCTAssertEqual(
            census?.languages, try GitRepository(path: fixture.path).languages(at: sha),
            "the walk names the tree's languages as a walk of its own would")
        XCTAssertEqual(census?.testFiles, [.python: 1], "every test file is counted, whether or not its language was read")
        XCTAssertEqual(census?.files, [.python: 7, .go: 2], "a binary counts by its name; vendored files and symbolic links do not")
        XCTAssertEqual(census?.holdsCode(.python), true)
    }
}
