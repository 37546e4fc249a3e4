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
    /// Runs on every changed path, so it reads the path's bytes without allocating.
    static func isTest(_ path: String, language: Language) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            let parts = PathParts(bytes)
            for folder in parts.folders where isTestFolder(folder) { return true }
            let name = parts.name, stem = parts.stem
            switch language {
            case .go:
                return name.hasSuffix("_test.go")
            case .rust:
                return false
            case .python:
                return stem.hasPrefix("test_") || stem.hasSuffix("_test") || stem.equals("test") || stem.equals("tests")
                    || stem.hasSuffix("_tests") || name.equals("conftest.py")
            case .javascript, .typescript:
                return name.contains(".test.") || name.contains(".spec.")
            default:
                return stem.hasSuffix("tests") || stem.hasSuffix("test") || stem.hasSuffix("spec") || stem.hasPrefix("test")
                    || name.contains(".test.") || name.contains(".spec.")
            }
        }
    }

    /// `test/`, `tests/`, `spec/`, `__tests__/`, `testing/`, and folders named for tests (`NIOHTTP1Tests`, `integration_tests`,
    /// and .NET's projects of tests and their parts, `Humanizer.Tests.Shared`, as ``TestLayoutMiner`` reads them).
    private static func isTestFolder(_ name: PathParts.Part) -> Bool {
        testFolders.contains(where: { name.equals($0) }) || name.hasSuffix("tests") || name.hasSuffix("_test")
            || name.hasSuffix("-test") || name.hasPrefix("test_") || name.hasPrefix("test-") || name.contains("tests.")
    }

    private static let testFolders = ["test", "tests", "spec", "specs", "__tests__", "testing", "testsuite", "e2e"]

    static let entryFolders = [
        "cmd", "bin", "scripts", "script", "examples", "example", "tools", "docs", "benchmarks", "benches", "demo", "samples",
        "Examples", "Scripts", "Benchmarks",
    ]
    static let entryStems = ["main", "cli", "__main__", "manage", "setup", "build", "conftest", "noxfile", "Package", "Makefile"]

    static func isEntryPoint(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            let parts = PathParts(bytes)
            if parts.folders.contains(where: { folder in entryFolders.contains { folder.equalsExactly($0) } }) { return true }
            return entryStems.contains { parts.stem.equalsExactly($0) }
        }
    }

    /// Python packages vendored under `<package>/packages/` (requests once shipped urllib3 and chardet there),
    /// `_vendor/`, `vendored/` and `extern/`.
    static func isVendored(_ path: String, language: Language) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            let folders = PathParts(bytes).folders
            if folders.contains(where: { $0.equalsExactly("_vendor") || $0.equalsExactly("vendored") || $0.equalsExactly("extern") }) {
                return true
            }
            return language == .python && folders.dropFirst().contains { $0.equalsExactly("packages") }
        }
    }
}

/// A path's folders, file name and stem (the name up to its first dot) as views of its bytes. Comparisons
/// ignore ASCII case unless they say otherwise.
struct PathParts {
    struct Part {
        let bytes: Slice<UnsafeBufferPointer<UInt8>>

        @inline(__always)
        private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

        private func matches(_ text: String, at start: Int) -> Bool {
            var index = start
            for byte in text.utf8 {
                guard index < bytes.endIndex, Self.lower(bytes[index]) == byte else { return false }
                index += 1
            }
            return true
        }

        func equals(_ text: String) -> Bool { bytes.count == text.utf8.count && matches(text, at: bytes.startIndex) }
        func hasPrefix(_ text: String) -> Bool { bytes.count >= text.utf8.count && matches(text, at: bytes.startIndex) }
        func hasSuffix(_ text: String) -> Bool {
            bytes.count >= text.utf8.count && matches(text, at: bytes.endIndex - text.utf8.count)
        }
        func contains(_ text: String) -> Bool {
            let count = text.utf8.count
            guard bytes.count >= count else { return false }
            return (bytes.startIndex...(bytes.endIndex - count)).contains { matches(text, at: $0) }
        }
        /// Byte for byte, case included.
        func equalsExactly(_ text: String) -> Bool { bytes.elementsEqual(text.utf8) }
    }

    let folders: [Part]
    let name: Part
    let stem: Part

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var folders: [Part] = []
        var start = 0
        for index in 0..<bytes.count where bytes[index] == 0x2F {
            if index > start { folders.append(Part(bytes: bytes[start..<index])) }
            start = index + 1
        }
        self.folders = folders
        name = Part(bytes: bytes[start..<bytes.count])
        // The first part of the name between dots, as `split(separator: ".")` gives it (`.eslintrc.js` → `eslintrc`).
        var stemStart = start
        while stemStart < bytes.count, bytes[stemStart] == 0x2E { stemStart += 1 }
        if stemStart == bytes.count { stemStart = start }
        let dot = bytes[stemStart..<bytes.count].firstIndex(of: 0x2E) ?? bytes.count
        stem = Part(bytes: bytes[stemStart..<dot])
    }
}
