import Foundation
import TasteCore
import TasteTestSupport

/// A small repository mined once per fuzzing process, so that MCP calls and templates meet real skills,
/// versions and evidence rather than "not mined yet".
final class MinedFixture: @unchecked Sendable {
    static let shared: MinedFixture = {
        do {
            return try MinedFixture()
        } catch {
            FileHandle.standardError.write(Data("cannot make the fuzzing fixture: \(error)\n".utf8))
            exit(2)
        }
    }()

    let folder: URL
    let server: MCPServer
    let mined: MinedRepository

    private init() throws {
        folder = Self.folder(of: getpid())
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let repository = folder.appendingPathComponent("repo").path
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        try runGit(["init", "-q", "-b", "main"], in: repository)
        for index in 0..<5 {
            let type = "Type\(index)"
            try writeFile("\(repository)/Sources/App/\(type).swift", Code.swiftType(type))
            try writeFile("\(repository)/Tests/AppTests/\(type)Tests.swift", Code.xctestCase(type))
            let date = Int64(1_600_000_000 + index * 86_400)
            try runGit(["add", "-A"], in: repository, date: date)
            try runGit(["commit", "-q", "-m", "feat(app): add \(type) (#\(index + 10))"], in: repository, date: date)
        }
        let store = try Store(path: folder.appendingPathComponent("store.sqlite").path)
        _ = try MiningPass(store: store).run(MineOptions(repositoryPath: repository))
        mined = try MinedRepository.load(store: store, repositoryPath: repository)
        server = MCPServer(store: store, repositoryPath: repository, version: "fuzz")
        // libFuzzer ends the process with exit(), which runs atexit handlers: the temporary folder goes then.
        atexit { try? FileManager.default.removeItem(at: MinedFixture.folder(of: getpid())) }
    }

    /// Named by the process, so that the exit handler (a C function, which captures nothing) finds it again.
    private static func folder(of process: pid_t) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("taste-fuzz-\(process)")
    }
}
