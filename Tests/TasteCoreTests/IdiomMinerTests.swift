import XCTest

@testable import TasteCore

/// What the error handling and logging miners count in cases their examples do not pin down.
final class IdiomMinerTests: XCTestCase {
    func counts(_ miner: any Miner, _ code: String, path: String) -> [String] {
        let file = MinerExampleTests.fileChange(code, path: path, language: Language(path: path)!)
        var sink = ObservationSink(miner: miner.identifier, commit: "c")
        miner.observe(SourceFile(file), into: &sink)
        return sink.counts.map { "\($0.key.key)=\($0.key.value):\($0.value)" }.sorted()
    }

    func testGoErrorfWithoutAnErrorIsNoWrapping() {
        let code = "return fmt.Errorf(\"bad size %d\", n)\nreturn fmt.Errorf(\"open: %v\", err)\n// fmt.Errorf(\"x: %w\", err)\n"
        XCTAssertEqual(counts(ErrorHandlingMiner(), code, path: "a.go"), ["wrapping=fmt.Errorf-%v:1"])
    }

    func testRethrowsAndTestsSayNothingOfErrorTypes() {
        XCTAssertEqual(counts(ErrorHandlingMiner(), "try:\n    x()\nexcept Exception as e:\n    raise\n    raise e\n", path: "app/a.py"), [])
        XCTAssertEqual(counts(ErrorHandlingMiner(), "raise ValueError('x')\n", path: "tests/test_a.py"), [])
        XCTAssertEqual(counts(ErrorHandlingMiner(), "} catch {\n    throw error\n}\n", path: "Sources/A/A.swift"), [])
    }

    func testRustErrorLibraryIsOneVotePerFile() {
        let code = "use anyhow::Context;\nfn a() -> anyhow::Result<()> { anyhow::bail!(\"x\") }\n"
        XCTAssertEqual(counts(ErrorHandlingMiner(), code, path: "crates/core/a.rs"), ["library=anyhow:1"])
    }

    func testPrintsInEntryPointsAndTestsAreOutput() {
        XCTAssertEqual(counts(LoggingMiner(), "print('hello')\n", path: "app/cli.py"), [])
        XCTAssertEqual(counts(LoggingMiner(), "fmt.Println(\"hi\")\n", path: "cmd/tool/run.go"), [])
        XCTAssertEqual(counts(LoggingMiner(), "print('x')\n", path: "flask/testsuite/basic.py"), [])
        XCTAssertEqual(counts(LoggingMiner(), "print('x')\n", path: "app/core.py"), ["mode=stdout:1"])
    }

    func testLoggerNamesMatchWholeTokens() {
        XCTAssertEqual(
            counts(LoggingMiner(), "\tklog.Infof(\"x\")\n\tslog.Info(\"y\")\n", path: "server/a.go"),
            ["facility=klog:1", "facility=slog:1", "mode=logger:1"])
        XCTAssertEqual(counts(LoggingMiner(), "    tracing_log::init();\n", path: "src/a.rs"), [])
    }

    func testFewStderrFilesAreNoHabit() throws {
        let file = "package a\n\nfunc warn() {\n\tfmt.Fprintln(os.Stderr, \"careful\")\n}\n"
        var tallies = MinerTallies()
        tallies.scopes["go"] = ScopeTallies(
            values: [
                "mode": [
                    "stderr": TallyStat(weight: 4, count: 4, commits: 4),
                    "stdout": TallyStat(weight: 8, count: 8, commits: 8),
                ]
            ], commits: 12)
        XCTAssertTrue(LoggingMiner().rules(from: tallies).isEmpty, "a third of files printing to stderr is no convention")
        XCTAssertEqual(counts(LoggingMiner(), file, path: "a/warn.go"), ["mode=stderr:1"])
    }
}
