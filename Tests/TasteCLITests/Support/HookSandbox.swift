import Foundation
import TasteTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A test's home for hooks and the daemon: a short folder (`/tmp/tt-XXXXXX`), because the daemon's socket
/// lives in `$TASTE_HOME` and a Unix socket path must fit in 108 bytes. Repositories are made in it, `git`
/// runs with `TASTE_HOME` set so that the hooks it fires queue into this store, and every daemon the test
/// started (in the foreground, `--detach`ed, or autostarted by a hook) is killed when the test ends,
/// whether it passed or not.
final class HookSandbox: @unchecked Sendable {
    let root: String
    let taste: TasteBinary
    var home: String { root + "/h" }
    var storePath: String { home + "/taste.sqlite" }
    var socketPath: String { home + "/daemon.sock" }

    /// Set by a test to change what its children see (e.g. a `PATH` without any installed `taste`).
    var overrides: [String: String] = [:]

    private let lock = NSLock()
    private var daemons: [Process] = []
    private var clock: Int64 = 1_600_000_000

    init(_ test: XCTestCase) throws {
        taste = try TasteBinary.locate()
        var template = Array("/tmp/tt-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TestError("mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        root = String(cString: made)
        test.addTeardownBlock { [self] in self.tearDown() }
    }

    /// What every child sees: this sandbox's store, git with no user or system configuration, no editor.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in [
            "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "TASTE_RUNTIME_DIR", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
            "GIT_COMMON_DIR", "TASTE_BINARY", "TASTE_RUNTIME_DIR",
        ] {
            environment.removeValue(forKey: key)
        }
        environment["TASTE_HOME"] = home
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_MERGE_AUTOEDIT"] = "no"
        environment["GIT_EDITOR"] = "true"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment.merge(overrides) { $1 }
        return environment
    }

    // MARK: taste

    @discardableResult
    func run(_ arguments: String..., in directory: String? = nil) throws -> ProcessResult {
        try runProcess(taste.url.path, arguments, in: directory ?? root, environment: environment)
    }

    /// Runs `taste` and fails the test unless it exits 0.
    @discardableResult
    func succeed(_ arguments: String..., file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try runProcess(taste.url.path, arguments, in: root, environment: environment)
        guard result.status == 0 else {
            XCTFail("taste \(arguments) exited \(result.status): \(result.stderr)", file: file, line: line)
            throw TestError("taste \(arguments) failed")
        }
        return result.stdout
    }

    /// `taste install` with the binary under test, which the hooks then call by its absolute path.
    @discardableResult
    func install(_ repo: String, _ extra: String..., file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try runProcess(taste.url.path, ["install", "--repo", repo] + extra, in: root, environment: environment)
        guard result.status == 0 else {
            XCTFail("taste install exited \(result.status): \(result.stderr)", file: file, line: line)
            throw TestError("taste install failed")
        }
        return result.stdout
    }

    /// The head `taste skills --json` reports, or nil while the repository is not mined.
    func skillsHead(_ repo: String) throws -> String? {
        let result = try run("skills", "--json", "--repo", repo)
        guard result.status == 0,
            let document = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else { return nil }
        return document["head"] as? String
    }

    /// Waits until the store's skills for `repo` are mined through `head` (the hooks notify in the background).
    func waitForSkills(
        _ repo: String, head: String, timeout: TimeInterval = 15,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var last: String?
        try waitUntil(
            "skills of \(repo) mined through \(head.prefix(10)) (last seen: \(last ?? "none"))", timeout: timeout,
            file: file, line: line
        ) {
            last = try skillsHead(repo)
            return last == head
        }
    }

    // MARK: The daemon

    /// Starts `taste daemon` in the foreground as a child and waits until it answers `status`.
    @discardableResult
    func startDaemon(file: StaticString = #filePath, line: UInt = #line) throws -> Process {
        let log = root + "/daemon-\(lock.withLock { daemons.count }).log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let process = Process()
        process.executableURL = taste.url
        process.arguments = ["daemon"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()
        lock.withLock { daemons.append(process) }
        try waitUntil("the daemon answers status", file: file, line: line) {
            guard process.isRunning else {
                throw TestError("the daemon exited \(process.terminationStatus): \(daemonLog())")
            }
            return try run("daemon", "status").status == 0
        }
        return process
    }

    /// Everything the daemons of this test wrote to stderr, for failure messages.
    func daemonLog() -> String {
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: root))?.filter { $0.hasPrefix("daemon-") }.sorted() ?? []
        return logs.map { (try? String(contentsOfFile: root + "/" + $0, encoding: .utf8)) ?? "" }.joined()
    }

    /// Waits for a process to end; false when it is still running at the deadline.
    func waitForExit(_ process: Process, timeout: TimeInterval = 15) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { return false }
        process.waitUntilExit()
        return true
    }

    /// The daemon's JSON status, or nil when none answers.
    func status() throws -> [String: Any]? {
        let result = try run("daemon", "status", "--json")
        guard result.status == 0 else { return nil }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    }

    /// Kills every daemon this test started, however it was started: the children it holds, and any other
    /// `taste daemon` process whose environment names this sandbox's `TASTE_HOME`.
    func tearDown() {
        for process in lock.withLock({ daemons }) where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        for pid in Self.daemonProcesses(home: home) { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Processes of `taste daemon` run with `TASTE_HOME=home`, found in /proc.
    static func daemonProcesses(home: String) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let wanted = Data("TASTE_HOME=\(home)".utf8)
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), pid != getpid(),
                let environ = FileManager.default.contents(atPath: "/proc/\(entry)/environ"),
                let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let arguments = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard arguments.dropFirst().first == "daemon", environ.split(separator: 0).contains(where: { Data($0) == wanted }) else {
                return nil
            }
            return pid
        }
    }

    // MARK: git

    /// Runs git with a fixed identity and a clock that moves a minute per call; throws unless it exits 0.
    @discardableResult
    func git(_ arguments: String..., in directory: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try gitResult(arguments, in: directory)
        guard result.status == 0 else {
            XCTFail("git \(arguments) exited \(result.status): \(result.stderr)", file: file, line: line)
            throw TestError("git \(arguments) failed: \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func gitResult(_ arguments: [String], in directory: String) throws -> ProcessResult {
        let (executable, fullArguments, environment) = gitCommand(arguments)
        return try runProcess(executable, fullArguments, in: directory, environment: environment)
    }

    func gitCommand(_ arguments: [String]) -> (String, [String], [String: String]) {
        let date = lock.withLock { () -> Int64 in
            clock += 60
            return clock
        }
        var environment = environment
        environment["GIT_AUTHOR_DATE"] = "@\(date) +0000"
        environment["GIT_COMMITTER_DATE"] = "@\(date) +0000"
        let settings = [
            "-c", "user.name=Taste Tests", "-c", "user.email=tests@example.com", "-c", "commit.gpgsign=false",
            "-c", "init.defaultBranch=main", "-c", "advice.detachedHead=false",
        ]
        return ("/usr/bin/env", ["git"] + settings + arguments, environment)
    }

    func head(_ repo: String, _ revision: String = "HEAD") throws -> String {
        try git("rev-parse", "--verify", revision, in: repo)
    }

    /// A repository with `commits` Swift commits (4-space indentation, XCTest, Conventional Commits) on `main`.
    func makeRepository(_ name: String, commits: Int = 3) throws -> String {
        let path = root + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main", in: path)
        for index in 0..<commits { try commitSwift(in: path, name: "Type\(index)") }
        return path
    }

    /// A repository with a long history on `main`, written at once with `git fast-import`: commit n adds a Swift
    /// file of `functions` four-line functions.
    func makeLargeRepository(_ name: String, commits: Int, functions: Int = 20) throws -> String {
        let path = root + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main", in: path)
        var stream = ""
        for index in 0..<commits {
            let body = (0..<functions).map { "func f\(index)_\($0)() {\n    let value = \($0)\n    print(value)\n}\n" }.joined()
            let message = "feat: add F\(index)\n"
            stream += "commit refs/heads/main\ncommitter Taste Tests <tests@example.com> \(1_600_000_000 + index * 3_600) +0000\n"
            stream += "data \(message.utf8.count)\n\(message)"
            stream += "M 644 inline Sources/F\(index).swift\ndata \(body.utf8.count)\n\(body)\n"
        }
        let input = root + "/\(name).fast-import"
        try Data(stream.utf8).write(to: URL(fileURLWithPath: input))
        let imported = try runProcess(
            "/bin/sh", ["-c", "exec git fast-import --quiet < \"$1\"", "sh", input], in: path,
            environment: environment)
        guard imported.status == 0 else { throw TestError("git fast-import failed: \(imported.stderr)") }
        try git("reset", "-q", "--hard", in: path)
        return path
    }

    /// Adds one Swift file and its test in one commit on the current branch.
    func commitSwift(in repo: String, name: String) throws {
        try writeFile(
            repo + "/Sources/App/\(name).swift",
            """
            struct \(name) {
                var items: [Int] = []

                func total() -> Int {
                    var sum = 0
                    for item in items {
                        sum += item
                    }
                    return sum
                }
            }

            """)
        try writeFile(
            repo + "/Tests/AppTests/\(name)Tests.swift",
            """
            import XCTest
            @testable import App

            final class \(name)Tests: XCTestCase {
                func testTotal() {
                    XCTAssertEqual(\(name)(items: [1, 2]).total(), 3)
                }
            }

            """)
        try git("add", "-A", in: repo)
        try git("commit", "-q", "-m", "feat(app): add \(name)", in: repo)
    }

    /// A branch off `base` with `commits` commits; the repository is back on `base` afterwards.
    func makeBranch(_ branch: String, in repo: String, from base: String = "main", commits: Int = 1) throws {
        try git("checkout", "-q", "-b", branch, base, in: repo)
        for index in 0..<commits { try commitSwift(in: repo, name: "\(branch.capitalized.filter(\.isLetter))\(index)") }
        try git("checkout", "-q", base, in: repo)
    }

    // MARK: The store, read with the sqlite3 CLI

    /// Rows of a query as JSON objects (`sqlite3 -json`), read while the daemon may be writing.
    func query(_ sql: String) throws -> [[String: Any]] {
        let result = try runProcess(
            "/usr/bin/env", ["sqlite3", "-cmd", ".timeout 10000", "-json", storePath, sql],
            in: root, environment: environment)
        guard result.status == 0 else { throw TestError("sqlite3 \(sql) failed: \(result.stderr)") }
        let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return [] }
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    /// The single integer a query returns.
    func count(_ sql: String) throws -> Int {
        let rows = try query(sql)
        return try XCTUnwrap(rows.first?.values.first as? Int, "\(sql) returned \(rows)")
    }

    /// The events queued for a repository's git folder, oldest first.
    func events(gitDir: String) throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: storePath) else { return [] }
        return try query("SELECT id, hook, ref, old_head, new_head, state, error FROM event WHERE git_dir = \(sqlQuoted(gitDir)) ORDER BY id")
    }

    // MARK: Processes side by side

    /// A child started without waiting for it; `finish()` waits and collects its output.
    final class Running: @unchecked Sendable {
        let process = Process()
        private let exited = DispatchSemaphore(value: 0)
        private let out: URL
        private let err: URL

        init(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String], folder: String) throws {
            let name = UUID().uuidString
            out = URL(fileURLWithPath: folder + "/\(name).out")
            err = URL(fileURLWithPath: folder + "/\(name).err")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            FileManager.default.createFile(atPath: err.path, contents: nil)
            let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
            defer {
                try? outHandle.close()
                try? errHandle.close()
            }
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = outHandle
            process.standardError = errHandle
            process.terminationHandler = { [exited] _ in exited.signal() }
            try process.run()
        }

        func finish() throws -> ProcessResult {
            exited.wait()
            return ProcessResult(
                status: process.terminationStatus,
                stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
        }
    }

    func launchGit(_ arguments: [String], in directory: String) throws -> Running {
        let (executable, fullArguments, environment) = gitCommand(arguments)
        return try Running(executable, fullArguments, in: directory, environment: environment, folder: root)
    }

    func launchTaste(_ arguments: [String]) throws -> Running {
        try Running(taste.url.path, arguments, in: root, environment: environment, folder: root)
    }
}

