import Foundation
import GRDB
import TasteTestSupport
import XCTest

@testable import TasteCore

/// The spool `taste notify` falls back on: every spooled event reaches the queue exactly once, whether a
/// drain is repeated or a daemon died between queueing a file and removing it.
final class EventSpoolTests: XCTestCase {
    private func event(_ head: String) -> MergeNotice.Event {
        MergeNotice.Event(gitDir: "/repos/app/.git", hook: "post-merge", ref: "refs/heads/main", oldHead: "a", newHead: head)
    }

    private func queued(_ store: Store) throws -> [Row] {
        try store.read { db in try Row.fetchAll(db, sql: "SELECT new_head, hook, ref, created_at FROM event ORDER BY id") }
    }

    func testSpooledEventsAreQueuedOnceInTheOrderTheyCame() throws {
        let folder = try temporaryFolder()
        let store = try Store(path: folder + "/taste.sqlite")
        let spool = EventSpool(storePath: store.path)
        XCTAssertEqual(try spool.drain(into: store).queued, 0, "no spool folder yet")

        let written = Date(timeIntervalSince1970: 1_700_000_000)
        let first = try spool.add(event("b"), at: written)
        let second = try spool.add(event("c"), at: written.addingTimeInterval(1))
        XCTAssertEqual(try spool.pending(), [first, second])
        let saved = try Data(contentsOf: URL(fileURLWithPath: first))

        XCTAssertEqual(try spool.drain(into: store).queued, 2)
        XCTAssertEqual(try spool.pending(), [])
        XCTAssertEqual(try queued(store).map { $0["new_head"] as String }, ["b", "c"])
        XCTAssertEqual(try queued(store).first?["created_at"] as Date?, written, "the event keeps the time of the merge")
        XCTAssertEqual(try spool.drain(into: store).queued, 0)

        // A daemon that died after queueing the file and before removing it: the file is drained again.
        try saved.write(to: URL(fileURLWithPath: first))
        XCTAssertEqual(try spool.drain(into: store).queued, 0)
        XCTAssertEqual(try spool.pending(), [])
        XCTAssertEqual(try queued(store).count, 2)
    }

    func testAnUnreadableFileIsSetAsideAndTheRestQueued() throws {
        let folder = try temporaryFolder()
        let store = try Store(path: folder + "/taste.sqlite")
        let spool = EventSpool(storePath: store.path)
        let good = try spool.add(event("b"))
        let bad = spool.directory + "/0000000000000-1-broken.json"
        try writeFile(bad, "{\"gitDir\": ")

        let drained = try spool.drain(into: store)
        XCTAssertEqual(drained.queued, 1)
        XCTAssertEqual(drained.setAside, [bad + ".bad"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: bad + ".bad"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: good))
        XCTAssertEqual(try spool.drain(into: store).setAside, [], "set aside once")
    }
}
