import XCTest

/// `--help` for the command and every subcommand: exit 0 and name the options.
final class HelpTests: XCTestCase {
    func testRootHelpListsTheSubcommands() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run("--help")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("OVERVIEW: Mine a repository's conventions"), result.stdout)
        XCTAssertTrue(result.stdout.contains("USAGE: taste <subcommand>"), result.stdout)
        for subcommand in ["mine", "skills", "show", "export", "miners"] {
            XCTAssertTrue(result.stdout.contains("\n  \(subcommand) "), "no \(subcommand) in:\n\(result.stdout)")
        }
        XCTAssertTrue(result.stdout.contains("TASTE_HOME"), result.stdout)
    }

    func testEverySubcommandsHelpNamesItsOptions() throws {
        let sandbox = try Sandbox()
        let expected: [String: [String]] = [
            "mine": ["--repo <repo>", "--ref <ref>", "--full", "--since <since>", "--until <until>", "--ignore-config"],
            "skills": ["--repo <repo>", "--json"],
            "show": ["<skill>", "--repo <repo>", "--json"],
            "export": ["--repo <repo>", "--out <out>"],
            "miners": ["USAGE: taste miners"],
        ]
        for (subcommand, options) in expected.sorted(by: { $0.key < $1.key }) {
            for invocation in [[subcommand, "--help"], ["help", subcommand]] {
                let result = try sandbox.run(invocation)
                XCTAssertEqual(result.status, 0, "\(invocation): \(result.stderr)")
                XCTAssertTrue(result.stdout.contains("USAGE: taste \(subcommand)"), "\(invocation):\n\(result.stdout)")
                XCTAssertTrue(result.stdout.contains("-h, --help"), "\(invocation):\n\(result.stdout)")
                for option in options {
                    XCTAssertTrue(result.stdout.contains(option), "\(invocation) does not mention \(option):\n\(result.stdout)")
                }
                XCTAssertEqual(result.stderr, "")
            }
        }
    }

    func testVersion() throws {
        let result = try Sandbox().run("--version")
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "0.1.0\n")
    }
}
