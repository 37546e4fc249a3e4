import Foundation
import XCTest

@testable import TasteCore

/// Monorepos: a package folder (one with its own manifest) that keeps its own convention gets rules scoped
/// to it; packages that agree with the rest get none.
final class FolderScopeTests: XCTestCase {
    private func javascript(_ name: String, indent: Int) -> String {
        let i = String(repeating: " ", count: indent)
        return
            "export function \(name)(items) {\n\(i)let total = 0;\n\(i)for (const item of items) {\n\(i)\(i)if (item > 0) {\n\(i)\(i)\(i)total += item;\n\(i)\(i)}\n\(i)}\n\(i)return total;\n}\n"
    }

    func testAPackageWithItsOwnIndentationGetsARuleScopedToItsFolder() throws {
        let fixture = try GitFixture()
        try fixture.commit(
            "chore: packages",
            files: [
                "package.json": "{\"private\": true}\n",
                "packages/web/package.json": "{\"name\": \"web\"}\n",
                "packages/api/package.json": "{\"name\": \"api\"}\n",
                "packages/ui/package.json": "{\"name\": \"ui\"}\n",
            ])
        for index in 0..<14 {
            try fixture.commit("feat(web): add w\(index)", files: ["packages/web/src/w\(index).js": javascript("w\(index)", indent: 2)])
        }
        for index in 0..<SkillPolicy.standard.folderMinimumCommits {
            try fixture.commit("feat(api): add a\(index)", files: ["packages/api/src/a\(index).js": javascript("a\(index)", indent: 4)])
            try fixture.commit("feat(ui): add u\(index)", files: ["packages/ui/src/u\(index).js": javascript("u\(index)", indent: 2)])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rules = try skills(of: fixture.path, in: store).flatMap(\.rules)

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
