import Foundation
import XCTest

/// The built `taste` executable, run as a user runs it: a subprocess with its own store.
struct TasteBinary {
    let url: URL

    /// Finds `taste` next to the test bundle, else in the package's `.build/debug`.
    static func locate(file: StaticString = #filePath, line: UInt = #line) throws -> TasteBinary {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["TASTE_BINARY"] { candidates.append(URL(fileURLWithPath: override)) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("taste"))
        }
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("taste"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/taste"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return TasteBinary(url: candidate)
        }
        XCTFail("the taste executable is not built; run 'swift build' first (looked in \(candidates.map(\.path)))", file: file, line: line)
        throw CLIError("taste executable not found")
    }

    /// The package folder, found from this file's own path.
    static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url
    }
}

/// A temporary home for one test: the store folder `TASTE_HOME` points at, and room for repositories.
final class Sandbox {
    let root: URL
    var home: String { root.appendingPathComponent("home").path }
    let taste: TasteBinary

    init() throws {
        taste = try TasteBinary.locate()
        root = FileManager.default.temporaryDirectory.appendingPathComponent("taste-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Runs `taste` with this sandbox's store.
    @discardableResult
    func run(_ arguments: String..., in directory: String? = nil) throws -> ProcessResult {
        try run(arguments, in: directory)
    }

    @discardableResult
    func run(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["TASTE_HOME"] = home
        environment.removeValue(forKey: "XDG_DATA_HOME")
        return try runProcess(taste.url.path, arguments, in: directory ?? root.path, environment: environment)
    }

    /// A git repository at `name` in the sandbox: `commits` Swift commits with 4-space indentation, XCTest
    /// tests and Conventional Commit subjects.
    func makeRepository(_ name: String = "repo", commits: Int = 5) throws -> String {
        let path = root.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], in: path, date: 0)
        for index in 0..<commits {
            let type = "Type\(index)"
            try write(path + "/Sources/App/\(type).swift", """
                struct \(type) {
                    var items: [Int] = []

                    func total() -> Int {
                        var sum = 0
                        for item in items {
                            if item > 0 {
                                sum += item
                            }
                        }
                        return sum
                    }
                }

                """)
            try write(path + "/Tests/AppTests/\(type)Tests.swift", """
                import XCTest
                @testable import App

                final class \(type)Tests: XCTestCase {
                    func testTotal() {
                        XCTAssertEqual(\(type)(items: [1, 2]).total(), 3)
                    }
                }

                """)
            try git(["add", "-A"], in: path, date: 0)
            try git(["commit", "-q", "-m", "feat(app): add \(type)"], in: path, date: Int64(1_600_000_000 + index * 86_400))
        }
        return path
    }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @discardableResult
    func git(_ arguments: [String], in directory: String, date: Int64) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_AUTHOR_DATE"] = "@\(date) +0000"
        environment["GIT_COMMITTER_DATE"] = "@\(date) +0000"
        let settings = ["-c", "user.name=Taste Tests", "-c", "user.email=tests@example.com", "-c", "commit.gpgsign=false"]
        let result = try runProcess("/usr/bin/env", ["git"] + settings + arguments, in: directory, environment: environment)
        guard result.status == 0 else { throw CLIError("git \(arguments) failed: \(result.stderr)") }
        return result.stdout
    }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to its end; output goes through files so that a full pipe never blocks it.
func runProcess(_ executable: String, _ arguments: [String], in directory: String,
                environment: [String: String]) throws -> ProcessResult {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taste-cli-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = environment
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
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
