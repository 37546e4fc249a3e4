import Foundation
import TasteCore
import XCTest

/// The real `taste` binary on real repositories, each test with its own store.
final class CommandTests: XCTestCase {
    func testMineThenSkillsJSON() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        let head = try sandbox.git(["rev-parse", "HEAD"], in: repo, date: 0).trimmingCharacters(in: .whitespacesAndNewlines)

        let mined = try sandbox.run("mine", "--repo", repo)
        XCTAssertEqual(mined.status, 0, mined.stderr)
        XCTAssertEqual(mined.stderr, "", "no progress bar when stderr is not a terminal")
        XCTAssertTrue(mined.stdout.hasPrefix("Mined 5 new commits of repo up to \(head.prefix(10))"), mined.stdout)
        XCTAssertTrue(mined.stdout.contains("new swift-style, testing, commits"), mined.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: sandbox.home + "/taste.sqlite"), "the store is in TASTE_HOME")

        let listed = try sandbox.run("skills", "--json", "--repo", repo)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(document.keys), ["repo", "head", "skills"])
        XCTAssertEqual(document["repo"] as? String, repo)
        XCTAssertEqual(document["head"] as? String, head)
        let skills = try XCTUnwrap(document["skills"] as? [[String: Any]])
        XCTAssertEqual(skills.compactMap { $0["name"] as? String }, ["swift-style", "testing", "commits"])
        for skill in skills {
            for key in ["id", "name", "title", "description", "version", "status", "rules"] {
                XCTAssertNotNil(skill[key], "skill lacks \(key): \(skill)")
            }
            XCTAssertEqual(skill["id"] as? String, skill["name"] as? String)
            XCTAssertEqual(skill["version"] as? Int, 1)
            XCTAssertEqual(skill["status"] as? String, "active")
            XCTAssertFalse((skill["description"] as? String ?? "").isEmpty)
            let rules = try XCTUnwrap(skill["rules"] as? [[String: Any]])
            XCTAssertFalse(rules.isEmpty)
            for rule in rules {
                for key in ["id", "scope", "facts", "source", "confidence", "share", "support", "evidence", "statement", "unit"] {
                    XCTAssertNotNil(rule[key], "rule lacks \(key): \(rule)")
                }
                XCTAssertTrue((rule["id"] as? String ?? "").hasPrefix("\(skill["name"] as? String ?? "")/"), "\(rule)")
                let scope = try XCTUnwrap(rule["scope"] as? [String: Any])
                XCTAssertTrue(scope.keys.contains("language"), "language is null, not absent, for repository-wide rules")
                XCTAssertNotNil(scope["paths"] as? [String])
                XCTAssertNotNil(rule["facts"] as? [String: Any])
                XCTAssertEqual(rule["source"] as? String, "mined")
                let confidence = try XCTUnwrap(rule["confidence"] as? Double)
                XCTAssertTrue((0...1).contains(confidence), "\(confidence)")
                let support = try XCTUnwrap(rule["support"] as? [String: Any])
                for key in ["observations", "agreeing", "commits"] { XCTAssertNotNil(support[key] as? Int, "support lacks \(key)") }
                let evidence = try XCTUnwrap(rule["evidence"] as? [[String: Any]])
                for place in evidence { XCTAssertEqual((place["commit"] as? String)?.count, 40, "\(place)") }
            }
        }

        let style = try XCTUnwrap(skills.first { $0["name"] as? String == "swift-style" })
        let indentation = try XCTUnwrap((style["rules"] as? [[String: Any]])?.first { $0["id"] as? String == "swift-style/indentation" })
        let facts = try XCTUnwrap(indentation["facts"] as? [String: Any])
        XCTAssertEqual(facts[.indentStyle] as? String, "space")
        XCTAssertEqual(facts[.indentSize] as? Int, 4)
        XCTAssertEqual(facts.count, 2)
        XCTAssertEqual((indentation["scope"] as? [String: Any])?["language"] as? String, "swift")

        let testing = try XCTUnwrap(skills.first { $0["name"] as? String == "testing" })
        let framework = try XCTUnwrap((testing["rules"] as? [[String: Any]])?.first)
        XCTAssertEqual((framework["facts"] as? [String: Any])?["test_framework"] as? String, "xctest")

        let commits = try XCTUnwrap(skills.first { $0["name"] as? String == "commits" })
        let message = try XCTUnwrap((commits["rules"] as? [[String: Any]])?.first)
        XCTAssertEqual((message["facts"] as? [String: Any])?["commit_convention"] as? String, "conventional")
        XCTAssertTrue((message["scope"] as? [String: Any])?["language"] is NSNull)

        let text = try sandbox.run("skills", "--repo", repo)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.hasPrefix("\(repo) @ \(head.prefix(10))\n"), text.stdout)
        XCTAssertTrue(text.stdout.contains("swift-style v1 [active]: Swift style"), text.stdout)
    }

    func testCommandsFindTheRepositoryFromTheWorkingDirectory() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        XCTAssertEqual(try sandbox.run(["mine"], in: repo + "/Sources/App").status, 0)
        let listed = try sandbox.run(["skills", "--json"], in: repo + "/Tests")
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["repo"] as? String, repo)
    }

    func testMiningAgainSaysNoChange() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        let again = try sandbox.run("mine", "--repo", repo)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.hasPrefix("Mined 0 new commits"), again.stdout)
        XCTAssertTrue(again.stdout.contains("no change"), again.stdout)
    }

    func testShowPrintsTheSkillAsMarkdown() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)

        let shown = try sandbox.run("show", "swift-style", "--repo", repo)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.hasPrefix("---\nname: swift-style\n"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("\n# Swift style\n"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains("Indent with 4 spaces"), shown.stdout)

        let json = try sandbox.run("show", "testing", "--json", "--repo", repo)
        XCTAssertEqual(json.status, 0, json.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((document["skills"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["testing"])
    }

    func testExportWritesSkillFiles() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository()
        XCTAssertEqual(try sandbox.run("mine", "--repo", repo).status, 0)
        let out = sandbox.root.appendingPathComponent("exported").path

        let first = try sandbox.run("export", "--repo", repo, "--out", out)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, "Exported 3 skills as agent-skills (6 written, 0 unchanged); Agent Skills in \(out).\n")
        let names = ["commits", "swift-style", "testing"]
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out).sorted(), names)
        var contents: [Data] = []
        for name in names {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name)/SKILL.md"))
            XCTAssertTrue(String(decoding: data, as: UTF8.self).hasPrefix("---\nname: \(name)\n"))
            contents.append(data)
        }

        let second = try sandbox.run("export", "--repo", repo, "--out", out)
        XCTAssertEqual(second.stdout, "Exported 3 skills as agent-skills (0 written, 6 unchanged); Agent Skills in \(out).\n")
        XCTAssertEqual(try names.map { try Data(contentsOf: URL(fileURLWithPath: "\(out)/\($0)/SKILL.md")) }, contents)

        let byDefault = try sandbox.run("export", "--repo", repo)
        XCTAssertEqual(byDefault.status, 0, byDefault.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: repo + "/.claude/skills/swift-style/SKILL.md"))
    }

    func testTooLittleHistoryGivesNoSkills() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.makeRepository(commits: 1)
        let mined = try sandbox.run("mine", "--repo", repo)
        XCTAssertEqual(mined.status, 0, mined.stderr)
        let listed = try sandbox.run("skills", "--repo", repo)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertEqual(listed.stdout, "\(repo): no skills yet (too little history to support a rule).\n")
        let json = try sandbox.run("skills", "--json", "--repo", repo)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((document["skills"] as? [Any])?.count, 0)
    }

    func testMinersListsEveryMinerAndRuleSource() throws {
        let result = try Sandbox().run("miners")
        XCTAssertEqual(result.status, 0, result.stderr)
        for miner in MinerCatalogue.all {
            XCTAssertTrue(result.stdout.contains("\(miner.identifier): "), "\(miner.identifier) missing:\n\(result.stdout)")
        }
        for source in RuleSourceCatalogue.all {
            XCTAssertTrue(result.stdout.contains("\n\(source.identifier): "), "\(source.identifier) missing:\n\(result.stdout)")
        }
        XCTAssertTrue(result.stdout.contains(".editorconfig"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Cargo.toml"), result.stdout)
        XCTAssertEqual(result.stdout, MinerCatalogue.listing.text + "\n")
    }

    /// Spaces, quotes, a dollar sign and a newline in the repository's folder name: nothing is passed through a shell.
    func testHostileRepositoryPath() throws {
        let sandbox = try Sandbox()
        let name = "my repo \"quoted\" 'single' $HOME `tick`\nsecond line"
        let repo = try sandbox.makeRepository(name)

        let mined = try sandbox.run("mine", "--repo", repo)
        XCTAssertEqual(mined.status, 0, mined.stderr)
        XCTAssertEqual(mined.stderr, "")
        XCTAssertTrue(mined.stdout.hasPrefix("Mined 5 new commits of \(name)"), mined.stdout)

        let listed = try sandbox.run("skills", "--json", "--repo", repo)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["repo"] as? String, repo)
        XCTAssertEqual((document["skills"] as? [[String: Any]])?.compactMap { $0["name"] as? String }, ["swift-style", "testing", "commits"])

        let text = try sandbox.run("skills", "--repo", repo)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("swift-style v1 [active]"), text.stdout)

        let out = repo + "/out $dir"
        let exported = try sandbox.run("export", "--repo", repo, "--out", out)
        XCTAssertEqual(exported.status, 0, exported.stderr)
        let skill = try String(contentsOfFile: out + "/testing/SKILL.md", encoding: .utf8)
        XCTAssertTrue(skill.contains("\n  repository: \"my repo \\\"quoted\\\" 'single' $HOME `tick`\\nsecond line\"\n"), skill)
    }
}
