import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `taste daemon` run, status, stop, signals, one per user, and `--detach`.
final class DaemonControlTests: XCTestCase {
    /// Alive and not a zombie (a detached daemon's parent may be slow to reap it).
    private func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[close...].hasPrefix(") Z")
    }

    func testStatusWhileRunningAndWhenNot() throws {
        let sandbox = try HookSandbox(self)
        assertOneLineError(try sandbox.run("daemon", "status"), containing: "not running")

        let daemon = try sandbox.startDaemon()
        let status = try sandbox.run("daemon", "status")
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertEqual(status.stderr, "")
        let lines = status.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, status.stdout)
        XCTAssertTrue(lines.first?.hasPrefix("taste daemon: pid \(daemon.processIdentifier), up ") ?? false, status.stdout)
        XCTAssertEqual(lines.last, "queue: 0 waiting, 0 failed; 0 repositories served")

        let json = try XCTUnwrap(try sandbox.status())
        XCTAssertEqual(json["pid"] as? Int, Int(daemon.processIdentifier))
        XCTAssertEqual(json["queued"] as? Int, 0)
        XCTAssertEqual(json["failed"] as? Int, 0)
        XCTAssertEqual(json["repositories"] as? Int, 0)
        XCTAssertNotNil(json["uptime"] as? Int)

        // After a merge, status names the last event.
        let repo = try sandbox.makeRepository("repo")
        try sandbox.succeed("notify", "--repo", repo)
        try sandbox.waitForSkills(repo, head: try sandbox.head(repo))
        try waitUntil("status reports the processed event") {
            try sandbox.run("daemon", "status").stdout.contains("last event: \(repo + "/.git") at ")
        }
        XCTAssertEqual(try sandbox.status()?["repositories"] as? Int, 1)

        try sandbox.succeed("daemon", "stop")
        XCTAssertTrue(sandbox.waitForExit(daemon))
        assertOneLineError(try sandbox.run("daemon", "status"), containing: "not running")
    }

    func testStopEndsTheDaemon() throws {
        let sandbox = try HookSandbox(self)
        assertOneLineError(try sandbox.run("daemon", "stop"), containing: "not running")
        let daemon = try sandbox.startDaemon()
        XCTAssertTrue(FileManager.default.fileExists(atPath: sandbox.socketPath))

        let stopped = try sandbox.run("daemon", "stop")
        XCTAssertEqual(stopped.status, 0, stopped.stderr)
        XCTAssertEqual(stopped.stdout, "taste daemon stopped.\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.socketPath), "stop returns once the socket is gone")
        XCTAssertFalse(isAlive(daemon.processIdentifier), "stop returns once the daemon has exited")
        XCTAssertTrue(sandbox.waitForExit(daemon), "still running after stop")
        XCTAssertEqual(daemon.terminationReason, .exit)
        XCTAssertEqual(daemon.terminationStatus, 0, sandbox.daemonLog())
        XCTAssertNotEqual(try sandbox.run("daemon", "status").status, 0)

        // A new daemon can start at once.
        let next = try sandbox.startDaemon()
        try sandbox.succeed("daemon", "stop")
        XCTAssertTrue(sandbox.waitForExit(next))
        XCTAssertEqual(next.terminationStatus, 0)
    }

    /// A client that connects and hangs up, or hangs up before the reply: the daemon's write to it fails, and
    /// the daemon keeps running (it died of SIGPIPE).
    func testClientsThatHangUpDoNotKillTheDaemon() throws {
        let sandbox = try HookSandbox(self)
        let daemon = try sandbox.startDaemon()
        for command in ["", "status\n", "ping\n", "wake\n"] {
            let client = try RawSocket(path: sandbox.socketPath)
            if !command.isEmpty { client.send(command) }
            client.close()
        }
        XCTAssertNotNil(try sandbox.status(), "the daemon answers after its clients hung up: \(sandbox.daemonLog())")

        try sandbox.succeed("daemon", "stop")
        XCTAssertTrue(sandbox.waitForExit(daemon))
        XCTAssertEqual(daemon.terminationReason, .exit, "killed by a signal: \(sandbox.daemonLog())")
        XCTAssertEqual(daemon.terminationStatus, 0, sandbox.daemonLog())
    }

    /// A client that sends a byte every 1.5 s never finishes its line: others are answered meanwhile, and the
    /// daemon hangs up on it once its connection's deadline has passed.
    func testATricklingClientDoesNotBlockOthers() throws {
        let sandbox = try HookSandbox(self)
        let daemon = try sandbox.startDaemon()
        let trickling = try TricklingClient(path: sandbox.socketPath, interval: 1.5)
        defer { trickling.stop() }
        try waitUntil("the trickling client has sent two bytes") { trickling.bytesSent >= 2 }

        let status = try sandbox.run("daemon", "status")
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.hasPrefix("taste daemon: pid \(daemon.processIdentifier), up "), status.stdout)
        try waitUntil("the daemon hangs up on the trickling client") { trickling.hungUp() }

        let stopped = try sandbox.run("daemon", "stop")
        XCTAssertEqual(stopped.status, 0, stopped.stderr)
        XCTAssertEqual(stopped.stdout, "taste daemon stopped.\n")
        XCTAssertFalse(isAlive(daemon.processIdentifier), "stop returns once the daemon has exited")
        XCTAssertTrue(sandbox.waitForExit(daemon))
        XCTAssertEqual(daemon.terminationReason, .exit, sandbox.daemonLog())
    }

    /// A daemon that cannot answer (stopped with SIGSTOP) is killed after the grace period, and stop says so.
    func testStopKillsADaemonThatDoesNotExit() throws {
        let sandbox = try HookSandbox(self)
        let daemon = try sandbox.startDaemon()
        kill(daemon.processIdentifier, SIGSTOP)

        let stopped = try sandbox.run("daemon", "stop", "--timeout", "1")
        XCTAssertEqual(stopped.status, 0, stopped.stderr)
        XCTAssertEqual(
            stopped.stdout,
            "taste daemon (pid \(daemon.processIdentifier)) did not exit within 1 s of the request; killed it (SIGKILL).\n")
        guard sandbox.waitForExit(daemon) else { return XCTFail("the daemon still runs after stop") }
        XCTAssertEqual(daemon.terminationReason, .uncaughtSignal)
        XCTAssertEqual(daemon.terminationStatus, SIGKILL)
        assertOneLineError(try sandbox.run("daemon", "status"), containing: "not running")

        // A new daemon starts over the socket the killed one left.
        let next = try sandbox.startDaemon()
        try sandbox.succeed("daemon", "stop")
        XCTAssertTrue(sandbox.waitForExit(next))
    }

    func testSIGTERMAndSIGINTStopTheDaemonCleanly() throws {
        let sandbox = try HookSandbox(self)
        for signal in [SIGTERM, SIGINT] {
            let daemon = try sandbox.startDaemon()
            kill(daemon.processIdentifier, signal)
            XCTAssertTrue(sandbox.waitForExit(daemon), "still running after signal \(signal)")
            XCTAssertEqual(daemon.terminationReason, .exit, "signal \(signal) is handled, not fatal")
            XCTAssertEqual(daemon.terminationStatus, 0, sandbox.daemonLog())
            XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.socketPath), "socket left after signal \(signal)")
            XCTAssertNotEqual(try sandbox.run("daemon", "status").status, 0)
        }
    }

    /// SIGTERM in the middle of a pass: the pass finishes and is recorded, then the daemon exits 0.
    func testSIGTERMLetsThePassUnderWayFinish() throws {
        let sandbox = try HookSandbox(self)
        let repo = try sandbox.makeLargeRepository("large", commits: 800)
        try sandbox.succeed("notify", "--repo", repo)
        let daemon = try sandbox.startDaemon()
        try waitUntil("the pass under way") {
            try sandbox.events(gitDir: repo + "/.git").first?["state"] as? String == "processing"
        }
        kill(daemon.processIdentifier, SIGTERM)
        XCTAssertTrue(sandbox.waitForExit(daemon, timeout: 60))
        XCTAssertEqual(daemon.terminationReason, .exit)
        XCTAssertEqual(daemon.terminationStatus, 0, sandbox.daemonLog())
        XCTAssertEqual(try sandbox.events(gitDir: repo + "/.git").first?["state"] as? String, "done")
        XCTAssertEqual(try sandbox.count("SELECT COUNT(*) FROM mining_pass"), 1)
        XCTAssertEqual(try sandbox.skillsHead(repo), try sandbox.head(repo))
    }

    func testASecondDaemonRefusesToStart() throws {
        let sandbox = try HookSandbox(self)
        let first = try sandbox.startDaemon()

        let second = try sandbox.launchTaste(["daemon"])
        let deadline = Date().addingTimeInterval(15)
        while second.process.isRunning && Date() < deadline { usleep(20_000) }
        if second.process.isRunning {
            kill(second.process.processIdentifier, SIGKILL)
            XCTFail("a second daemon kept running beside the first")
        }
        assertOneLineError(try second.finish(), containing: "already running")
        XCTAssertTrue(first.isRunning)
        XCTAssertEqual(try sandbox.status()?["pid"] as? Int, Int(first.processIdentifier), "the first one still answers")
        XCTAssertTrue(FileManager.default.fileExists(atPath: sandbox.socketPath), "the refused one left the socket alone")
    }

    /// A state folder too deep for a Unix socket: one line that says what to do, and doing it works.
    func testASocketPathTooLongSaysWhatToDo() throws {
        let sandbox = try HookSandbox(self)
        sandbox.overrides["TASTE_HOME"] = sandbox.root + "/" + String(repeating: "d", count: 100)
        let refused = try sandbox.launchTaste(["daemon"])
        let deadline = Date().addingTimeInterval(15)
        while refused.process.isRunning && Date() < deadline { usleep(20_000) }
        if refused.process.isRunning {
            kill(refused.process.processIdentifier, SIGKILL)
            XCTFail("the daemon ran with a socket path it cannot bind")
        }
        let result = try refused.finish()
        assertOneLineError(result, containing: "socket path too long")

        // The advice the message gives, followed: "set VARIABLE to a shorter folder".
        let advice = try XCTUnwrap(result.stderr.firstMatch(of: /set ([A-Z_]+) to a shorter folder/), result.stderr)
        sandbox.overrides[String(advice.1)] = sandbox.root + "/run"
        let daemon = try sandbox.startDaemon()
        try sandbox.succeed("daemon", "stop")
        XCTAssertTrue(sandbox.waitForExit(daemon))
    }

    /// `--detach` returns once the daemon answers, and its caller sees it end: the daemon keeps none of the
    /// caller's descriptors (a caller that waits for EOF on a pipe, as Foundation's `Process` does with the
    /// socket it gives each child, would otherwise wait until the daemon stops).
    func testDetachReturnsAndTheDaemonAnswers() throws {
        let sandbox = try HookSandbox(self)
        let detach = try sandbox.launchTaste(["daemon", "--detach"])
        let detachPID = detach.process.processIdentifier
        try waitUntil("`taste daemon --detach` itself to exit") { !isAlive(detachPID) }

        let status = try XCTUnwrap(try sandbox.status(), "the detached daemon answers as soon as --detach returns")
        let pid = try XCTUnwrap(status["pid"] as? Int)
        XCTAssertNotEqual(pid_t(pid), detachPID)
        XCTAssertTrue(isAlive(pid_t(pid)))
        XCTAssertEqual(HookSandbox.daemonProcesses(home: sandbox.home), [pid_t(pid)])

        let deadline = Date().addingTimeInterval(5)
        while detach.process.isRunning && Date() < deadline { usleep(20_000) }
        if detach.process.isRunning {
            let descriptors = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).sorted {
                (Int($0) ?? 0) < (Int($1) ?? 0)
            }.map { "\($0) -> \((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)")) ?? "?")" }
            XCTFail(
                """
                `taste daemon --detach` exited, but its caller cannot see it: the daemon holds descriptors it inherited \
                from the caller (Foundation's Process waits for EOF on one of them). Its descriptors: \(descriptors)
                """)
        }

        let again = try sandbox.run("daemon", "--detach")
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stdout, "taste daemon is already running.\n")
        XCTAssertEqual(try sandbox.status()?["pid"] as? Int, pid)

        // It serves merges like a foreground one.
        let repo = try sandbox.makeRepository("repo")
        try sandbox.succeed("notify", "--repo", repo)
        try sandbox.waitForSkills(repo, head: try sandbox.head(repo))

        try sandbox.succeed("daemon", "stop")
        try waitUntil("the detached daemon gone") { !isAlive(pid_t(pid)) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: sandbox.socketPath))
        let started = try detach.finish()  // returns now at the latest: the daemon and its descriptors are gone
        XCTAssertEqual(started.status, 0, started.stderr)
        XCTAssertEqual(started.stdout, "taste daemon started (socket \(sandbox.socketPath)).\n")
    }
}
