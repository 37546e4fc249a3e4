import Foundation
import XCTest

/// `taste skills --path` and `--lang` on a monorepo: only the rules whose scope covers the file or language,
/// plus the repository-wide ones (commit messages).
final class PathQueryTests: XCTestCase {
    nonisolated(unsafe) private static var shared: (sandbox: Sandbox, repo: String)?

    /// One mined monorepo for the whole class: the queries only read it.
    private func monorepo() throws -> (Sandbox, String) {
        if let shared = Self.shared { return shared }
        let sandbox = try Sandbox()
        let repo = try sandbox.makeMonorepo()
        let mined = try sandbox.run("mine", "--repo", repo)
        XCTAssertEqual(mined.status, 0, mined.stderr)
        Self.shared = (sandbox, repo)
        return (sandbox, repo)
    }

    override class func tearDown() {
        shared = nil
        super.tearDown()
    }

    private func query(_ arguments: String..., in directory: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let (sandbox, repo) = try monorepo()
        let result = try sandbox.run(["skills", "--repo", repo] + arguments, in: directory)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        XCTAssertEqual(result.stderr, "", file: file, line: line)
        return result.stdout
    }

    func testTheMonorepoHasRulesForEachLanguage() throws {
        let rules = try listedRules(try query("--json"))
        XCTAssertEqual(Set(rules.compactMap(\.language)), ["typescript", "go", "python"])
        let ids = Set(rules.map(\.id))
        for id in [
            "typescript-style/indentation", "go-style/indentation", "python-style/indentation", "testing/typescript-framework",
            "testing/go-framework", "testing/python-framework", "commits/message",
        ] {
            XCTAssertTrue(ids.contains(id), "\(id) missing from \(ids.sorted())")
        }
    }

    func testAPathInWebGivesOnlyTypeScriptRules() throws {
        let rules = try listedRules(try query("--path", "web/src/app.ts", "--json"))
        XCTAssertEqual(Set(rules.map { $0.language ?? "-" }), ["typescript", "-"], "\(rules.map(\.id))")
        XCTAssertEqual(rules.filter { $0.language == nil }.map(\.id), ["commits/message"], "repository-wide rules stay")
        let indentation = try XCTUnwrap(rules.first { $0.id == "typescript-style/indentation" })
        XCTAssertEqual(indentation.facts[.indentStyle] as? String, "space")
        XCTAssertEqual(indentation.facts[.indentSize] as? Int, 2)
        XCTAssertTrue(rules.contains { $0.id == "testing/typescript-framework" })
        XCTAssertFalse(rules.contains { $0.id.hasPrefix("go-style") || $0.id.hasPrefix("python-style") })
    }

    func testAPathInServerGivesOnlyGoRules() throws {
        let rules = try listedRules(try query("--path", "server/main.go", "--json"))
        XCTAssertEqual(Set(rules.map { $0.language ?? "-" }), ["go", "-"], "\(rules.map(\.id))")
        let indentation = try XCTUnwrap(rules.first { $0.id == "go-style/indentation" })
        XCTAssertEqual(indentation.facts[.indentStyle] as? String, "tab")
        XCTAssertTrue(rules.contains { $0.id == "testing/go-framework" })
    }

    func testALanguageGivesOnlyItsRules() throws {
        let rules = try listedRules(try query("--lang", "python", "--json"))
        XCTAssertEqual(Set(rules.map { $0.language ?? "-" }), ["python", "-"], "\(rules.map(\.id))")
        XCTAssertEqual(try XCTUnwrap(rules.first { $0.id == "python-style/indentation" }).facts[.indentSize] as? Int, 4)
        XCTAssertTrue(rules.contains { $0.id == "testing/python-framework" })
    }

    func testAFileOfNoMinedLanguageGetsOnlyRepositoryWideRules() throws {
        let rules = try listedRules(try query("--path", "docs/guide.md", "--json"))
        XCTAssertEqual(rules.map(\.id), ["commits/message"])
    }

    /// The same file named relative, absolute, with `./`, from the work tree or from elsewhere: the same answer.
    func testEveryWayOfNamingAFileGivesTheSameAnswer() throws {
        let (_, repo) = try monorepo()
        let relative = try query("--path", "web/x.ts", "--json")
        XCTAssertFalse(try listedRules(relative).isEmpty)
        XCTAssertEqual(try query("--path", repo + "/web/x.ts", "--json"), relative, "absolute, inside the work tree")
        XCTAssertEqual(try query("--path", "./web/x.ts", "--json"), relative, "./ from elsewhere")
        XCTAssertEqual(try query("--path", "./web/x.ts", "--json", in: repo), relative, "./ from the work tree")
        XCTAssertEqual(try query("--path", "web/x.ts", "--json", in: repo), relative, "relative from the work tree")
        XCTAssertEqual(try query("--path", repo + "/web/../web/./x.ts", "--json"), relative, "a path with dots")
        XCTAssertEqual(try query("--path", "x.ts", "--json", in: repo + "/web"), relative, "relative to a folder inside the work tree")
    }

    func testTheTextListingIsFilteredToo() throws {
        let text = try query("--path", "server/pkg9/new.go")
        XCTAssertTrue(text.contains("go-style v1 [active]: Go style"), text)
        XCTAssertTrue(text.contains("commits v1 [active]"), text)
        XCTAssertFalse(text.contains("typescript-style") || text.contains("python-style"), text)
        XCTAssertTrue(text.contains("Indent with tabs"), text)
        XCTAssertFalse(text.contains("Indent with 2 spaces"), text)
    }

    func testAnUnknownLanguageIsAUsageError() throws {
        let (sandbox, repo) = try monorepo()
        let result = try sandbox.run("skills", "--repo", repo, "--lang", "nosuch", "--json")
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("unknown language 'nosuch'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("typescript"), "it names the languages: \(result.stderr)")
    }
}
