import XCTest

@testable import TasteCore

/// What the imports miner counts in cases its examples do not pin down.
final class ImportsMinerTests: XCTestCase {
    func counts(_ code: String, path: String, numbers: [Int]? = nil) -> [String] {
        var file = MinerExampleTests.fileChange(code, path: path, language: Language(path: path)!)
        if let numbers { for (index, number) in numbers.enumerated() { file.addedLines[index].number = number } }
        var sink = ObservationSink(miner: "imports", commit: "c")
        ImportsMiner().observe(SourceFile(file), into: &sink)
        return sink.counts.map { "\($0.key.key)=\($0.key.value):\($0.value)" }.sorted()
    }

    func testIsortOrderWithStraightImportsBeforeFromImportsIsSorted() {
        XCTAssertEqual(
            counts("import os\nimport sys\nfrom collections import OrderedDict\nfrom typing import Any\n", path: "app/a.py"),
            ["sorted=true:1"])
        XCTAssertEqual(counts("import Foundation\nimport XCTest\n@testable import App\n", path: "Sources/App/A.swift"), ["sorted=true:1"])
    }

    func testRustfmtOrderPutsModulesBeforeTypes() {
        XCTAssertEqual(counts("use crate::tests::TempDir;\nuse crate::Error;\n", path: "src/lib.rs"), ["sorted=true:1"])
        XCTAssertEqual(
            counts("use std::io;\nuse anyhow::Context;\n", path: "src/lib.rs"), ["grouped=false:1", "sorted=true:1"],
            "sections keep their own order")
        XCTAssertEqual(counts("use crate::walk;\nuse crate::dir;\n", path: "src/lib.rs"), ["sorted=false:1"])
    }

    func testMultiLineStatementsAreOneImport() {
        let python = "from .models import (\n    Request,\n    Response,\n)\nfrom .utils import quote\n"
        XCTAssertEqual(counts(python, path: "requests/api.py"), ["project=relative:2", "sorted=true:1"])
        let script = "import {\n  a,\n  b,\n} from './b'\nimport { c } from './a'\n"
        XCTAssertEqual(counts(script, path: "src/x.ts"), ["project=relative:2", "sorted=false:1"])
    }

    func testLinesNotAddedTogetherAreNotCompared() {
        XCTAssertEqual(counts("import sys\nimport os\n", path: "app/a.py", numbers: [3, 9]), [])
    }

    func testNestedImportsAreSortedButNotGrouped() {
        let code = "if TYPE_CHECKING:\n    from werkzeug import Response\n    from .app import Flask\n"
        XCTAssertEqual(counts(code, path: "flask/x.py"), ["project=relative:1", "sorted=true:1"])
    }

    func testGoBlocksAreGroupedByStandardLibrary() {
        let mixed = "import (\n\t\"fmt\"\n\t\"github.com/a/b\"\n\t\"os\"\n)\n"
        XCTAssertEqual(counts(mixed, path: "a.go"), ["grouped=false:1", "sorted=true:1"])
    }

    func testOnlyThePackagesOwnAbsoluteImportsCount() {
        XCTAssertEqual(ImportsMiner.pythonPackage(of: "src/requests/sessions.py"), "requests")
        XCTAssertNil(ImportsMiner.pythonPackage(of: "tests/test_sessions.py"))
        XCTAssertNil(ImportsMiner.pythonPackage(of: "setup.py"))
        XCTAssertEqual(
            counts("from requests.models import Request\nfrom urllib3 import x\n", path: "src/requests/api.py"),
            ["grouped=false:1", "project=absolute:1", "sorted=true:1"])
    }

    func testSwiftTestsImportingOnlySystemModulesSayNothing() {
        XCTAssertEqual(counts("import Foundation\nimport XCTest\n", path: "Tests/AppTests/ATests.swift"), ["sorted=true:1"])
        XCTAssertEqual(counts("import XCTest\n@testable import App\n", path: "Tests/AppTests/ATests.swift"), ["sorted=true:1", "testable=true:1"])
    }
}
