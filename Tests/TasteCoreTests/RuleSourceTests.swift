import XCTest

@testable import TasteCore

/// Declared configuration and dependencies are rule sources: listed with what they read, applied after the miners.
final class RuleSourceTests: XCTestCase {
    func testSourcesApplyInAFixedOrderAfterTheMiners() {
        XCTAssertEqual(RuleSourceCatalogue.all.map(\.identifier), ["declared-config", "dependencies"])
        let identifiers = MinerCatalogue.all.map(\.identifier) + RuleSourceCatalogue.all.map(\.identifier)
        XCTAssertEqual(Set(identifiers).count, identifiers.count, "a source's identifier is no miner's")
    }

    func testDeclaredConfigurationReadsEveryFileItsReadersKnow() {
        let files = DeclaredConfiguration.description.reads
        XCTAssertEqual(files.first, ".editorconfig")
        for file in StyleConfigReaders.prettierFiles + StyleConfigReaders.eslintFiles + [
            "rustfmt.toml", ".clang-format", "pyproject.toml", "package.json",
        ] {
            XCTAssertTrue(files.contains(file), "\(file) missing from \(files)")
        }
        XCTAssertEqual(Set(files).count, files.count, "each file once")
    }

    func testDependenciesReadTheManifests() {
        let reads = DependencyManifests.description.reads
        XCTAssertEqual(Array(reads.prefix(Manifests.files.count)), Manifests.files.map(\.path))
        XCTAssertEqual(Array(reads.dropFirst(Manifests.files.count)), ["buildSrc/src/main/kotlin/*", "buildSrc/src/main/java/*"])
    }

    func testListingNamesMinersThenSources() {
        let listing = MinerCatalogue.listing
        XCTAssertEqual(listing.miners.map(\.identifier), MinerCatalogue.all.map(\.identifier))
        XCTAssertEqual(listing.sources.map(\.identifier), RuleSourceCatalogue.all.map(\.identifier))
        let lines = listing.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines.contains("commit-message: " + CommitMessageMiner.description.summary), listing.text)
        XCTAssertTrue(lines.contains("    reads: commit messages"), listing.text)
        let heading = try? XCTUnwrap(lines.firstIndex(of: "Rule sources, applied after the miners in this order:"))
        let declared = lines.firstIndex { $0.hasPrefix("declared-config: ") }
        let dependencies = lines.firstIndex { $0.hasPrefix("dependencies: ") }
        XCTAssertNotNil(heading)
        XCTAssertLessThan(heading ?? .max, declared ?? -1)
        XCTAssertLessThan(declared ?? .max, dependencies ?? -1)
        XCTAssertTrue(lines.contains("    reads: " + DependencyManifests.description.reads.joined(separator: ", ")), listing.text)
    }
}
