import Foundation

/// What a program left when it ended.
public struct ProcessResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs a program to its end. Output goes through files, so a chatty program never blocks on a full pipe.
public func runProcess(
    _ executable: String, _ arguments: [String], in directory: String? = nil,
    environment: [String: String]? = nil
) throws -> ProcessResult {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if let environment { process.environment = environment }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    // Foundation's waitUntilExit polls every 50 ms; a termination handler returns as soon as the child ends.
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()
    exited.wait()
    try out.close()
    try err.close()
    return ProcessResult(
        status: process.terminationStatus,
        stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// Runs `git` with the tests' fixed identity and settings: no user or system configuration, `date` as author
/// and committer date. Throws with git's stderr unless it exits 0.
@discardableResult
public func runGit(_ arguments: [String], in directory: String, date: Int64 = 1_600_000_000) throws -> String {
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
    environment["GIT_AUTHOR_DATE"] = "@\(date) +0000"
    environment["GIT_COMMITTER_DATE"] = "@\(date) +0000"
    environment["GIT_TERMINAL_PROMPT"] = "0"
    // The identity is pinned in the environment too: GIT_AUTHOR_NAME and the like would win over `-c user.name`.
    for role in ["AUTHOR", "COMMITTER"] {
        environment["GIT_\(role)_NAME"] = "Taste Tests"
        environment["GIT_\(role)_EMAIL"] = "tests@example.com"
    }
    let settings = [
        "-c", "user.name=Taste Tests", "-c", "user.email=tests@example.com", "-c", "commit.gpgsign=false",
        "-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "-c", "gc.auto=0", "-c", "init.defaultBranch=main",
    ]
    let result = try runProcess("/usr/bin/env", ["git"] + settings + arguments, in: directory, environment: environment)
    guard result.status == 0 else {
        throw TestError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
    }
    return result.stdout
}

/// A test helper that could not do its part: a command failed, a file or a program is missing.
public struct TestError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
