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
/// events without stopping the rest.
public final class Daemon: @unchecked Sendable {
    public static let maxConcurrentRepositories = 2

    let store: Store
    let paths: DaemonPaths
    let logger: Logger
    private let started = Date()
    private let wake = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var busy: Set<String> = []
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
        let lockFile = try acquireLock()
        defer { Glibc.close(lockFile) }
        let server = try ControlServer(path: paths.socket)
        defer { server.shutDown() }
        let requeued = try store.requeueUnfinished()
        logger.info(
            "taste daemon started",
            metadata: [
                "pid": "\(getpid())", "socket": "\(paths.socket)", "store": "\(store.path)",
                "requeued": "\(requeued)",
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

    private func dispatchWaiting() {
        let waiting: [String]
        do {
            waiting = try store.repositoriesWaiting()
        } catch {
            logger.error("cannot read the event queue: \(Store.reason(error))")
            return
        }
        for gitDir in waiting {
            // Only as many passes as may run: the rest wait in the queue, not on a thread each. Threads parked on a
            // semaphore starved the passes under way of threads for their tasks until the pool grew, seconds later.
            let claimed = lock.withLock { busy.count < Self.maxConcurrentRepositories && busy.insert(gitDir).inserted }
            guard claimed else { continue }  // under way (it takes these events next), or no free slot
            work.enter()
            workers.async { [self] in
                defer {
                    lock.withLock { _ = busy.remove(gitDir) }
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
            try? store.complete(events, error: message)
            logger.error("pass failed", metadata: ["repo": "\(gitDir)", "error": "\(message)"])
        }
    }

    /// Re-exports after a pass when the repository's `.taste.toml` names an export folder or formats.
    private func exportIfConfigured(_ gitDir: String) throws -> Int {
        let mined = try MinedRepository.load(store: store, repositoryPath: gitDir)
        try mined.checkExportConfig()
        guard mined.exportsAfterPass, let root = mined.workDirectory, let skillsDirectory = mined.defaultExportDirectory else { return 0 }
        let exporter = SkillExporter(renderer: try SkillRenderer(overrides: try mined.templateOverrides()))
        return try exporter.export(
            mined.exportedSkills, formats: mined.configuredFormats ?? [.agentSkills], repository: mined.record.name,
            head: mined.head, root: root, skillsDirectory: skillsDirectory
        ).written.count
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
            return "stopping"
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
        try FileManager.default.createDirectory(
            atPath: paths.stateDirectory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let descriptor = open(paths.lock, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw TasteError.usage("cannot open \(paths.lock): \(String(cString: strerror(errno)))") }
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

    /// The running daemon's answer to `status`; an error when no daemon answers.
    public static func status(paths: DaemonPaths) throws -> String {
        guard let reply = try? ControlClient.send("status", to: paths.socket) else {
            throw TasteError.usage("the taste daemon is not running (no answer on \(paths.socket))")
        }
        return reply
    }

    /// Asks the running daemon to stop, then waits (up to 30 s) until its socket is gone, so that a script can
    /// start a new daemon at once. An error when no daemon answers.
    public static func stopRunning(paths: DaemonPaths) throws {
        guard (try? ControlClient.send("stop", to: paths.socket)) != nil else {
            throw TasteError.usage("the taste daemon is not running")
        }
        for _ in 0..<600 where FileManager.default.fileExists(atPath: paths.socket) { usleep(50_000) }
    }

    /// Wakes the running daemon for an event just queued. When none answers, the event waits for the next
    /// start, or with `autostart` a daemon is started now.
    public static func wake(paths: DaemonPaths, autostart: Bool) throws {
        if (try? ControlClient.send("wake", to: paths.socket, timeout: 1)) == nil, autostart {
            _ = try startDetached(paths: paths)
        }
    }
}
