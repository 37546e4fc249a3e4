import XCTest

@testable import TasteCore

/// Found on psf/requests: bot commits must not speak for the team's commit style.
final class BotCommitTests: XCTestCase {
    func testBotAuthorsAreNotCounted() {
        let miner = CommitMessageMiner()
        var sink = ObservationSink(miner: "commit-message", commit: "c")
        for (name, email) in [
            ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com"),
            ("renovate[bot]", "bot@renovateapp.com"), ("github-actions[bot]", "actions@github.com"),
        ] {
            let commit = CommitRecord(
                sha: "c", parents: ["p"], authorName: name, authorEmail: email, time: 0,
                message: "Bump x from 1 to 2\n\nSigned-off-by: \(name) <\(email)>\n")
            miner.observe(commit, into: &sink)
        }
        XCTAssertTrue(sink.isEmpty, "\(sink.counts)")

        let person = CommitRecord(
            sha: "d", parents: ["p"], authorName: "Ada", authorEmail: "ada@example.com", time: 0,
            message: "Bump x from 1 to 2\n")
        miner.observe(person, into: &sink)
        XCTAssertEqual(sink.counts[TallyKey(miner: "commit-message", scope: "", key: "convention", value: "free-form")], 1)
    }
}

/// Found on eslint/eslintrc and eslint/eslint-scope: `npm version` and release scripts commit with the bare
/// version as the subject. Counted as free-form, they diluted a Conventional Commits adoption for a dozen merges.
final class ReleaseCommitTests: XCTestCase {
    func testABareVersionSubjectIsNotCounted() {
        let miner = CommitMessageMiner()
        var sink = ObservationSink(miner: "commit-message", commit: "c")
        for subject in ["1.0.4", "v9.1.0", "3.0.0-beta.1", "v2.0.0-rc.2+build.5"] {
            let commit = CommitRecord(
                sha: "c", parents: ["p"], authorName: "ESLint Jenkins", authorEmail: "eslint@jquery.com", time: 0, message: "\(subject)\n")
            miner.observe(commit, into: &sink)
        }
        XCTAssertTrue(sink.isEmpty, "\(sink.counts)")

        for subject in ["Release 1.0.4", "v9.1.0 is out: fix the parser", "2020 roadmap"] {
            let commit = CommitRecord(
                sha: "d", parents: ["p"], authorName: "Ada", authorEmail: "ada@example.com", time: 0, message: "\(subject)\n")
            miner.observe(commit, into: &sink)
        }
        XCTAssertEqual(sink.counts[TallyKey(miner: "commit-message", scope: "", key: "convention", value: "free-form")], 3)
    }
}
