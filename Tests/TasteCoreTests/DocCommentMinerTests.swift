import XCTest

@testable import TasteCore

/// What the doc comment miner counts in cases its examples do not pin down.
final class DocCommentMinerTests: XCTestCase {
    func counts(_ code: String, path: String, status: FileChange.Status = .added, numbers: [Int]? = nil) -> [String] {
        var file = MinerExampleTests.fileChange(code, path: path, language: Language(path: path)!)
        file.status = status
        if let numbers { for (index, number) in numbers.enumerated() { file.addedLines[index].number = number } }
        var sink = ObservationSink(miner: "doc-comments", commit: "c")
        DocCommentMiner().observe(SourceFile(file), into: &sink)
        return sink.counts.map { "\($0.key.key)=\($0.key.value):\($0.value)" }.sorted()
    }

    func testJSDocAboveAnAssignedFunctionDocumentsIt() {
        let code = "/**\n * Append a header.\n *\n * @public\n */\n\nres.append = function append(field, val) {\n  return this\n}\n"
        XCTAssertEqual(
            counts(code, path: "lib/response.js"), ["documented=true:1", "style=/** */:1"], "one blank line may part JSDoc from its function")
        let note = "// Helpers\n\nexport function add(a, b) {\n  return a + b\n}\n"
        XCTAssertEqual(counts(note, path: "src/add.js"), ["documented=false:1"], "a `//` note above a blank line documents nothing")
        let attached = "/**\n * Append a header.\n * @public\n */\nres.append = function append(field, val) {\n  return this\n}\n"
        XCTAssertEqual(counts(attached, path: "lib/response.js"), ["documented=true:1", "style=/** */:1"])
    }
}

extension DocCommentMinerTests {
    func testADeclarationEditedUnderAnUnseenLineIsNotCounted() {
        // Line 10 changed in an old file: the unseen line 9 may hold its doc comment.
        XCTAssertEqual(counts("public func total() -> Int { 0 }\n", path: "Sources/A/A.swift", status: .modified, numbers: [10]), [])
        XCTAssertEqual(counts("public func total() -> Int { 0 }\n", path: "Sources/A/A.swift"), ["documented=false:1"])
    }

    func testAttributesOverrideAndAccessDecideWhatIsPublicAPI() {
        let swift = """
            /// Totals.
            @inlinable
            public static func total() -> Int { 0 }
            public override func update() {}
            internal func helper() {}
            private(set) public var count = 0
            """
        XCTAssertEqual(counts(swift, path: "Sources/A/A.swift"), ["documented=false:1", "documented=true:1", "style=///:1"])
        let rust = "/// Builds.\n#[deprecated(\n    since = \"1.0\",\n)]\npub fn build() {}\npub(crate) fn inner() {}\n"
        XCTAssertEqual(counts(rust, path: "src/lib.rs"), ["documented=true:1", "style=///:1"])
    }

    func testDeclarationsComeFromTheGrammar() {
        let java = "public final class Cart {\n  @Override public String toString() { return \"\"; }\n}\n"
        XCTAssertEqual(counts(java, path: "src/main/java/Cart.java"), ["documented=false:1"], "an override on its annotation's line is no new API")
        let reexport = "export type {Options} from './options.js';\nexport function add(a, b) {\n  return a + b\n}\n"
        XCTAssertEqual(counts(reexport, path: "src/index.ts"), ["documented=false:1"], "a re-export declares nothing")
        let commented = "/*\n/// Counts.\nfn count() {}\n*/\n"
        XCTAssertEqual(counts(commented, path: "src/lib.rs"), [], "code in a block comment is no declaration")
    }

    func testTestsAndPrivateModulesAreNoAPI() {
        XCTAssertEqual(counts("def helper(x):\n    return x\n", path: "tests/test_a.py"), [])
        XCTAssertEqual(counts("def helper(x):\n    return x\n", path: "shop/_compat.py"), [])
        XCTAssertEqual(counts("def helper(x):\n    return x\n", path: "shop/cart.py"), ["documented=false:1"])
    }

    func testGoDocCommentsStartWithTheName() {
        let code = "// A Cart holds items.\ntype Cart struct{}\n\n//go:noinline\nfunc Add() {}\n\n// adds one\nfunc Inc() {}\n"
        XCTAssertEqual(
            counts(code, path: "cart/cart.go"),
            ["documented=false:1", "documented=true:2", "names=false:1", "names=true:1", "style=//:2"])
    }

    func testDocstringStyleNeedsParametersDocumented() {
        let plain = "def add(cart, item):\n    \"\"\"Add an item.\n\n    Puts ``item`` in ``cart``.\n    \"\"\"\n    cart.append(item)\n"
        XCTAssertEqual(counts(plain, path: "shop/cart.py"), ["docstring=plain:1", "documented=true:1"])
        let summary = "def add(cart, item):\n    \"\"\"Add an item to the cart.\"\"\"\n    cart.append(item)\n"
        XCTAssertEqual(counts(summary, path: "shop/cart.py"), ["documented=true:1"], "a one-line summary documents no parameters")
        let numpy = "def add(cart, item):\n    \"\"\"Add.\n\n    Parameters\n    ----------\n    cart : list\n    \"\"\"\n"
        XCTAssertEqual(counts(numpy, path: "shop/cart.py"), ["docstring=numpy:1", "documented=true:1"])
        XCTAssertEqual(
            DocCommentMiner.parameters("def f(self, url, *args, timeout: int = 3, **kwargs) -> Dict[str, int]:"),
            ["url", "args", "timeout", "kwargs"])
    }

    func testMixedCoverageStatesNoFact() throws {
        let code = "/// Documented.\npublic func a() {}\npublic func b() {}\n"
        let facts = try MinerExampleTests.facts(DocCommentMiner(), .shows("Sources/A/A.swift", code, expect: [:]), label: "mixed")
        XCTAssertNil(facts[.publicApiDocumented], "50% is neither documented nor undocumented")
    }
}
