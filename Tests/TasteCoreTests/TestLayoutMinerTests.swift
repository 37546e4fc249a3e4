import XCTest

@testable import TasteCore

final class TestLayoutMinerTests: XCTestCase {
    func testWhereNewTestFilesSit() {
        let cases: [(String, Language, TestLayoutMiner.Layout?)] = [
            (
                "Tests/AppTests/GreeterTests.swift", .swift,
                .init(location: "separate-folder", dir: "Tests", pattern: "*Tests.swift", moduleFolders: true)
            ),
            ("AppTests/GreeterTests.swift", .swift, .init(location: "separate-folder", dir: "AppTests", pattern: "*Tests.swift")),
            ("Tests/AppTests/Helpers.swift", .swift, .init(location: "separate-folder", dir: "Tests", pattern: nil, moduleFolders: true)),
            ("Sources/App/Greeter.swift", .swift, nil),
            ("tests/test_app.py", .python, .init(location: "separate-folder", dir: "tests", pattern: "test_*.py")),
            ("tests/conftest.py", .python, .init(location: "separate-folder", dir: "tests")),
            ("src/pkg/tests/test_x.py", .python, .init(location: "separate-folder", dir: "**/tests", pattern: "test_*.py")),
            ("src/pkg/app_test.py", .python, .init(location: "beside-source", pattern: "*_test.py")),
            ("src/greet.test.ts", .typescript, .init(location: "beside-source", pattern: "*.test.ts")),
            ("src/__tests__/greet.spec.js", .javascript, .init(location: "separate-folder", dir: "src/__tests__", pattern: "*.spec.js")),
            ("test/app.router.js", .javascript, .init(location: "separate-folder", dir: "test")),
            ("context_test.go", .go, .init(location: "beside-source", pattern: "*_test.go")),
            ("test/e2e/util.go", .go, nil),
            ("src/test/java/com/x/FooTest.java", .java, .init(location: "separate-folder", dir: "src/test", pattern: "*Test.java")),
            ("spec/models/user_spec.rb", .ruby, .init(location: "separate-folder", dir: "spec", pattern: "*_spec.rb")),
            ("tests/integration.rs", .rust, .init(location: "separate-folder", dir: "tests")),
            ("src/lib.rs", .rust, nil),
            ("Sources/App/Latest.swift", .swift, nil),
            ("test/Serilog.Tests/LoggerTests.cs", .csharp, .init(location: "separate-folder", dir: "test", pattern: "*Tests.cs")),
            ("src/Humanizer.Tests/DateTests.cs", .csharp, .init(location: "separate-folder", dir: "src/Humanizer.Tests", pattern: "*Tests.cs")),
            (
                "src/Humanizer.Tests.Shared/Localisation/FrTests.cs", .csharp,
                .init(location: "separate-folder", dir: "src/Humanizer.Tests.Shared", pattern: "*Tests.cs")
            ),
            ("src/Humanizer/Testsuite/Runner.cs", .csharp, nil),
            ("src/Local/LocalAdapterTest.php", .php, .init(location: "beside-source", pattern: "*Test.php")),
            ("tests/ClientTest.php", .php, .init(location: "separate-folder", dir: "tests", pattern: "*Test.php")),
            ("os/test/src/PathTests.scala", .scala, .init(location: "separate-folder", dir: "os/test", pattern: "*Tests.scala")),
        ]
        for (path, language, layout) in cases {
            XCTAssertEqual(TestLayoutMiner.layout(of: path, language: language), layout, path)
        }
        XCTAssertNil(TestLayoutMiner.namePattern("Testing.swift", language: .swift), "a word that starts with Test is no pattern")
        XCTAssertEqual(TestLayoutMiner.exampleName("*_spec.rb"), "foo_spec.rb")
        XCTAssertEqual(TestLayoutMiner.exampleName("Test*.java"), "TestFoo.java")
    }

    private func facts(_ files: [FileChange]) -> (facts: [String: FactValue], statement: String?) {
        let miner = TestLayoutMiner()
        var counts: [TallyKey: Int] = [:]
        for (index, file) in files.enumerated() {
            var sink = ObservationSink(miner: miner.identifier, commit: String(index))
            miner.observe(SourceFile(file), into: &sink)
            counts.merge(sink.counts) { $0 + $1 }
        }
        var tallies = MinerTallies()
        for (key, count) in counts {
            tallies.scopes[key.scope, default: ScopeTallies()].values[key.key, default: [:]][key.value] =
                TallyStat(weight: Double(count), count: count, commits: count)
            tallies.scopes[key.scope, default: ScopeTallies()].commits = files.count
        }
        let drafts = miner.rules(from: tallies)
        return (drafts.first?.facts ?? [:], drafts.first?.statement)
    }

    private func added(_ path: String, _ language: Language, _ code: String = "x\n", status: FileChange.Status = .added) -> FileChange {
        FileChange(
            path: path, status: status, language: language,
            addedLines: code.split(separator: "\n").enumerated().map { AddedLine(number: $0.offset + 1, text: String($0.element)) })
    }

    func testOnlyNewTestFilesCount() {
        let modified = (0..<5).map { added("tests/test_\($0).py", .python, status: .modified) }
        XCTAssertTrue(facts(modified).facts.isEmpty, "a changed test file says nothing new about where tests go")
    }

    func testSwiftModuleFolders() {
        let files = (0..<5).map { added("Tests/AppTests/Type\($0)Tests.swift", .swift) } + [added("Tests/AppTests/Helpers.swift", .swift)]
        let found = facts(files)
        XCTAssertEqual(found.facts[.testLocation], .string("separate-folder"))
        XCTAssertEqual(found.facts[.testDirs], .strings(["Tests"]))
        XCTAssertEqual(found.facts[.testFilePattern], .string("*Tests.swift"), "helpers follow no pattern and do not hide it")
        XCTAssertEqual(found.statement, "Put Swift tests in `Tests/<Module>Tests/`, in files named like `FooTests.swift`.")
    }

    func testRustInlineAndIntegrationTestsAreMixedHonestly() {
        let inline = (0..<6).map { added("src/m\($0).rs", .rust, "fn f() {}\n#[cfg(test)]\nmod tests {}\n", status: .modified) }
        let integration = (0..<4).map { added("tests/t\($0).rs", .rust, "#[test]\nfn t() {}\n") }
        let comment = [added("src/doc.rs", .rust, "// #[cfg(test)] is how\n", status: .modified)]
        let found = facts(inline + integration + comment)
        XCTAssertEqual(found.facts[.testLocation], .string("beside-source"))
        XCTAssertEqual(found.facts[.testDirs], .strings(["tests"]))
        XCTAssertNil(found.facts[.testFilePattern])
        XCTAssertEqual(
            found.statement,
            "Put Rust unit tests beside the code, in a `#[cfg(test)] mod tests` module of the file they test."
                + " Mixed: 60% of new Rust test files do, the rest sit in `tests/`; follow the tests next to what you change.")
    }

    func testTooFewTestFilesGiveNoRule() {
        XCTAssertTrue(facts([added("greet_test.go", .go), added("sum_test.go", .go)]).facts.isEmpty)
    }
}
