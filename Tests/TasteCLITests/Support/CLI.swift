import Foundation
import TasteTestSupport
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
        throw TestError("taste executable not found")
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
        let path = try initRepository(name)
        for index in 0..<commits {
            let type = "Type\(index)"
            try commit(
                "feat(app): add \(type)",
                files: [
                    "Sources/App/\(type).swift": Code.swiftType(type),
                    "Tests/AppTests/\(type)Tests.swift": Code.xctestCase(type),
                ], in: path, date: Int64(1_600_000_000 + index * 86_400))
        }
        return path
    }

    /// An empty git repository at `name` in the sandbox, on `main`.
    func initRepository(_ name: String) throws -> String {
        let path = root.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "main"], in: path, date: 0)
        return path
    }

    /// Runs git with the tests' fixed identity and `date` as author and committer date.
    @discardableResult
    func git(_ arguments: [String], in directory: String, date: Int64) throws -> String {
        try runGit(arguments, in: directory, date: date)
    }
}
