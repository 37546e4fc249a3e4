import Foundation
import TasteTestSupport
import XCTest

/// A failed command: a non-zero exit, exactly one line on stderr (`taste: …` holding `fragment`) and nothing
/// on stdout.
func assertOneLineError(
    _ result: ProcessResult, containing fragment: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertNotEqual(result.status, 0, "exited 0; stdout: \(result.stdout)", file: file, line: line)
    XCTAssertTrue(result.stderr.hasPrefix("taste: "), "stderr: \(result.stderr)", file: file, line: line)
    XCTAssertTrue(result.stderr.hasSuffix("\n"), "stderr: \(result.stderr)", file: file, line: line)
    XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "not one line: \(result.stderr)", file: file, line: line)
    XCTAssertTrue(result.stderr.contains(fragment), "'\(result.stderr)' lacks '\(fragment)'", file: file, line: line)
    XCTAssertEqual(result.stdout, "", file: file, line: line)
}

/// A file's permission bits (0o600 and the like).
func fileMode(_ path: String) throws -> Int {
    try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, path) & 0o777
}
