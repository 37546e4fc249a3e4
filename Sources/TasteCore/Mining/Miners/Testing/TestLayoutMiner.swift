/// Finds where tests live and how their files are named, per language, from the test files merges added:
/// a separate folder (`Tests/`, `tests/`, `src/test/java`) or beside the code (`foo.test.ts`, `foo_test.go`,
/// Rust's `#[cfg(test)]` modules), and the name pattern (`*Tests.swift`, `test_*.py`).
public struct TestLayoutMiner: Miner {
    public static let description = MinerDescription(
        identifier: "test-layout",
        version: 3,
        name: "Test layout",
        summary: "Where tests live (a separate folder or beside the code) and how test files are named, per language.",
        languages: [.swift, .python, .javascript, .typescript, .go, .rust, .java, .kotlin, .ruby, .csharp, .php, .scala],
        examples: [
            .shows(
                "Tests/AppTests/GreeterTests.swift", "import XCTest\n@testable import App\n\nfinal class GreeterTests: XCTestCase {}\n",
                expect: [
                    .testLocation: .string("separate-folder"), .testDirs: .strings(["Tests"]),
                    .testFilePattern: .string("*Tests.swift"),
                ]),
            .contradicts(
                "src/greet.test.ts", "import { greet } from './greet'\nit('greets', () => { expect(greet('Ada')).toBe('Hello, Ada') })\n",
                expect: [.testLocation: .string("beside-source"), .testFilePattern: .string("*.test.ts")]),
            .shows(
                "tests/test_greet.py", "from app import greet\n\ndef test_greet():\n    assert greet('Ada') == 'Hello, Ada'\n",
                expect: [
                    .testLocation: .string("separate-folder"), .testDirs: .strings(["tests"]),
                    .testFilePattern: .string("test_*.py"),
                ]),
            .contradicts(
                "greet/greet_test.go", "package greet\n\nimport \"testing\"\n\nfunc TestGreet(t *testing.T) {}\n",
                expect: [.testLocation: .string("beside-source"), .testFilePattern: .string("*_test.go")]),
            .contradicts(
                "src/greet.rs", "pub fn greet() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn greets() {}\n}\n",
                expect: [.testLocation: .string("beside-source")]),
        ]
    )

