import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// The repository the golden files are made from: Swift with 4-space indentation and XCTest, Go with tabs and
/// Go's testing package, Conventional Commits. GitFixture pins identity, dates and the branch name, so its
/// commits have the same shas on every machine and in every run.
func makeGoldenRepository() throws -> GitFixture {
    let fixture = try GitFixture(name: "golden")
    for index in 0..<6 {
        let type = "Type\(index)"
        try fixture.commit(
            index.isMultiple(of: 2) ? "feat(app): add \(type)" : "fix(server): sum pkg\(index)",
            files: [
                "Sources/App/\(type).swift": Code.swiftType(type),
                "Tests/AppTests/\(type)Tests.swift": Code.xctestCase(type),
                "server/pkg\(index)/sum.go": Code.goFile("pkg\(index)", "Sum\(index)"),
                "server/pkg\(index)/sum_test.go": Code.goTest("pkg\(index)", "Sum\(index)"),
            ])
    }
    return fixture
}

extension XCTestCase {
    /// Mines `path` into a store of the test's own and loads what it holds.
    func minedRepository(_ path: String) throws -> MinedRepository {
        let store = try makeStore()
        try mine(path, into: store)
        return try MinedRepository.load(store: store, repositoryPath: path)
    }

    /// A temporary folder removed when the test ends.
    func temporaryFolder() throws -> String {
        let folder = try makeTemporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder.path
    }

    /// Exports `skills` of `mined` in `formats` under `root`, the Agent Skills in `root/.claude/skills` as
    /// `taste export` does by default.
    @discardableResult
    func export(_ skills: [Skill], of mined: MinedRepository, formats: [ExportFormat], root: String) throws -> SkillExporter.Result {
        try SkillExporter(renderer: try SkillRenderer()).export(
            skills, formats: formats, repository: mined.record.name, head: mined.head, root: root,
            skillsDirectory: root + "/.claude/skills")
    }
}

/// A skill built in memory, with `count` rules of falling confidence (rule 0 the most confident), each citing
/// one place.
func syntheticSkill(
    _ name: String, language: Language? = .swift, rules count: Int, confidenceFrom top: Double = 0.99,
    step: Double = 0.001, status: SkillStatus = .active
) -> Skill {
    let rules = (0..<count).map { index in
        Rule(
            id: "\(name)/rule-\(index)", scope: RuleScope(language: language), facts: ["rule": .int(index)], source: "mined",
            confidence: (max(0.5, top - Double(index) * step) * 1000).rounded() / 1000,
            support: Support(observations: 1000 + index, agreeing: 990, commits: 40),
            evidence: [
                EvidenceLocation(
                    commit: String(repeating: "ab", count: 20), path: "Sources/App/File\(index).swift",
                    line: index + 1, snippet: "let value\(index) = \(index)")
            ],
            statement: "Keep rule number \(index) of \(name) when you write code here.", unit: "lines", share: 0.99)
    }
    return Skill(
        id: name, name: name, title: "\(name) title", description: "What \(name) says. Use when writing code here.",
        version: 1, status: status, rules: rules)
}

/// Every format, in the order the exporter documents them.
let allFormats = ExportFormat.allCases