/// A SQL string literal.
func sqlQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
}

/// Polls `condition` every 50 ms until it holds; fails the test (and throws) at the deadline.
func waitUntil(
    _ what: @autoclosure () -> String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line,
    _ condition: () throws -> Bool
) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while true {
        if try condition() { return }
        if Date() >= deadline {
            XCTFail("timed out after \(Int(timeout)) s waiting for \(what())", file: file, line: line)
            throw TestError("timed out waiting for \(what())")
        }
        usleep(50_000)
    }
}

/// Another process (the `sqlite3` CLI) holding the store's write lock until `release()`, as a long
/// `sqlite3` session or a backup tool can: writers wait for it, readers do not.
final class StoreWriteLock {
    private let process = Process()
    private let input = Pipe()

    init(_ sandbox: HookSandbox) throws {
        let marker = sandbox.root + "/locked-\(UUID().uuidString)"
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", "-cmd", "BEGIN EXCLUSIVE;", "-cmd", ".system touch \(marker)", sandbox.storePath]
        process.environment = sandbox.environment
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The CLI runs its -cmd lines in order: the marker exists once the lock is held.
        try waitUntil("sqlite3 holds the store's write lock") {
            guard process.isRunning else { throw TestError("sqlite3 exited \(process.terminationStatus) before it held the lock") }
            return FileManager.default.fileExists(atPath: marker)
        }
    }

    func release() throws {
        guard process.isRunning else { return }
        try input.fileHandleForWriting.write(contentsOf: Data("COMMIT;\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
