import Foundation
import GRDB
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Every claim of an event counts an attempt, whether its pass fails or the daemon dies in it; after
/// `Store.maxEventAttempts` the event is quarantined until it is retried.
final class EventQueueTests: XCTestCase {
    private func state(_ store: Store, _ id: Int64) throws -> (state: String, attempts: Int) {
        try store.read { db in
            let row = try XCTUnwrap(try Row.fetchOne(db, sql: "SELECT state, attempts FROM event WHERE id = ?", arguments: [id]))
            return (row["state"], row["attempts"])
        }
    }

    /// A daemon that dies during each pass over an event (a crash, or kill -9) leaves it `processing`; every
    /// restart used to put it back in the queue, to crash again, forever.
    func testAnEventTheDaemonDiesOnIsQuarantinedAfterItsAttempts() throws {
        let store = try makeStore()
        let poison = try store.enqueue(gitDir: "/p/.git", hook: "post-merge", ref: nil, oldHead: nil, newHead: nil)
        for attempt in 1..<Store.maxEventAttempts {
            XCTAssertEqual(try store.claim(gitDir: "/p/.git").map(\.attempts), [attempt])
            XCTAssertEqual(try store.requeueUnfinished(), ["/p/.git"], "attempt \(attempt): back in the queue")
        }
        XCTAssertEqual(try store.claim(gitDir: "/p/.git").map(\.attempts), [Store.maxEventAttempts])
        XCTAssertEqual(try store.requeueUnfinished(), [], "the last attempt is spent")
        XCTAssertEqual(try state(store, poison).state, "failed")
        XCTAssertEqual(try store.repositoriesWaiting(), [])
        let quarantined = try store.quarantinedEvents()
        XCTAssertEqual(quarantined.map(\.gitDir), ["/p/.git"])
        XCTAssertEqual(quarantined.first?.error, "the daemon ended during each of its 3 passes (a crash or a kill)")
        XCTAssertEqual(try store.queueStatus().quarantined, quarantined)
    }

    func testAFailingPassIsRetriedThenQuarantinedAndRetryQueuesItAgain() throws {
        let store = try makeStore()
        let failing = try store.enqueue(gitDir: "/f/.git", hook: "post-merge", ref: nil, oldHead: nil, newHead: nil)
        let other = try store.enqueue(gitDir: "/o/.git", hook: "post-merge", ref: nil, oldHead: nil, newHead: nil)
        for attempt in 1...Store.maxEventAttempts {
            try store.fail(try store.claim(gitDir: "/f/.git"), error: "export: template x includes itself")
            XCTAssertEqual(try state(store, failing).state, attempt < Store.maxEventAttempts ? "queued" : "failed")
        }
        XCTAssertEqual(try store.repositoriesWaiting(), ["/o/.git"], "the other repository's event waits alone")
        XCTAssertEqual(try store.quarantinedEvents().map(\.error), ["export: template x includes itself"])

        XCTAssertEqual(try store.retryQuarantined(gitDirs: ["/o/.git"]), 0, "another repository's retry leaves it")
        XCTAssertEqual(try store.retryQuarantined(gitDirs: Store.eventGitDirs(forRepository: "/f")), 1)
        XCTAssertEqual(try state(store, failing).state, "queued")
        XCTAssertEqual(try state(store, failing).attempts, 0, "a retry renews its attempts")
        XCTAssertEqual(try store.repositoriesWaiting(), ["/f/.git", "/o/.git"])
        try store.complete(try store.claim(gitDir: "/f/.git"))
        XCTAssertEqual(try state(store, failing).state, "done")
        XCTAssertEqual(try state(store, other).state, "queued")
    }
}
