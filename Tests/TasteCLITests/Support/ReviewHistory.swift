import Foundation
import TasteTestSupport
import XCTest

/// A Python repository in a sandbox, written through the `git` CLI with pinned dates, mined by the real
/// `taste` after each step the way the merge hook would have it mined.
final class ReviewHistory {
    let sandbox: Sandbox
    let path: String
    /// The date of the next commit, seconds since 1970; each commit moves it on by a day.
    var clock: Int64 = 1_600_000_000
    /// The next Python module's number.
    private(set) var next = 0

    init(_ sandbox: Sandbox, name: String = "repo") throws {
        self.sandbox = sandbox
        path = sandbox.root.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
    }

    /// Commits straight onto main: `files`, or the next Python module indented with `indent` spaces.
    @discardableResult
    func commit(_ message: String? = nil, indent: Int = 4, files: [String: String]? = nil) throws -> String {
        let written = try files ?? nextModule(indent: indent)
        for (relative, text) in written.sorted(by: { $0.key < $1.key }) { try writeFile(path + "/" + relative, text) }
        try git("add", "-A")
        try git("commit", "-q", "-m", message ?? "feat(app): add m\(next - 1)")
        clock += 86_400
        return try revParse("HEAD")
    }

    /// The next Python module, on a feature branch merged with `--no-ff`; returns the merge commit.
    @discardableResult
    func merge(indent: Int) throws -> String {
        let branch = "feature-\(next)"
        try git("checkout", "-q", "-b", branch)
        for (relative, text) in try nextModule(indent: indent) { try writeFile(path + "/" + relative, text) }
        try git("add", "-A")
        try git("commit", "-q", "-m", "feat(app): add m\(next - 1)")
        clock += 3_600
        try git("checkout", "-q", "main")
        try git("merge", "-q", "--no-ff", "-m", "Merge branch '\(branch)'", branch)
        clock += 86_400
        return try revParse("HEAD")
    }

    private func nextModule(indent: Int) throws -> [String: String] {
        defer { next += 1 }
        return ["app/m\(next).py": Code.pythonModule("m\(next)", indent: indent)]
    }

    /// `taste mine`, which must succeed.
    func mine(file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try taste("mine")
        XCTAssertEqual(result.status, 0, "taste mine: \(result.stderr)", file: file, line: line)
    }

    /// Runs `taste` in the work tree with the sandbox's store; `environment` adds or overrides variables.
    @discardableResult
    func taste(_ arguments: String..., environment extra: [String: String] = [:]) throws -> ProcessResult {
        try taste(arguments, environment: extra)
    }

    @discardableResult
    func taste(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["TASTE_HOME"] = sandbox.home
        for name in ["XDG_DATA_HOME", "NO_COLOR", "VISUAL", "EDITOR"] { environment.removeValue(forKey: name) }
        environment.merge(extra) { $1 }
        return try runProcess(sandbox.taste.url.path, arguments, in: path, environment: environment)
    }

    func revParse(_ revision: String) throws -> String {
        try git("rev-parse", revision).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try sandbox.git(arguments, in: path, date: clock)
    }

    /// The folder `taste export` writes Agent Skills to by default.
    var skillsFolder: String { path + "/.claude/skills" }

    func exported(_ skill: String) -> String? {
        FileManager.default.contents(atPath: "\(skillsFolder)/\(skill)/SKILL.md").map { String(decoding: $0, as: UTF8.self) }
    }

    /// Today as `taste` prints dates (UTC).
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date())
    }
}

/// Checks a unified diff the strict way `git apply` reads one: no fuzz, no offset.
enum UnifiedDiff {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The lines of a text that ends with a newline, as `diff -u` numbers them.
    static func lines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Applies `diff` (its `---`/`+++` header lines first) to `old`. Every hunk header must name the exact
    /// first line and counts, every context and removed line must be the old text's line at that place, hunks
    /// must come in order, each with a change and at most `context` lines of context at either end. Returns
    /// the new text's lines.
    static func apply(_ diff: [String], to old: String, oldLabel: String, newLabel: String, context: Int = 3) throws -> [String] {
        guard diff.count >= 3 else { throw Failure(description: "too short to be a diff: \(diff)") }
        guard diff[0] == "--- \(oldLabel)" else { throw Failure(description: "first header is '\(diff[0])', not '--- \(oldLabel)'") }
        guard diff[1] == "+++ \(newLabel)" else { throw Failure(description: "second header is '\(diff[1])', not '+++ \(newLabel)'") }
        let source = lines(old)
        var result: [String] = []
        var consumed = 0  // old lines copied or matched so far
        var index = 2
        while index < diff.count {
            let header = diff[index]
            guard let numbers = parseHeader(header) else { throw Failure(description: "not a hunk header: '\(header)'") }
            index += 1
            var body: [String] = []
            while index < diff.count, !diff[index].hasPrefix("@@") {
                body.append(diff[index])
                index += 1
            }
            // An empty old range names the line before it (`-0,0` for a new file).
            let start = numbers.oldCount == 0 ? numbers.oldStart : numbers.oldStart - 1
            guard start >= consumed else { throw Failure(description: "\(header) overlaps the previous hunk") }
            guard start <= source.count else { throw Failure(description: "\(header) starts past the end (\(source.count) lines)") }
            result += source[consumed..<start]
            guard numbers.newStart == (numbers.newCount == 0 ? result.count : result.count + 1) else {
                throw Failure(description: "\(header): the new text's line there is \(result.count + 1)")
            }
            var position = start, removed = 0, added = 0, kept = 0
            for line in body {
                guard let marker = line.first, " -+".contains(marker) else {
                    throw Failure(description: "a hunk line must start with ' ', '-' or '+': '\(line)'")
                }
                let text = String(line.dropFirst())
                switch marker {
                case "+":
                    result.append(text)
                    added += 1
                default:
                    guard position < source.count, source[position] == text else {
                        throw Failure(
                            description:
                                "\(header): '\(line)' is not line \(position + 1) of the old text (\(position < source.count ? "'\(source[position])'" : "past the end"))"
                        )
                    }
                    position += 1
                    if marker == " " {
                        result.append(text)
                        kept += 1
                    } else {
                        removed += 1
                    }
                }
            }
            guard kept + removed == numbers.oldCount, kept + added == numbers.newCount else {
                throw Failure(
                    description: "\(header) counts \(numbers.oldCount),\(numbers.newCount) but the hunk holds \(kept + removed),\(kept + added)")
            }
            guard removed + added > 0 else { throw Failure(description: "\(header) changes nothing") }
            let leading = body.prefix { $0.hasPrefix(" ") }.count, trailing = body.reversed().prefix { $0.hasPrefix(" ") }.count
            guard leading <= context, trailing <= context else {
                throw Failure(description: "\(header) has \(leading) leading and \(trailing) trailing context lines (at most \(context))")
            }
            consumed = position
        }
        return result + source[consumed...]
    }

    private static func parseHeader(_ line: String) -> (oldStart: Int, oldCount: Int, newStart: Int, newCount: Int)? {
        let parts = line.split(separator: " ")
        guard parts.count == 4, parts[0] == "@@", parts[3] == "@@", parts[1].hasPrefix("-"), parts[2].hasPrefix("+") else { return nil }
        func range(_ text: Substring) -> (Int, Int)? {
            let numbers = text.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
            guard numbers.count == 2, let start = Int(numbers[0]), let count = Int(numbers[1]) else { return nil }
            return (start, count)
        }
        guard let old = range(parts[1]), let new = range(parts[2]) else { return nil }
        return (old.0, old.1, new.0, new.1)
    }
}
