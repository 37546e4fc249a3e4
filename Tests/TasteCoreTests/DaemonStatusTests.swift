import Foundation
import XCTest

@testable import TasteCore

/// The daemon's `status` reply: its JSON keys and values, reading it back, and the lines the command prints.
final class DaemonStatusTests: XCTestCase {
    private let idle = DaemonStatus(pid: 42, uptime: 7, memoryKB: 20_480, busy: [], queue: DaemonStatus.Queue(queued: 1, failed: 0, repositories: 1))

    func testTheReplyIsOneObjectWithSortedKeysAndNullsForNoLastEvent() throws {
        XCTAssertEqual(
            try idle.json(),
            """
            {"busy":[],"failed":0,"last_event_at":null,"last_event_repo":null,"last_latency_ms":null,"memory_kb":20480,"pid":42,"quarantined":[],"queued":1,"repositories":1,"uptime":7}
            """)
        let unreadable = DaemonStatus(pid: 42, uptime: 7, memoryKB: 0, busy: ["/r/.git"], queue: nil)
        XCTAssertEqual(
            try unreadable.json(), #"{"busy":["\/r\/.git"],"memory_kb":0,"pid":42,"uptime":7}"#,
            "without the store's figures, the queue's keys are left out")
    }

    func testTheReplyReadsBack() throws {
        var status = idle
        status.busy = ["/r/.git"]
        status.queue?.lastEventRepository = "/r/.git"
        status.queue?.lastEventAt = "2020-09-13T12:26:40Z"
        status.queue?.lastLatencyMS = 289
        XCTAssertEqual(DaemonStatus(json: try status.json()), status)
        XCTAssertEqual(DaemonStatus(json: try idle.json()), idle)
        XCTAssertNil(DaemonStatus(json: "unknown command"))
        XCTAssertNil(DaemonStatus(json: "{}"))
    }

    func testTheQueueFiguresInMillisecondsAndISO8601() {
        let queue = DaemonStatus.Queue(
            QueueStatus(
                queued: 2, failed: 1, repositories: 3, lastEventRepository: "/r/.git",
                lastEventAt: Date(timeIntervalSince1970: 1_600_000_000), lastLatency: 0.25))
        XCTAssertEqual(
            queue,
            DaemonStatus.Queue(
                queued: 2, failed: 1, repositories: 3, lastEventRepository: "/r/.git",
                lastEventAt: "2020-09-13T12:26:40Z", lastLatencyMS: 250))
    }

    func testSummaryLines() {
        XCTAssertEqual(idle.summary, "taste daemon: pid 42, up 7 s, 20 MiB\nqueue: 1 waiting, 0 failed; 1 repositories served")
        var served = idle
        served.queue?.lastEventRepository = "/r/.git"
        served.queue?.lastEventAt = "2020-09-13T12:26:40Z"
        XCTAssertEqual(served.summary.split(separator: "\n").last, "last event: /r/.git at 2020-09-13T12:26:40Z, processed in ? ms")
        served.queue = nil
        XCTAssertEqual(served.summary, "taste daemon: pid 42, up 7 s, 20 MiB\nqueue: 0 waiting, 0 failed; 0 repositories served")
    }

    func testQuarantinedEventsAreListedWithTheirRepositoryAndLastError() throws {
        var status = idle
        status.queue?.failed = 1
        status.queue?.quarantined = [QuarantinedEvent(id: 7, gitDir: "/r/.git", attempts: 3, error: "export: template x includes itself")]
        XCTAssertEqual(
            status.summary.split(separator: "\n").suffix(2),
            [
                "quarantined after 3 failed passes ('taste daemon retry' queues them again):",
                "  event 7, /r/.git, 3 attempts: export: template x includes itself",
            ])
        XCTAssertTrue(
            try status.json().contains(#""quarantined":[{"attempts":3,"error":"export: template x includes itself","id":7,"repo":"\/r\/.git"}]"#))
        XCTAssertEqual(DaemonStatus(json: try status.json()), status)
    }
}
