import Foundation
import TasteTestSupport
import XCTest

extension Sandbox {
    /// Writes `files` in the repository at `path` and commits them at `date`.
    func commit(_ message: String, files: [String: String], in path: String, date: Int64) throws {
        for (relative, text) in files.sorted(by: { $0.key < $1.key }) { try writeFile(path + "/" + relative, text) }
        try git(["add", "-A"], in: path, date: date)
        try git(["commit", "-q", "-m", message], in: path, date: date)
    }

    func head(of path: String) throws -> String {
        try git(["rev-parse", "HEAD"], in: path, date: 0).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Years after `makeRepository`, the team re-indents to 2 spaces and keeps to it: enough for a new version
    /// of swift-style once mined.
    func reindentToTwoSpaces(_ path: String, existing: Int = 5) throws {
        let start: Int64 = 1_600_000_000 + 3 * 365 * 86_400
        for index in 0..<(existing + 10) {
            let type = "Type\(index)"
            try commit(
                "style(app): two-space \(type)",
                files: [
                    "Sources/App/\(type).swift": Code.swiftType(type, indent: "  "),
                    "Tests/AppTests/\(type)Tests.swift": Code.xctestCase(type, indent: "  "),
                ], in: path, date: start + Int64(index) * 86_400)
        }
    }

    /// A monorepo: `web/` in TypeScript (2 spaces, Jest), `server/` in Go (tabs, Go's testing) and `tools/` in
    /// Python (4 spaces, pytest), with Conventional Commit subjects.
    func makeMonorepo(_ name: String = "mono", commits: Int = 6) throws -> String {
        let path = try initRepository(name)
        for index in 0..<commits {
            try commit(
                "feat(web): add module \(index)",
                files: [
                    "web/src/mod\(index).ts": """
                    export function sum\(index)(items: number[]): number {
                      let total = 0;
                      for (const item of items) {
                        if (item > 0) {
                          total += item;
                        }
                      }
                      return total;
                    }

                    export function count\(index)(items: number[]): number {
                      return items.filter((item) => {
                        return item > 0;
                      }).length;
                    }

                    """,
                    "web/src/mod\(index).test.ts": """
                    import { describe, expect, it } from '@jest/globals';
                    import { sum\(index) } from './mod\(index)';

                    describe('sum\(index)', () => {
                      it('adds', () => {
                        expect(sum\(index)([1, 2])).toBe(3);
                      });
                    });

                    """,
                    "server/pkg\(index)/sum.go": Code.goFile("pkg\(index)", "Sum"),
                    "server/pkg\(index)/sum_test.go": Code.goTest("pkg\(index)", "Sum"),
                    "tools/tool\(index).py": """
                    def total_\(index)(items):
                        total = 0
                        for item in items:
                            if item > 0:
                                total += item
                        return total


                    class Box\(index):
                        def __init__(self, items):
                            self.items = items

                        def total(self):
                            return total_\(index)(self.items)

                    """,
                    "tools/test_tool\(index).py": """
                    from tool\(index) import total_\(index)


                    def test_total_\(index)():
                        assert total_\(index)([1, 2]) == 3

                    """,
                ], in: path, date: 1_600_000_000 + Int64(index) * 86_400)
        }
        return path
    }
}

/// The `taste skills --json` document's rules, flattened: (skill, rule id, scope language or nil, facts).
struct ListedRule {
    var skill: String
    var id: String
    var language: String?
    var facts: [String: Any]
    var evidence: [[String: Any]]
}

extension Sandbox {
    /// Every rule `taste skills --json` lists for `repo`, by id, as its JSON object.
    func rulesByID(of repo: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: [String: Any]] {
        let listed = try run("skills", "--json", "--repo", repo)
        XCTAssertEqual(listed.status, 0, listed.stderr, file: file, line: line)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any], file: file, line: line)
        var result: [String: [String: Any]] = [:]
        for skill in document["skills"] as? [[String: Any]] ?? [] {
            for rule in skill["rules"] as? [[String: Any]] ?? [] { result[rule["id"] as? String ?? ""] = rule }
        }
        return result
    }
}

func listedRules(_ json: String, file: StaticString = #filePath, line: UInt = #line) throws -> [ListedRule] {
    let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], json, file: file, line: line)
    let skills = try XCTUnwrap(document["skills"] as? [[String: Any]], json, file: file, line: line)
    return skills.flatMap { skill in
        (skill["rules"] as? [[String: Any]] ?? []).map { rule in
            let scope = rule["scope"] as? [String: Any] ?? [:]
            return ListedRule(
                skill: skill["name"] as? String ?? "", id: rule["id"] as? String ?? "",
                language: scope["language"] as? String, facts: rule["facts"] as? [String: Any] ?? [:],
                evidence: rule["evidence"] as? [[String: Any]] ?? [])
        }
    }
}
