import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// `taste notify`'s decision: which branch is followed, whether the ref that moved is it, and which heads
/// the queued event records.
final class MergeNoticeTests: XCTestCase {
    private func decide(
        _ notice: MergeNotice, configured: String? = nil, head: String? = "refs/heads/main",
        origHead: String? = "aaa", headCommit: String? = "bbb"
    ) -> MergeNotice.Event? {
        notice.event(
            gitDir: "/r/.git", configuredBranch: configured, headReference: head,
            origHead: { origHead }, headCommit: { headCommit })
    }

    func testTheFollowedBranchIsTheConfiguredOneElseTheInstalledOneElseHEADs() {
        XCTAssertEqual(MergeNotice.followedBranch(configured: "trunk", installed: "main", headReference: "refs/heads/dev"), "trunk")
        XCTAssertEqual(MergeNotice.followedBranch(configured: nil, installed: "main", headReference: "refs/heads/dev"), "main")
        XCTAssertEqual(MergeNotice.followedBranch(configured: nil, installed: nil, headReference: "refs/heads/dev"), "dev")
        XCTAssertEqual(MergeNotice.followedBranch(configured: nil, installed: nil, headReference: "refs/remotes/x"), "refs/remotes/x")
        XCTAssertNil(MergeNotice.followedBranch(configured: nil, installed: nil, headReference: nil), "a detached HEAD follows nothing")
    }

    func testAMergeIntoTheFollowedBranchIsQueuedWithORIG_HEADAndHEAD() {
        XCTAssertEqual(
            decide(MergeNotice(hook: "post-merge")),
            MergeNotice.Event(gitDir: "/r/.git", hook: "post-merge", ref: "refs/heads/main", oldHead: "aaa", newHead: "bbb"))
        XCTAssertEqual(
            decide(MergeNotice(hook: "post-merge", oldHead: "", newHead: "")),
            MergeNotice.Event(gitDir: "/r/.git", hook: "post-merge", ref: "refs/heads/main", oldHead: "aaa", newHead: "bbb"),
            "empty heads count as not given")
        XCTAssertEqual(decide(MergeNotice(hook: "manual", oldHead: "old", newHead: "new"))?.oldHead, "old")
        XCTAssertEqual(decide(MergeNotice(hook: "manual", oldHead: "old", newHead: "new"))?.newHead, "new")
        XCTAssertEqual(decide(MergeNotice(), origHead: nil)?.oldHead, nil, "no ORIG_HEAD: the old head is unknown")
    }

    func testMergesIntoOtherBranchesAreDropped() {
        XCTAssertNil(
            decide(MergeNotice(hook: "post-merge", branch: "main"), head: "refs/heads/feature"),
            "merging main into a feature branch teaches nothing")
        XCTAssertNotNil(
            decide(MergeNotice(hook: "post-merge"), head: "refs/heads/feature"),
            "with no branch recorded, the branch HEAD names is the followed one")

        var headsRead = 0
        let dropped = MergeNotice(hook: "post-merge", branch: "main").event(
            gitDir: "/r/.git", configuredBranch: nil, headReference: "refs/heads/feature",
            origHead: {
                headsRead += 1
                return "aaa"
            },
            headCommit: {
                headsRead += 1
                return "bbb"
            })
        XCTAssertNil(dropped)
        XCTAssertEqual(headsRead, 0, "a dropped event reads no head")

        XCTAssertNil(decide(MergeNotice(branch: "main"), configured: "trunk"), "taste.branch wins over the installed branch")
        XCTAssertNotNil(decide(MergeNotice(branch: "main"), configured: "trunk", head: "refs/heads/trunk"))
        XCTAssertNil(decide(MergeNotice(), head: nil), "a detached HEAD follows nothing")
        XCTAssertNil(decide(MergeNotice(ref: "refs/tags/main")))
    }

    func testPostReceiveRecordsOnlyTheHeadsItWasGiven() {
        let pushed = decide(
            MergeNotice(hook: "post-receive", branch: "main", ref: "refs/heads/main", oldHead: "", newHead: "ccc"),
            head: "refs/heads/other")
        XCTAssertEqual(
            pushed, MergeNotice.Event(gitDir: "/r/.git", hook: "post-receive", ref: "refs/heads/main", oldHead: nil, newHead: "ccc"),
            "a server has no ORIG_HEAD, and a named ref's head is not HEAD")
        XCTAssertNil(decide(MergeNotice(hook: "post-receive", branch: "main", ref: "refs/heads/feature", oldHead: "a", newHead: "b")))
    }

    func testARealMergeIsReadFromTheRepository() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("feat: one", files: ["a.txt": "a\n"])
        try fixture.checkout("feature", create: true)
        try fixture.commit("feat: two", files: ["b.txt": "b\n"])
        try fixture.checkout("main")
        let merge = try fixture.merge("feature")
        let repository = try GitRepository(path: fixture.path)

        let event = try XCTUnwrap(MergeNotice(hook: "post-merge").event(in: repository))
        XCTAssertEqual(
            event,
            MergeNotice.Event(
                gitDir: repository.gitDirectory, hook: "post-merge", ref: "refs/heads/main",
                oldHead: first, newHead: merge))

        try fixture.git("config", "taste.branch", "release")
        XCTAssertNil(MergeNotice(hook: "post-merge", branch: "main").event(in: try GitRepository(path: fixture.path)))

        let store = try makeStore()
        try event.queue(in: store)
        XCTAssertEqual(try store.queueStatus().queued, 1)
    }
}
