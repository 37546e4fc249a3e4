import Foundation

/// A real PostgreSQL server of its own for a test class: `initdb` in a temporary folder, `pg_ctl` on a free
/// loopback port, stopped and removed by `stop()`. Role `taste` is the superuser, trusted on loopback; every
/// other role logs in with its password, so a wrong one is refused as on a real server.
public final class PostgresServer: @unchecked Sendable {
    public private(set) var port = 0
    public let folder: URL
    private let binaries: String
    private let owner: String?
    private var stopped = false

    /// The superuser's URL for `database`.
    public func url(database: String = "postgres") -> String {
        "postgres://taste@127.0.0.1:\(port)/\(database)"
    }

    /// A role's URL, with its password.
    public func url(role: String, password: String, database: String) -> String {
        "postgres://\(role):\(password)@127.0.0.1:\(port)/\(database)"
    }

    public init() throws {
        binaries = try Self.findBinaries()
        folder = try makeTemporaryFolder()
        // initdb refuses to run as root: the server runs as Debian's `postgres` user (made by the package), else `nobody`.
        if getuid() == 0 {
            let user = getpwnam("postgres") != nil ? "postgres" : "nobody"
            guard let entry = getpwnam(user) else { throw TestError("no user to run PostgreSQL as") }
            try FileManager.default.setAttributes(
                [.ownerAccountID: Int(entry.pointee.pw_uid), .posixPermissions: 0o700], ofItemAtPath: folder.path)
            owner = user
        } else {
            owner = nil
        }
        let data = folder.appendingPathComponent("data").path
        let initdb = try run("initdb", ["-D", data, "-U", "taste", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        guard initdb.status == 0 else { throw TestError("initdb failed: \(initdb.stderr)") }
        try Data(
            """
            local all all trust
            host all taste 127.0.0.1/32 trust
            host all all 127.0.0.1/32 scram-sha-256

            """.utf8
        ).write(to: URL(fileURLWithPath: data + "/pg_hba.conf"))
        if let owner, let entry = getpwnam(owner) {
            chown(data + "/pg_hba.conf", entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        try watchParent(data: data)
        // A port another test process takes between our look and the server's bind fails the start: try another.
        var lastError = ""
        for _ in 0..<5 {
            let candidate = try Self.freePort()
            let options = "-p \(candidate) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
            let start = try run("pg_ctl", ["-D", data, "-l", folder.appendingPathComponent("log").path, "-o", options, "-w", "start"])
            if start.status == 0 {
                port = candidate
                return
            }
            lastError = (try? String(contentsOf: folder.appendingPathComponent("log"), encoding: .utf8)) ?? start.stderr
        }
        try? FileManager.default.removeItem(at: folder)
        throw TestError("PostgreSQL did not start: \(lastError)")
    }

    deinit { stop() }

    /// Stops the server and keeps its data, so that a test sees it unreachable until `resume()`.
    public func pause() throws {
        let stopped = try run("pg_ctl", ["-D", folder.appendingPathComponent("data").path, "-m", "fast", "-w", "stop"])
        guard stopped.status == 0 else { throw TestError("pg_ctl stop failed: \(stopped.stderr)") }
    }

    /// Starts a paused server again on its port.
    public func resume() throws {
        let options = "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        let data = folder.appendingPathComponent("data").path
        let started = try run("pg_ctl", ["-D", data, "-l", folder.appendingPathComponent("log").path, "-o", options, "-w", "start"])
        guard started.status == 0 else { throw TestError("PostgreSQL did not start again: \(started.stderr)") }
    }

    /// Stops the server at once and removes its folder.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        _ = try? run("pg_ctl", ["-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: folder)
    }

    /// A test process that crashes never calls `stop()`: a small watcher stops the server when it is gone.
    private func watchParent(data: String) throws {
        let script = """
            while kill -0 \(getpid()) 2>/dev/null; do sleep 2; done
            \(command("pg_ctl", ["-D", data, "-m", "immediate", "stop"]).map { "'\($0)'" }.joined(separator: " ")) >/dev/null 2>&1
            rm -rf '\(folder.path)'
            """
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: "/bin/sh")
        watcher.arguments = ["-c", script]
        watcher.standardInput = FileHandle.nullDevice
        watcher.standardOutput = FileHandle.nullDevice
        watcher.standardError = FileHandle.nullDevice
        try watcher.run()
    }

    private func command(_ tool: String, _ arguments: [String]) -> [String] {
        let path = binaries + "/" + tool
        guard let owner else { return [path] + arguments }
        return ["/usr/sbin/runuser", "-u", owner, "--", path] + arguments
    }

    /// posix_spawn and waitpid rather than Foundation's Process, whose exit monitor missed `pg_ctl start`'s end
    /// (it leaves the server running in the background) and waited forever.
    private func run(_ tool: String, _ arguments: [String]) throws -> ProcessResult {
        let full = command(tool, arguments)
        let output = folder.appendingPathComponent("\(tool).out").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The server outlives the call: it must not hold the test's other descriptors (an MCP client's stdin pipe,
        // whose end it would keep open). glibc has the action since 2.34; Swift's Glibc module does not export it.
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let closeFrom = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(closeFrom, to: AddCloseFrom.self)(&actions, 3)
        }
        // From `/`, which the server's user can always enter.
        let shell = ["/bin/sh", "-c", "cd / && exec \"$@\"", "sh"] + full
        let argv: [UnsafeMutablePointer<CChar>?] = shell.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, shell[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestError("cannot run \(full[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(status: exitCode, stdout: text, stderr: text)
    }

    /// The newest `/usr/lib/postgresql/N/bin` (Debian's layout), or the folder of an `initdb` on the PATH.
    private static func findBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        if let newest = versions.last { return "\(root)/\(newest)/bin" }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(folder)/initdb") {
            return String(folder)
        }
        throw TestError("PostgreSQL is not installed: run 'make deps'")
    }

    /// A loopback port nothing listens on now.
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw TestError("socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw TestError("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
