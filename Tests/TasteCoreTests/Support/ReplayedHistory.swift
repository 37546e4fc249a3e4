import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// A history replayed the way the daemon sees it: one commit or one `git merge --no-ff` of a small feature
/// branch at a time, each followed by an incremental mining pass. Every step records the skills as stored,
/// and checks that versions stay append-only and consecutive.
final class ReplayedHistory {
    /// What the store held after one step.
    struct Step {
        /// 1-based, in the order the steps were taken.
        var index: Int
        /// The mainline commit the step added (a merge commit for merges).
        var sha: String
        /// The feature branch's commit, for merges.
        var featureSHA: String?
        var skills: [Skill]
        var report: MiningReport

        func skill(_ name: String) -> Skill? { skills.first { $0.name == name } }
        func status(_ name: String) -> SkillStatus? { skill(name)?.status }
        func rule(_ id: String) -> Rule? { skills.flatMap(\.rules).first { $0.id == id } }
    }

    let fixture: GitFixture
    let store: Store
    private(set) var steps: [Step] = []
    /// Every version seen so far, by skill: a later step must find each exactly as it was.
    private var seen: [String: [Int: SkillVersionRecord]] = [:]

    /// The miners whose conventions these histories change. Their exact version sequences are the point: a
    /// miner added later (naming) crossing its thresholds mid-history would add versions that are not drift.
    static let minersUnderTest: [any Miner] = [
        IndentationMiner(), LineLengthMiner(), FinalNewlineMiner(), TrailingWhitespaceMiner(), TestFrameworkMiner(), CommitMessageMiner(),
    ]

    let miners: [any Miner]

    init(store: Store, name: String = "repo", miners: [any Miner] = ReplayedHistory.minersUnderTest) throws {
        fixture = try GitFixture(name: name)
        self.store = store
        self.miners = miners
    }

    var path: String { fixture.path }
    var last: Step? { steps.last }

    /// Commits `files` straight onto main, then mines.
    @discardableResult
    func commit(_ message: String, files: [String: String] = [:]) throws -> Step {
        let sha = try fixture.commit(message, files: files)
        return try mine(sha: sha, featureSHA: nil)
    }

    /// Commits `files` on a new branch off main, merges it with `--no-ff`, then mines.
    @discardableResult
    func merge(_ branch: String, message: String, files: [String: String]) throws -> Step {
        try fixture.checkout(branch, create: true)
        let feature = try fixture.commit(message, files: files)
        try fixture.checkout("main")
        let sha = try fixture.merge(branch)
        return try mine(sha: sha, featureSHA: feature)
    }

    /// Mines again without a new commit.
    @discardableResult
    func mineAgain() throws -> Step {
        try mine(sha: try fixture.revParse("HEAD"), featureSHA: nil)
    }

    private func mine(sha: String, featureSHA: String?) throws -> Step {
        let report = try MiningPass(store: store, miners: miners).run(MineOptions(repositoryPath: fixture.path))
        XCTAssertEqual(report.head, sha, "the pass mined up to the new commit")
        let skills = try MinedRepository.load(store: store, repositoryPath: fixture.path).skills
        let step = Step(index: steps.count + 1, sha: sha, featureSHA: featureSHA, skills: skills, report: report)
        steps.append(step)
        try checkVersionsAreAppendOnly(at: step.index)
        return step
    }

    /// Versions are numbered 1…n with no gap, and a version once stored never changes.
    private func checkVersionsAreAppendOnly(at step: Int) throws {
        let repository = try GitRepository(path: fixture.path)
        guard let id = try store.repository(gitDir: repository.gitDirectory)?.id else { return }
        for (name, versions) in try store.allVersions(repoID: id) {
            XCTAssertEqual(
                versions.map(\.version), Array(stride(from: 1, through: versions.count, by: 1)),
                "\(name): versions are consecutive (step \(step))")
            for (version, record) in seen[name] ?? [:] {
                XCTAssertEqual(
                    versions.first { $0.version == version }, record,
                    "\(name)@\(version) changed after it was stored (step \(step))")
            }
            for record in versions { seen[name, default: [:]][record.version] = record }
        }
    }

    /// Every stored version of a skill, oldest first.
    func versions(_ name: String) throws -> [SkillVersionRecord] {
        let repository = try GitRepository(path: fixture.path)
        let id = try XCTUnwrap(try store.repository(gitDir: repository.gitDirectory)?.id)
        return try store.versions(repoID: id, skill: name)
    }

    /// The 1-based index (among `steps`) of the first step at which `skill` was stale, if any.
    func firstStale(_ skill: String, from start: Int = 1) -> Int? {
        steps.first { $0.index >= start && $0.status(skill) == .stale }?.index
    }
}

/// Code in a given indentation, small but shaped like the real thing: nested blocks, blank lines, a final
/// newline. Every indented line steps by exactly one level, so each file votes for one indent size.
enum ConventionCode {
    static func pythonModule(_ name: String, indent: Int) -> String { Code.pythonModule(name, indent: indent) }

    static func pytestFile(_ name: String, indent: Int) -> String {
        let i = String(repeating: " ", count: indent)
        return """
            from app.\(name) import \(name)


            def test_\(name)_sums():
            \(i)assert \(name)([1, 2]) == 3


            def test_\(name)_empty():
            \(i)assert \(name)([]) == 0

            """
    }

    /// A Python module and its pytest file, as one merge adds them.
    static func python(_ index: Int, indent: Int, tests: Bool = true) -> [String: String] {
        var files = ["app/m\(index).py": pythonModule("m\(index)", indent: indent)]
        if tests { files["tests/test_m\(index).py"] = pytestFile("m\(index)", indent: indent) }
        return files
    }

    static func swiftType(_ name: String) -> String { Code.swiftType(name) }

    static func xctestCase(_ name: String) -> String { Code.xctestCase(name) }

    /// Swift Testing, indented with 4 spaces like the rest of the code (only the framework changes).
    static func swiftTestingSuite(_ name: String) -> String {
        """
        import Testing
        @testable import App

        @Test func \(name.lowercased())Totals() {
            #expect(\(name)(items: [1, 2]).total() == 3)
            #expect(\(name)(items: []).total() == 0)
        }

        """
    }

    /// A Swift type and its tests, in XCTest or Swift Testing.
    static func swift(_ index: Int, swiftTesting: Bool) -> [String: String] {
        let name = "Type\(index)"
        return [
            "Sources/App/\(name).swift": swiftType(name),
            "Tests/AppTests/\(name)Tests.swift": swiftTesting ? swiftTestingSuite(name) : xctestCase(name),
        ]
    }
}
