import Foundation
import TasteTestSupport
import XCTest

/// Real TypeScript repositories mined by the real binary: a test file's framework is read from the file at the
/// mined commit, so a move from Jest to Vitest shows from the migration on, even when later merges only add
/// `expect(…).toBe(…)` lines (which Jest and Vitest share); and the runner configured at the head settles what
/// the test files alone leave open.
final class TestFrameworkSwitchTests: XCTestCase {
    static let start: Int64 = 1_600_000_000
    static let day: Int64 = 86_400

    static func source(_ index: Int) -> String {
        "export function add\(index)(a: number, b: number): number {\n  return a + b + \(index);\n}\n"
    }

    /// A test file; `header` names the runner (an import), `mock` its API for a stub.
    static func test(_ index: Int, header: String, mock: String, checks: Int = 1) -> String {
        var text = header.isEmpty ? "" : header + "\n"
        text += "import { add\(index) } from '../src/m\(index)';\n\n"
        text += "describe('add\(index)', () => {\n  it('calls back', () => {\n    const spy = \(mock)();\n    spy(add\(index)(1, 2));\n"
        text += "    expect(spy).toHaveBeenCalled();\n  });\n"
        for check in 0..<checks {
            text += "  it('adds \(check)', () => {\n    expect(add\(index)(\(check), 1)).toBe(\(check + 1 + index));\n  });\n"
        }
        return text + "});\n"
    }

    static let vitestHeader = "import { describe, expect, it, vi } from 'vitest';"

    func testAMoveFromJestToVitestIsMinedAsVitestSinceTheMigration() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.initRepository("migrated")
        for index in 0..<20 {
            try sandbox.commit(
                "Add m\(index)",
                files: [
                    "src/m\(index).ts": Self.source(index), "test/m\(index).test.ts": Self.test(index, header: "", mock: "jest.fn"),
                    "jest.config.js": "module.exports = { preset: 'ts-jest' };\n",
                    "scripts/build\(index).js": "export const entry\(index) = 'src/m\(index).ts';\n",
                ], in: repo, date: Self.start + Int64(index) * Self.day)
        }
        // The migration rewrites every test file's header and stubs, and swaps the runner's configuration.
        var migrated: [String: String] = ["vitest.config.ts": "export default { test: { include: ['test/**'] } };\n"]
        for index in 0..<20 { migrated["test/m\(index).test.ts"] = Self.test(index, header: Self.vitestHeader, mock: "vi.fn") }
        try sandbox.commit("Move the tests to Vitest", files: migrated, in: repo, date: Self.start + 20 * Self.day)
        _ = try sandbox.git(["rm", "-q", "jest.config.js"], in: repo, date: 0)
        _ = try sandbox.git(["commit", "-q", "--amend", "--no-edit"], in: repo, date: Self.start + 20 * Self.day)
        let migration = try sandbox.head(of: repo)
        // Then months of small edits that only add checks: the lines read the same under either runner.
        for step in 0..<16 {
            let index = step % 20
            try sandbox.commit(
                "Check m\(index) further",
                files: ["test/m\(index).test.ts": Self.test(index, header: Self.vitestHeader, mock: "vi.fn", checks: 2 + step / 20)],
                in: repo, date: Self.start + Int64(21 + step) * Self.day)
        }

        for flags in [["--ignore-config"], []] {
            let mined = try sandbox.run(["mine", "--repo", repo] + flags)
            XCTAssertEqual(mined.status, 0, mined.stderr)
            let rule = try XCTUnwrap(try sandbox.rulesByID(of: repo)["testing/typescript-framework"], "\(flags)")
            let facts = try XCTUnwrap(rule["facts"] as? [String: Any])
            XCTAssertEqual(facts["test_framework"] as? String, "vitest", "\(flags) \(rule)")
            XCTAssertNil(rule["stale"], "\(flags) \(rule)")
            let since = try XCTUnwrap(rule["since"] as? [String: Any], "\(flags) \(rule)")
            XCTAssertEqual(since["commit"] as? String, migration)
            XCTAssertEqual((since["before"] as? [String: Any])?["test_framework"] as? String, "jest")
        }

        // The JavaScript scripts have no tests of their own: they take the TypeScript tests' runner, switch and all.
        _ = try sandbox.run(["mine", "--repo", repo, "--ignore-config", "--full"])
        let lent = try XCTUnwrap(try sandbox.rulesByID(of: repo)["testing/javascript-framework"])
        XCTAssertEqual((lent["facts"] as? [String: Any])?["test_framework"] as? String, "vitest", "\(lent)")
        XCTAssertEqual((lent["since"] as? [String: Any])?["commit"] as? String, migration, "\(lent)")
        let support = try XCTUnwrap(lent["support"] as? [String: Any])
        XCTAssertEqual(support["agreeing"] as? Int, support["observations"] as? Int, "counted since the migration: \(lent)")
        XCTAssertEqual(lent["lent"] as? Bool, true)
    }

    func testVitestWithGlobalsIsNeverMinedAsJest() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.initRepository("globals")
        let config = "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { globals: true } });\n"
        for index in 0..<16 {
            // Globals need no import; a third of the files stub with `vi.fn`, the rest only assert.
            let mock = index.isMultiple(of: 3) ? "vi.fn" : "(() => () => undefined)"
            try sandbox.commit(
                "Add m\(index)",
                files: [
                    "src/m\(index).ts": Self.source(index), "test/m\(index).test.ts": Self.test(index, header: "", mock: mock),
                    "vitest.config.ts": config,
                ], in: repo, date: Self.start + Int64(index) * Self.day)
        }
        let mined = try sandbox.run("mine", "--repo", repo, "--ignore-config")
        XCTAssertEqual(mined.status, 0, mined.stderr)
        let fromCode = try XCTUnwrap(try sandbox.rulesByID(of: repo)["testing/typescript-framework"])
        XCTAssertEqual((fromCode["facts"] as? [String: Any])?["test_framework"] as? String, "vitest", "\(fromCode)")
        XCTAssertFalse("\(fromCode)".contains("jest"), "\(fromCode)")

        // Where no test file names its runner, the code alone says nothing; the configured runner says Vitest.
        let bare = try sandbox.initRepository("bare")
        for index in 0..<8 {
            try sandbox.commit(
                "Add m\(index)",
                files: [
                    "src/m\(index).ts": Self.source(index), "test/m\(index).test.ts": Self.test(index, header: "", mock: "(() => () => undefined)"),
                    "vitest.config.ts": config,
                ], in: bare, date: Self.start + Int64(index) * Self.day)
        }
        XCTAssertEqual(try sandbox.run("mine", "--repo", bare, "--ignore-config").status, 0)
        XCTAssertNil(try sandbox.rulesByID(of: bare)["testing/typescript-framework"])
        XCTAssertEqual(try sandbox.run("mine", "--repo", bare).status, 0)
        let declared = try XCTUnwrap(try sandbox.rulesByID(of: bare)["testing/typescript-framework"])
        XCTAssertEqual((declared["facts"] as? [String: Any])?["test_framework"] as? String, "vitest")
        XCTAssertEqual(declared["source"] as? String, "declared")
        XCTAssertEqual(declared["statement"] as? String, "Write tests with Vitest. Declared in `vitest.config.ts` (vitest configuration).")

        let listed = try sandbox.run("declared", "--repo", bare)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains("test_framework"), listed.stdout)
    }
}