    static let testFolders: Set<String> = ["test", "tests", "spec", "specs", "__tests__"]

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case location
        case pattern
        case dir
        case moduleFolders = "module_folders"
    }

    public init() {}

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let scope = file.language.rawValue
        // Rust unit tests are a module inside the file they test: a new one shows wherever it is added.
        if file.language == .rust, !Self.testFolderIndex(file.path, language: .rust).found,
            let line = file.addedLines.first(where: { $0.text.utf8.first != UInt8(ascii: "/") && $0.text.containsBytes("#[cfg(test)]") })
        {
            sink.count(Counter.location, "beside-source", scope: scope, path: file.path, line: line.number)
            sink.count(Counter.pattern, "inline", scope: scope, cite: false)
            return
        }
        guard file.status == .added, let layout = Self.layout(of: file.path, language: file.language) else { return }
        sink.count(Counter.location, layout.location, scope: scope, path: file.path)
        if let dir = layout.dir { sink.count(Counter.dir, dir, scope: scope, cite: false) }
        if let pattern = layout.pattern { sink.count(Counter.pattern, pattern, scope: scope, cite: false) }
        if let moduleFolders = layout.moduleFolders { sink.count(Counter.moduleFolders, String(moduleFolders), scope: scope, cite: false) }
    }

    struct Layout: Equatable {
        var location: String
        var dir: String?
        var pattern: String?
        /// Swift: each module's tests in their own `Tests/<Module>Tests/` folder.
        var moduleFolders: Bool?
    }

    /// Where a new file sits as a test file, or nil when it is not one.
    static func layout(of path: String, language: Language) -> Layout? {
        let components = path.split(separator: "/").map(String.init)
        guard let name = components.last else { return nil }
        let pattern = namePattern(name, language: language)
        let folder = testFolderIndex(path, language: language)
        if folder.found, language != .go || pattern != nil {
            let index = folder.index
            let dir = index >= 2 ? "**/" + components[index] : components[...index].joined(separator: "/")
            var moduleFolders: Bool?
            if language == .swift, index == 0, components.count >= 3 { moduleFolders = components[1].hasSuffix("Tests") }
            return Layout(location: "separate-folder", dir: dir, pattern: pattern, moduleFolders: moduleFolders)
        }
        guard let pattern else { return nil }
        return Layout(location: "beside-source", pattern: pattern)
    }

    /// The first folder of a path that holds tests (`tests/`, `Tests/`, Xcode's `AppTests/`).
    static func testFolderIndex(_ path: String, language: Language) -> (found: Bool, index: Int) {
        let components = path.split(separator: "/")
        for (index, component) in components.dropLast().enumerated() {
            if testFolders.contains(component.lowercased()) { return (true, index) }
            // Xcode's `AppTests/`, .NET's `Serilog.Tests/` projects and the parts of one (`Humanizer.Tests.Shared/`).
            if [.swift, .java, .kotlin, .csharp, .scala].contains(language),
                component.split(separator: ".").contains(where: { $0.hasSuffix("Tests") })
            {
                return (true, index)
            }
        }
        return (false, 0)
    }

    /// The name pattern a test file follows, or nil when its name does not say it is a test.
    static func namePattern(_ name: String, language: Language) -> String? {
        guard let dot = name.firstIndex(of: "."), dot != name.startIndex else { return nil }
        let stem = name[..<dot]
        let ext = name[name.index(after: name.lastIndex(of: ".") ?? dot)...]
        switch language {
        case .go:
            return name.hasSuffix("_test.go") ? "*_test.go" : nil
        case .python:
            if stem.hasPrefix("test_") { return "test_*.py" }
            if stem.hasSuffix("_test") { return "*_test.py" }
            return stem == "tests" ? "tests.py" : nil
        case .javascript, .typescript:
            for marker in [".test.", ".spec."] where name.containsBytes(marker) { return "*\(marker)\(ext)" }
            return nil
        case .ruby:
            if stem.hasSuffix("_spec") { return "*_spec.rb" }
            if stem.hasSuffix("_test") { return "*_test.rb" }
            return stem.hasPrefix("test_") ? "test_*.rb" : nil
        case .swift, .java, .kotlin, .csharp, .php, .scala:
            for suffix in ["Tests", "Test", "Spec", "IT"] where stem.hasSuffix(suffix) && stem.count > suffix.count {
                return "*\(suffix).\(ext)"
            }
            if stem.hasPrefix("Test"), stem.count > 4, stem.dropFirst(4).first?.isUppercase == true { return "Test*.\(ext)" }
            return nil
        case .rust:
            return nil
        default:
            return nil
        }
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), let location = stats.dominant(Counter.location),
                location.observations >= 3
            else { return nil }
            var facts: [FactKey: FactValue] = [.testLocation: .string(location.value)]
            let separateShare = stats.ranked(Counter.location).first { $0.value == "separate-folder" }?.share ?? 0
            let dirs = stats.ranked(Counter.dir).filter { $0.share >= 0.1 }.prefix(3).map(\.value)
            if separateShare >= 0.2, !dirs.isEmpty { facts[.testDirs] = .strings(Array(dirs)) }
            var patternText: String?
            var inline = false
            // Support files (helpers, fixtures, `conftest.py`) follow no pattern: a pattern only a few test files
            // follow is not the naming rule.
            if let pattern = stats.dominant(Counter.pattern), pattern.share >= 0.6, pattern.agreeing * 2 >= location.observations {
                if pattern.value == "inline" {
                    inline = true
                } else {
                    facts[.testFilePattern] = .string(pattern.value)
                    patternText = pattern.value
                }
            }
            let moduleFolders = stats.dominant(Counter.moduleFolders).map { $0.value == "true" && $0.share >= 0.8 } ?? false
            let statement = Self.statement(
                language: language, location: location, dirs: Array(dirs), pattern: patternText,
                inline: inline, moduleFolders: moduleFolders, separateShare: separateShare)
            return RuleDraft(
                topic: "layout", skill: .testing, language: language, facts: facts, share: location.share,
                support: Support(observations: location.observations, agreeing: location.agreeing, commits: stats.commits),
                statement: statement, unit: "new test files", evidence: [(key: Counter.location.rawValue, value: location.value)])
        }
    }

    static func statement(
        language: Language, location: Dominant, dirs: [String], pattern: String?, inline: Bool,
        moduleFolders: Bool, separateShare: Double
    ) -> String {
        let name = language.displayName
        let example = pattern.map { ", in files named like \(codeSpan(exampleName($0)))" } ?? ""
        let folder: String
        if moduleFolders, dirs.first == "Tests" {
            folder = "`Tests/<Module>Tests/`"
        } else {
            folder = dirs.isEmpty ? "a test folder" : dirs.map { codeSpan($0 + "/") }.joined(separator: " or ")
        }
        var text: String
        if location.value == "separate-folder" {
            text = "Put \(name) tests in \(folder)\(example)."
        } else if inline {
            text = "Put \(name) unit tests beside the code, in a `#[cfg(test)] mod tests` module of the file they test."
        } else {
            text = "Put \(name) tests beside the code they test\(example)."
        }
        if location.share < 0.8 {
            let other = location.value == "separate-folder" ? "beside the code" : "in \(folder)"
            text +=
                " Mixed: \(percent(location.share)) of new \(name) test files do, the rest sit \(other); follow the tests next to what you change."
        } else if location.value == "beside-source", separateShare >= 0.1, !dirs.isEmpty {
            text += " Tests across modules go in \(folder)."
        }
        return text
    }

    /// A file name that follows a pattern: `*Tests.swift` → `FooTests.swift`, `test_*.py` → `test_foo.py`.
    static func exampleName(_ pattern: String) -> String {
        guard let star = pattern.firstIndex(of: "*") else { return pattern }
        let after = pattern[pattern.index(after: star)...]
        let camel = after.first?.isUppercase == true || pattern.hasPrefix("Test")
        return pattern.replacingCharacters(in: star...star, with: camel ? "Foo" : "foo")
    }
}
