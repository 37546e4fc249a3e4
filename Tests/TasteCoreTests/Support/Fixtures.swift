import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

extension XCTestCase {
    /// A store of its own in a temporary folder, removed when the test ends.
    func makeStore() throws -> Store {
        let folder = try makeTemporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return try Store(path: folder.appendingPathComponent("taste.sqlite").path)
    }

    @discardableResult
    func mine(_ path: String, into store: Store, _ configure: (inout MineOptions) -> Void = { _ in }) throws -> MiningReport {
        var options = MineOptions(repositoryPath: path)
        configure(&options)
        return try MiningPass(store: store).run(options)
    }

    /// The stored current skills of the repository at `path`.
    func skills(of path: String, in store: Store) throws -> [Skill] {
        try MinedRepository.load(store: store, repositoryPath: path).skills
    }

    /// One rule of the repository's current skills, failing the test when it is missing.
    func rule(_ id: String, of path: String, in store: Store, file: StaticString = #filePath, line: UInt = #line) throws -> Rule {
        let rules = try skills(of: path, in: store).flatMap(\.rules)
        return try XCTUnwrap(rules.first { $0.id == id }, "no rule \(id); rules: \(rules.map(\.id))", file: file, line: line)
    }

    func repoID(_ path: String, in store: Store) throws -> Int64 {
        let repository = try GitRepository(path: path)
        return try XCTUnwrap(try store.repository(gitDir: repository.gitDirectory)?.id)
    }

    /// Every stored counter summed over commits, one line each: what a pass has counted, for comparing passes.
    func tallySums(_ path: String, in store: Store) throws -> [String] {
        let id = try repoID(path, in: store)
        return try store.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT miner || '|' || scope || '|' || key || '|' || value || '=' || SUM(count) FROM tally
                    WHERE repo_id = \(id) GROUP BY miner, scope, key, value ORDER BY miner, scope, key, value
                    """)
        }
    }
}

/// A Swift repository that keeps 4-space indentation, XCTest tests and Conventional Commits, one type and
/// its tests per commit.
func makeSwiftRepository(commits: Int = 5, name: String = "repo") throws -> GitFixture {
    let fixture = try GitFixture(name: name)
    try addSwiftCommits(fixture, range: 0..<commits)
    return fixture
}

func addSwiftCommits(_ fixture: GitFixture, range: Range<Int>, indent: String = "    ") throws {
    for index in range {
        let name = "Type\(index)"
        try fixture.commit(
            "feat(app): add \(name)",
            files: [
                "Sources/App/\(name).swift": Code.swiftType(name, indent: indent),
                "Tests/AppTests/\(name)Tests.swift": Code.xctestCase(name, indent: indent),
            ])
    }
}
