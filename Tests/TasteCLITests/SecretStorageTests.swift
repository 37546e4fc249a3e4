import Foundation
import TasteTestSupport
import XCTest

/// Secrets a merge adds never reach the store's bytes on disk, any exported file or `taste skills --json`,
/// as a user runs taste: low-entropy passwords under credential names, and private key bodies.
final class SecretStorageTests: XCTestCase {
    static let password = "CorrectHorseBattery9"
    static let passwords = [
        "CorrectHorseBattery9", "TrustNo1Ever", "letmein-Summer24", "hunter2hunter2x", "OpenSesame77", "pa55-w0rd-plain",
    ]

    /// A fake OpenSSH key body: 70 base64 characters a line (a width line length cites), the last line shorter.
    static func keyBody(_ seed: UInt64) -> [String] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next() -> Character {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return alphabet[Int((state >> 33) % 64)]
        }
        return (0..<6).map { line in String((0..<(line == 5 ? 22 : 70)).map { _ in next() }) } + ["AAAAB3Nza=="]
    }

    /// The Python module of commit `index`: credentials assigned string literals on cited lines (the first
    /// indented line, the last line) and a key in a triple-quoted string.
    static func module(_ index: Int, key: [String]) -> String {
        let password = passwords[index % passwords.count]
        return """
            def connect_\(index)(client):
                DB_PASS = "\(password)"
                for item in client.items:
                    item.refresh()
                return client


            PRIVATE_KEY = \"\"\"-----BEGIN OPENSSH PRIVATE KEY-----
            \(key.joined(separator: "\n"))
            -----END OPENSSH PRIVATE KEY-----
            \"\"\"
            db_pass: str = "\(password)"

            """
    }

    /// Every secret the repository holds: each password and each line of each key body.
    private var secrets: [String] = []

    private func makeRepository(_ sandbox: Sandbox) throws -> String {
        let repo = try sandbox.initRepository("secrets")
        var date: Int64 = 1_600_000_000
        for index in 0..<8 {
            let key = Self.keyBody(UInt64(index + 1))
            secrets += key.filter { $0.count > 12 }
            try sandbox.commit(
                "feat(app): add connection \(index)", files: ["app/conn\(index).py": Self.module(index, key: key)], in: repo, date: date)
            date += 86_400
        }
        // A later commit changes only a body line of an existing key: its BEGIN line is not among the added lines.
        var key = Self.keyBody(1)
        key[2] = String(Self.keyBody(99)[2])
        secrets.append(key[2])
        try sandbox.commit("fix(app): rotate key 0", files: ["app/conn0.py": Self.module(0, key: key)], in: repo, date: date)
        secrets += Self.passwords
        return repo
    }

    /// The secrets, or a 16-character piece of a longer one, found in `text`.
    private func leaks(in text: String) -> [String] {
        secrets.filter { secret in
            let characters = Array(secret)
            let window = min(16, characters.count)
            return (0...(characters.count - window)).contains { text.contains(String(characters[$0..<($0 + window)])) }
        }
    }

    func testSecretsReachNeitherTheStoreFilesNorTheExportsNorTheJSON() throws {
        let sandbox = try Sandbox()
        let repo = try makeRepository(sandbox)
        let mined = try sandbox.run("mine", "--repo", repo)
        XCTAssertEqual(mined.status, 0, mined.stderr)

        // The store's bytes on disk once taste has exited: the database and whatever its WAL still holds.
        let storeFiles = try FileManager.default.contentsOfDirectory(atPath: sandbox.home).filter { $0.hasPrefix("taste.sqlite") }
        XCTAssertTrue(storeFiles.contains("taste.sqlite"), "\(storeFiles)")
        for name in storeFiles {
            let bytes = String(decoding: try Data(contentsOf: URL(fileURLWithPath: sandbox.home + "/" + name)), as: UTF8.self)
            XCTAssertEqual(leaks(in: bytes), [], name)
        }
        XCTAssertTrue(
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: sandbox.home + "/taste.sqlite")), as: UTF8.self).contains(
                "DB_PASS = \"[redacted]\""),
            "the cited line is kept, its value redacted")

        let json = try sandbox.run("skills", "--repo", repo, "--json")
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertTrue(json.stdout.contains("[redacted]"), "the JSON quotes the redacted lines")
        XCTAssertEqual(leaks(in: json.stdout), [])

        let export = try sandbox.run(
            ["export", "--repo", repo] + ["agent-skills", "agents-md", "cursor", "copilot", "claude-md"].flatMap { ["--format", $0] })
        XCTAssertEqual(export.status, 0, export.stderr)
        let exported = try treeSnapshot(repo).filter { !$0.key.hasPrefix(".git/") && !$0.key.hasPrefix("app/") }
        XCTAssertTrue(exported.keys.contains(".claude/skills/python-style/references/evidence.md"), "\(exported.keys.sorted())")
        for (path, data) in exported {
            XCTAssertEqual(leaks(in: String(decoding: data, as: UTF8.self)), [], path)
        }
    }
}
