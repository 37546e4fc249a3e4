import XCTest

@testable import TasteCore

final class ByteSearchTests: XCTestCase {
    private func offset(_ needle: String, in text: String) -> Int? {
        Array(text.utf8).withUnsafeBufferPointer { ByteSearch.firstOffset(of: needle, in: $0) }
    }

    /// The first occurrence, wherever the needle's rarest byte sits in it.
    func testFindsTheFirstOccurrenceWhereverTheRareByteIs() {
        XCTAssertEqual(offset("import XCTest", in: "import Foundation\nimport XCTest\n"), 18)
        XCTAssertEqual(offset("XCTAssert", in: "XCTAssertEqual(a, b)"), 0)
        XCTAssertEqual(offset("Test", in: "import XCTest"), 9)
        XCTAssertEqual(offset("aaX", in: "aaaaaX"), 3)
        XCTAssertEqual(offset("@Test", in: "x @Tes @Test"), 7)
        XCTAssertEqual(offset("a", in: "bba"), 2)
        XCTAssertEqual(offset("", in: "abc"), 0)
        XCTAssertNil(offset("import XCTest", in: "import XCTes"))
        XCTAssertNil(offset("Xa", in: "aX"))
        XCTAssertNil(offset("abc", in: ""))
    }

    /// The same answers as a plain search, on texts and needles drawn from a small alphabet (many near misses).
    func testAgreesWithAPlainSearch() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab X(\t".utf8)
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let needle = (0..<Int.random(in: 1...4, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let expected =
                text.count < needle.count ? nil : (0...(text.count - needle.count)).first { text[$0..<($0 + needle.count)].elementsEqual(needle) }
            let found = text.withUnsafeBufferPointer { ByteSearch.firstOffset(of: String(decoding: needle, as: UTF8.self), in: $0) }
            XCTAssertEqual(found, expected, "\(String(decoding: needle, as: UTF8.self)) in \(String(decoding: text, as: UTF8.self))")
        }
    }

    /// A file's lines are searched as one buffer with no newline between them: a needle that runs from one line
    /// into the next is in neither, and each line holding it is reported once, in order.
    func testLinesHoldingANeedleAreReportedOnceEachAndNeverAcrossLines() {
        let file = SourceFile(path: "a.py", code: "print(x); print(y)\n\nprin\nt(z)\n# print(\nprint(w)\n")
        var seen: [Int] = []
        file.forEachLine(holding: "print(") { index in
            seen.append(index)
            return false
        }
        XCTAssertEqual(seen, [0, 4, 5])
        var first: [Int] = []
        file.forEachLine(holding: "print(") { index in
            first.append(index)
            return true
        }
        XCTAssertEqual(first, [0])
    }
}
