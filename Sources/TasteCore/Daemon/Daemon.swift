import CTasteSystem
import Dispatch
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// One daemon per user serves every repository with the hook. It drains the event queue: each repository's
/// waiting events are claimed together and covered by one incremental pass (bursts coalesce), repositories
/// are mined side by side (one never blocks another), and a failing repository records its error on its
/// events without stopping the rest: after `Store.maxEventAttempts` failed or interrupted passes its events
/// are quarantined until `taste daemon retry`.
public final class Daemon: @unchecked Sendable {
    public static let maxConcurrentRepositories = 2

    let store: Store
    let paths: DaemonPaths
    let logger: Logger
    private let started = Date()
    private let wake = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var busy: Set<String> = []
    /// Repositories whose passes a dead daemon interrupted: they go one at a time and alone, so that a crash is
    /// charged to the one event that caused it and never to a bystander mined beside it.
    private var suspects: Set<String> = []
    private var stopping = false
    private let work = DispatchGroup()
    private let workers = DispatchQueue(label: "taste.daemon.passes", attributes: .concurrent)

    public init(store: Store, paths: DaemonPaths, logger: Logger) {
        self.store = store
        self.paths = paths
        self.logger = logger
    }

    /// Runs until `stop()`, SIGTERM or SIGINT; the pass under way finishes first.
    public func run() throws {
        // A client that hangs up before its reply must cost an EPIPE, not the daemon.
        signal(SIGPIPE, SIG_IGN)
        let lockFile = try acquireLock()
        defer { Glibc.close(lockFile) }
        let server = try ControlServer(path: paths.socket)
        defer { server.shutDown() }
        let requeued = try store.requeueUnfinished()
        lock.withLock { suspects = Set(requeued) }
        drainSpool()
        logger.info(
            "taste daemon started",
            metadata: [
                "pid": "\(getpid())", "socket": "\(paths.socket)", "store": "\(store.path)",
                "requeued": "\(requeued.count)",
            ])
        server.serve { [weak self] command in self?.answer(command) ?? "gone" }
        let signals = [SIGTERM, SIGINT].map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.stop() }
            source.resume()
            return source
        }
        defer { for source in signals { source.cancel() } }

        while !isStopping {
            drainSpool()
            dispatchWaiting()
            if wake.wait(timeout: .now() + 5) == .timedOut, lock.withLock({ busy.isEmpty }) {
                releaseMemory()  // idle: give back what the last passes used
            }
        }
        work.wait()
        logger.info("taste daemon stopped")
    }

    public func stop() {
        lock.withLock { stopping = true }
        wake.signal()
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    /// Queues the events `taste notify` spooled while the store could not take them.
    private func drainSpool() {
        do {
            let drained = try EventSpool(storePath: store.path).drain(into: store)
            if drained.queued > 0 { logger.info("queued spooled events", metadata: ["events": "\(drained.queued)"]) }
            for file in drained.setAside { logger.error("set aside an unreadable spooled event", metadata: ["file": "\(file)"]) }
        } catch {
            logger.error("cannot drain the spool: \(Store.reason(error))")
        }
    }

    private func dispatchWaiting() {
        let waiting: [String]
        do {
            waiting = try store.repositoriesWaiting()
        } catch {
            logger.error("cannot read the event queue: \(Store.reason(error))")
            return
        }
        lock.withLock { if busy.isEmpty { suspects.formIntersection(waiting) } }
        for gitDir in waiting {
            // Only as many passes as may run: the rest wait in the queue, not on a thread each. Threads parked on a
            // semaphore starved the passes under way of threads for their tasks until the pool grew, seconds later.
            let claimed = lock.withLock {
                if !suspects.isEmpty, !busy.isEmpty || !suspects.contains(gitDir) { return false }
                return busy.count < Self.maxConcurrentRepositories && busy.insert(gitDir).inserted
            }
            guard claimed else { continue }  // under way, no free slot, or a suspect goes alone; it takes these events next
            work.enter()
            workers.async { [self] in
                defer {
                    lock.withLock {
                        _ = busy.remove(gitDir)
                        _ = suspects.remove(gitDir)
                    }
                    work.leave()
                    wake.signal()  // events that arrived meanwhile, and repositories waiting for a slot
                }
                if !isStopping { process(gitDir) }
            }
        }
    }

    private func process(_ gitDir: String) {
        let events: [MergeEvent]
        do {
            events = try store.claim(gitDir: gitDir)
        } catch {
            logger.error("cannot claim events", metadata: ["repo": "\(gitDir)", "error": "\(Store.reason(error))"])
            return
        }
        guard let last = events.last else { return }
        do {
            var options = MineOptions(repositoryPath: gitDir)
            options.ref = last.ref
            let report = try MiningPass(store: store).run(options)
            let exported = try exportIfConfigured(gitDir)
            writeReportIfConfigured(gitDir)
            try store.complete(events)
            let latency = Date().timeIntervalSince(events[0].createdAt)
            logger.info(
                "mined",
                metadata: [
                    "repo": "\(gitDir)", "events": "\(events.count)", "commits": "\(report.commitsMined)",
                    "head": "\(report.head?.prefix(10) ?? "-")", "exported": "\(exported)",
                    "latency_ms": "\(Int(latency * 1000))",
                ])
        } catch {
            let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            do {
                try store.fail(events, error: message)
            } catch {
                logger.error("cannot record a failed pass", metadata: ["repo": "\(gitDir)", "error": "\(Store.reason(error))"])
            }
            logger.error("pass failed", metadata: ["repo": "\(gitDir)", "attempt": "\(events.last?.attempts ?? 0)", "error": "\(message)"])
        }
    }

    /// Writes the HTML report where `.taste.toml` names one. The report is a view of what the pass stored: one that
    /// cannot be written is logged, and neither fails the pass nor stops the daemon.
    private func writeReportIfConfigured(_ gitDir: String) {
        do {
            if let path = try ReportWriter.writeConfigured(store: store, repositoryPath: gitDir) {
                logger.info("report written", metadata: ["repo": "\(gitDir)", "path": "\(path)"])
            }
        } catch {
            logger.warning("report not written", metadata: ["repo": "\(gitDir)", "error": "\(Store.reason(error))"])
        }
    }

    /// Re-exports after a pass when the repository's `.taste.toml` names an export folder or formats. The export
    /// renders the repository's own templates, so it runs as a `taste export` child: whatever they do, even
    /// crash, ends that process and fails this pass, never the daemon.
    private func exportIfConfigured(_ gitDir: String) throws -> String {
        let mined = try MinedRepository.load(store: store, repositoryPath: gitDir)
        try mined.checkExportConfig()
        guard mined.exportsAfterPass, mined.workDirectory != nil else { return "no" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executablePath())
        process.arguments = ["export", "--repo", gitDir]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"  // a crash is reported by its signal, at once
        process.environment = environment
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = text.split(separator: "\n").map(String.init)
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0):
            return lines.first ?? "yes"
        case (.exit, _):
            let reason = lines.last.map { $0.hasPrefix("taste: ") ? String($0.dropFirst(7)) : $0 } ?? "no message"
            throw TasteError.export("taste export failed: \(reason)")
        case (_, let signal):
            throw TasteError.export("taste export was killed by signal \(signal)")
        }
    }

    private func answer(_ command: String) -> String {
        switch command {
        case "wake":
            wake.signal()
            return "ok"
        case "ping":
            return "pong"
        case "stop":
            stop()
            return "stopping \(getpid())"
        case "status":
            return status()
        default:
            return "unknown command"
        }
    }

    private func status() -> String {
        let status = DaemonStatus(
            pid: Int(getpid()), uptime: Int(Date().timeIntervalSince(started)),
            memoryKB: Self.residentKilobytes() ?? 0, busy: lock.withLock { busy.sorted() },
            queue: (try? store.queueStatus()).map(DaemonStatus.Queue.init))
        return (try? status.json()) ?? "{}"
    }

    /// One daemon per user: an exclusive lock on a file in the state folder, held while it runs.
    private func acquireLock() throws -> Int32 {
        try PrivateFiles.makeDirectory(paths.stateDirectory)
        let descriptor = open(paths.lock, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw TasteError.usage("cannot open \(paths.lock): \(String(cString: strerror(errno)))") }
        PrivateFiles.tighten(descriptor)
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            Glibc.close(descriptor)
            throw TasteError.usage("taste daemon is already running (lock \(paths.lock))")
        }
        ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
        return descriptor
    }

    private func releaseMemory() {
        store.releaseMemory()
        taste_release_heap()
    }

    static func residentKilobytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "")
        }
        return nil
    }

    // MARK: Starting and notifying

    /// The running binary's absolute path, for hooks and for starting the daemon.
    public static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Starts `taste daemon` detached from this process and waits until its socket answers.
    public static func startDetached(paths: DaemonPaths, timeout: Double = 5) throws -> Bool {
        if (try? ControlClient.send("ping", to: paths.socket, timeout: 0.5)) == "pong" { return false }
        let executable = executablePath()
        let arguments = [executable, "daemon", "run"]
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        let child = taste_spawn_detached(executable, &cArguments)
        guard child > 0 else { throw TasteError.usage("cannot start the taste daemon") }
        var status: Int32 = 0
        waitpid(child, &status, 0)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? ControlClient.send("ping", to: paths.socket, timeout: 0.5)) == "pong" { return true }
            usleep(20_000)
        }
        throw TasteError.usage("the taste daemon did not start; see \(paths.log)")
    }

    /// The running daemon's answer to `status`; an error when no daemon listens or it does not answer.
    public static func status(paths: DaemonPaths) throws -> String {
        try ControlClient.send("status", to: paths.socket)
    }

    /// How `stop` ended: the daemon exited by itself, or it was killed once the grace period was over.
    public enum StopOutcome: Equatable, Sendable {
        case stopped
        case killed(pid: Int32, grace: Double)

        public var summary: String {
            switch self {
            case .stopped: "taste daemon stopped."
            case .killed(let pid, let grace):
                "taste daemon (pid \(pid)) did not exit within \(ControlClient.seconds(grace)) s of the request; killed it (SIGKILL)."
            }
        }
    }

    /// Asks the running daemon to stop and returns once its process has exited, so that a script can start a
    /// new one at once. The pass under way has `grace` seconds to finish; then the daemon is killed, which
    /// loses nothing (its events are claimed again on the next start). A daemon that holds its lock but does
    /// not answer gets SIGTERM. An error when none runs, or when one is still there after SIGKILL.
    public static func stopRunning(paths: DaemonPaths, grace: Double = 30) throws -> StopOutcome {
        let deadline = DispatchTime.now() + grace
        let pid: pid_t
        switch try ControlClient.exchange("stop", with: paths.socket, timeout: min(2, grace)) {
        case .reply(let reply):
            // A daemon that names no pid and holds no lock any more has exited already.
            guard let answered = reply.split(separator: " ").last.flatMap({ pid_t($0) }) ?? lockHolder(paths) else { return .stopped }
            pid = answered
        case .noAnswer:
            guard let holder = lockHolder(paths) else { throw TasteError.usage("the taste daemon is not running") }
            kill(holder, SIGTERM)
            pid = holder
        case .notListening:
            throw TasteError.usage("the taste daemon is not running")
        }
        if waitForExit(pid, until: deadline) { return .stopped }
        kill(pid, SIGKILL)
        if waitForExit(pid, until: .now() + 5) { return .killed(pid: pid, grace: grace) }
        throw TasteError.usage("the taste daemon (pid \(pid)) is still running after SIGKILL")
    }

    /// The pid in the daemon's lock file while a daemon holds that lock; nil when none does.
    static func lockHolder(_ paths: DaemonPaths) -> pid_t? {
        let descriptor = open(paths.lock, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { Glibc.close(descriptor) }
        if flock(descriptor, LOCK_SH | LOCK_NB) == 0 {
            flock(descriptor, LOCK_UN)
            return nil
        }
        let text = (try? String(contentsOfFile: paths.lock, encoding: .utf8)) ?? ""
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Polls until `pid` has exited (gone, or a zombie its parent has yet to reap); false at the deadline.
    static func waitForExit(_ pid: pid_t, until deadline: DispatchTime) -> Bool {
        while true {
            if kill(pid, 0) != 0, errno == ESRCH { return true }
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let end = stat.lastIndex(of: ")"), stat[end...].hasPrefix(") Z")
            {
                return true
            }
            guard DispatchTime.now() < deadline else { return false }
            usleep(20_000)
        }
    }

    /// Wakes the running daemon for an event just queued. When none answers, the event waits for the next
    /// start, or with `autostart` a daemon is started now.
    public static func wake(paths: DaemonPaths, autostart: Bool) throws {
        if (try? ControlClient.send("wake", to: paths.socket, timeout: 1)) == nil, autostart {
            _ = try startDetached(paths: paths)
        }
    }
}
