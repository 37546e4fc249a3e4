import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// What each agent's loader requires of the front matter taste writes. Every file with front matter under an
/// export root is checked against its format; returns how many files were checked.
@discardableResult
func assertExportSpecs(root: String, skills: [Skill], file: StaticString = #filePath, line: UInt = #line) throws -> Int {
    var checked = 0
    for (relative, data) in try treeSnapshot(root).sorted(by: { $0.key < $1.key }) {
        let text = String(decoding: data, as: UTF8.self)
        let parts = relative.split(separator: "/").map(String.init)
        if relative.hasSuffix("/SKILL.md"), parts.count >= 2 {
            try assertAgentSkill(text, folder: parts[parts.count - 2], skills: skills, path: relative, file: file, line: line)
        } else if relative.hasPrefix(".cursor/rules/"), relative.hasSuffix(".mdc") {
            try assertCursorRule(text, path: relative, skills: skills, file: file, line: line)
        } else if relative.hasPrefix(".github/instructions/"), relative.hasSuffix(".instructions.md") {
            try assertCopilotInstructions(text, path: relative, skills: skills, file: file, line: line)
        } else {
            XCTAssertFalse(text.hasPrefix("---\n"), "\(relative) should have no front matter", file: file, line: line)
            continue
        }
        checked += 1
    }
    return checked
}

/// Agent Skills (agentskills.io): `name` 1–64 of a-z, 0-9 and single inner hyphens, equal to the folder's
/// name; `description` 1–1024 characters; `metadata` a map of strings; no other keys than the spec's.
private func assertAgentSkill(_ text: String, folder: String, skills: [Skill], path: String, file: StaticString, line: UInt) throws {
    let front: FrontMatter
    do { front = try FrontMatter.parse(text) } catch { return XCTFail("\(path): \(error)", file: file, line: line) }
    let allowed: Set<String> = ["name", "description", "license", "compatibility", "metadata", "allowed-tools"]
    XCTAssertTrue(Set(front.keys).isSubset(of: allowed), "\(path): keys \(front.keys)", file: file, line: line)
    XCTAssertEqual(Array(front.keys.prefix(2)), ["name", "description"], path, file: file, line: line)

    guard case .plain(let name)? = front["name"] else {
        return XCTFail("\(path): name is \(String(describing: front["name"]))", file: file, line: line)
    }
    XCTAssertEqual(name, folder, "\(path): name is the folder's name", file: file, line: line)
    XCTAssertTrue((1...64).contains(name.count), "\(path): name has \(name.count) characters", file: file, line: line)
    XCTAssertNotNil(name.range(of: "^[a-z0-9]+(-[a-z0-9]+)*$", options: .regularExpression), "\(path): name \(name)", file: file, line: line)

    guard let description = front["description"]?.string else {
        return XCTFail("\(path): description is not a double-quoted string: \(String(describing: front["description"]))", file: file, line: line)
    }
    XCTAssertTrue((1...1024).contains(description.count), "\(path): description has \(description.count) characters", file: file, line: line)
    if let skill = skills.first(where: { $0.name == name }), skill.description.count <= 1024 {
        XCTAssertEqual(description, skill.description, "\(path): the description reads back as written", file: file, line: line)
    }

    let metadata = try XCTUnwrap(front["metadata"]?.entries, "\(path): metadata is a mapping", file: file, line: line)
    XCTAssertEqual(metadata.map(\.key), ["version", "repository", "mined-through", "generator"], path, file: file, line: line)
    for entry in metadata {
        XCTAssertNotNil(entry.value.string, "\(path): metadata.\(entry.key) is a string, not \(entry.value)", file: file, line: line)
    }
    XCTAssertNotNil(Int(front["metadata"]?["version"]?.string ?? ""), "\(path): version is a number in a string", file: file, line: line)
    let head = front["metadata"]?["mined-through"]?.string ?? ""
    XCTAssertNotNil(head.range(of: "^[0-9a-f]{40}$", options: .regularExpression), "\(path): mined-through \(head)", file: file, line: line)
    XCTAssertEqual(front["metadata"]?["generator"], .quoted("taste"), path, file: file, line: line)
    XCTAssertTrue(front.body.hasPrefix("# "), "\(path): the body starts with the title", file: file, line: line)
}

/// Cursor `.mdc`: `description`, `globs` (comma-separated, unquoted) and `alwaysApply`, the boolean false.
private func assertCursorRule(_ text: String, path: String, skills: [Skill], file: StaticString, line: UInt) throws {
    let front: FrontMatter
    do { front = try FrontMatter.parse(text) } catch { return XCTFail("\(path): \(error)", file: file, line: line) }
    XCTAssertEqual(front.keys, ["description", "globs", "alwaysApply"], path, file: file, line: line)
    XCTAssertEqual(front["alwaysApply"], .bool(false), "\(path): alwaysApply is the boolean false, not a string", file: file, line: line)
    let description = front["description"]?.string ?? ""
    XCTAssertTrue((1...1024).contains(description.count), "\(path): description \(String(describing: front["description"]))", file: file, line: line)
    guard case .plain(let globs)? = front["globs"] else {
        return XCTFail("\(path): globs is \(String(describing: front["globs"])), not a plain comma-separated list", file: file, line: line)
    }
    XCTAssertFalse(globs.contains("\"") || globs.contains("'"), "\(path): Cursor keeps quotes as part of a glob", file: file, line: line)
    let name = String(path.dropFirst(".cursor/rules/taste-".count).dropLast(".mdc".count))
    if let skill = skills.first(where: { $0.name == name }) {
        let expected = Set(skill.rules.flatMap(\.scope.paths))
        XCTAssertEqual(
            globs.isEmpty ? ["**"] : Set(globs.split(separator: ",").map(String.init)), expected,
            "\(path): globs are the skill's scopes", file: file, line: line)
    }
}

/// Copilot `.instructions.md`: `applyTo`, a string of comma-separated globs.
private func assertCopilotInstructions(_ text: String, path: String, skills: [Skill], file: StaticString, line: UInt) throws {
    let front: FrontMatter
    do { front = try FrontMatter.parse(text) } catch { return XCTFail("\(path): \(error)", file: file, line: line) }
    XCTAssertEqual(front.keys, ["applyTo"], path, file: file, line: line)
    guard let applyTo = front["applyTo"]?.string, !applyTo.isEmpty else {
        return XCTFail("\(path): applyTo is \(String(describing: front["applyTo"]))", file: file, line: line)
    }
    let globs = applyTo.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    XCTAssertFalse(globs.contains { $0.isEmpty || $0.contains(" ") }, "\(path): applyTo \(applyTo)", file: file, line: line)
    let name = String(path.dropFirst(".github/instructions/taste-".count).dropLast(".instructions.md".count))
    if let skill = skills.first(where: { $0.name == name }) {
        XCTAssertEqual(Set(globs), Set(skill.rules.flatMap(\.scope.paths)), "\(path): applyTo is the skill's scopes", file: file, line: line)
    }
}
