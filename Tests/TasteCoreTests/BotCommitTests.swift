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
