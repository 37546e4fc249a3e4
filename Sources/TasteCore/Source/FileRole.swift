/// What a file is for, decided once from its path: the one classifier every miner asks.
public enum FileRole: String, Sendable, CaseIterable {
    /// Code the project ships: where conventions of library code (documented APIs, no prints) apply.
    case library
    /// Tests, test helpers and test suites.
    case test
    /// Programs, scripts, examples, docs and build files: code whose job may be to print.
    case entryPoint = "entry-point"
    /// Code copied in from elsewhere that the path classifier keeps (`_vendor/`, a Python package's `packages/`).
    case vendored
    /// Written by a tool: says so in its first lines (`@generated`, `DO NOT EDIT`).
    case generated

    /// The role of a path in a language.
    public init(path: String, language: Language) {
        if Self.isVendored(path, language: language) {
            self = .vendored
        } else if Self.isTest(path, language: language) {
            self = .test
        } else if Self.isEntryPoint(path) {
            self = .entryPoint
        } else {
            self = .library
        }
    }

    /// Test code by path. Rust keeps unit tests beside the code as well: see ``SourceFile/mayHoldTests``.
    static func isTest(_ path: String, language: Language) -> Bool {
        let parts = path.lowercased().split(separator: "/")
        guard let name = parts.last else { return false }
        if parts.dropLast().contains(where: isTestFolder) { return true }
        let stem = name.split(separator: ".").first ?? name
        switch language {
        case .go:
            return name.hasSuffix("_test.go")
        case .rust:
            return false
        case .python:
            return stem.hasPrefix("test_") || stem.hasSuffix("_test") || stem == "test" || stem == "tests" || stem.hasSuffix("_tests")
                || name == "conftest.py"
        case .javascript, .typescript:
            return name.contains(".test.") || name.contains(".spec.")
        default:
            return stem.hasSuffix("tests") || stem.hasSuffix("test") || stem.hasSuffix("spec") || stem.hasPrefix("test")
                || name.contains(".test.") || name.contains(".spec.")
        }
    }

    /// `test/`, `tests/`, `spec/`, `__tests__/`, `testing/`, and folders named for tests (`NIOHTTP1Tests`, `integration_tests`).
    private static func isTestFolder(_ name: Substring) -> Bool {
        testFolders.contains(name) || name.hasSuffix("tests") || name.hasSuffix("_test") || name.hasSuffix("-test")
            || name.hasPrefix("test_") || name.hasPrefix("test-")
    }

    private static let testFolders: Set<Substring> = ["test", "tests", "spec", "specs", "__tests__", "testing", "testsuite", "e2e"]

    static let entryFolders: Set<Substring> = [
        "cmd", "bin", "scripts", "script", "examples", "example", "tools", "docs", "benchmarks", "benches", "demo", "samples",
        "Examples", "Scripts", "Benchmarks",
    ]
    static let entryStems: Set<Substring> = [
        "main", "cli", "__main__", "manage", "setup", "build", "conftest", "noxfile", "Package", "Makefile",
    ]

    static func isEntryPoint(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        guard let name = parts.last else { return false }
        if parts.dropLast().contains(where: { entryFolders.contains($0) }) { return true }
        return entryStems.contains(name.split(separator: ".").first ?? name)
    }

    /// Python packages vendored under `<package>/packages/` (requests once shipped urllib3 and chardet there),
    /// `_vendor/`, `vendored/` and `extern/`.
    static func isVendored(_ path: String, language: Language) -> Bool {
        let folders = path.split(separator: "/").dropLast()
        if folders.contains(where: { $0 == "_vendor" || $0 == "vendored" || $0 == "extern" }) { return true }
        return language == .python && folders.dropFirst().contains("packages")
    }
}
