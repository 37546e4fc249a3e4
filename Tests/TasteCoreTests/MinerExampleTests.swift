import XCTest

@testable import TasteCore

/// Every miner runs over its own examples: the description that documents a miner is also its test data,
/// so adding a miner is adding one file.
final class MinerExampleTests: XCTestCase {
    static let commitsPerExample = 10

    func testEveryMinerFindsWhatItsExamplesExpect() throws {
        for miner in MinerCatalogue.all {
            let description = type(of: miner).description
            XCTAssertFalse(description.examples.isEmpty, "\(description.identifier) has no examples")
            XCTAssertTrue(description.examples.contains { $0.kind == .shows }, "\(description.identifier) shows no example")
            for (index, example) in description.examples.enumerated() {
                let label = "\(description.identifier) example \(index + 1) (\(example.kind.rawValue) \(example.path))"
                XCTAssertFalse(example.expected.isEmpty, "\(label) expects nothing")
                let facts = try Self.facts(miner, example, label: label)
                for (key, value) in example.expected.sorted(by: { $0.key < $1.key }) {
                    XCTAssertEqual(facts[key], value, "\(label): fact \(key); found \(facts)")
                }
            }
        }
    }

    func testEveryMinerHasAUniqueIdentifierAndReadsKnownLanguages() {
        let identifiers = MinerCatalogue.all.map(\.identifier)
        XCTAssertEqual(Set(identifiers).count, identifiers.count, "identifiers: \(identifiers)")
        for miner in MinerCatalogue.all {
            let description = type(of: miner).description
            for example in description.examples where example.messages.isEmpty && example.touched.isEmpty {
                let language = Language(path: example.path)
                XCTAssertNotNil(language, "\(description.identifier): \(example.path) has no language")
                if let language {
                    XCTAssertTrue(description.languages.contains(language), "\(description.identifier) does not read \(example.path)")
                }
            }
        }
    }

    /// The facts a miner's rules state when the example is all that ten commits added.
    static func facts(_ miner: any Miner, _ example: MinerExample, label: String) throws -> [String: FactValue] {
        var files: [FileChange] = []
        if !example.code.isEmpty {
            let language = try XCTUnwrap(Language(path: example.path), "\(label): no language for \(example.path)")
            files.append(fileChange(example.code, path: example.path, language: language))
        }
        var counts: [TallyKey: Int] = [:]
        var commitsPerKey: [TallyKey: Int] = [:]
        for commit in 0..<commitsPerExample {
            let sha = String(repeating: String(commit), count: 40)
            var sink = ObservationSink(miner: miner.identifier, commit: sha)
            for file in files { miner.observe(SourceFile(file), into: &sink) }
            let touched = example.touched.isEmpty ? files.map(\.path) : example.touched[commit % example.touched.count]
            let mainline = CommitRecord(
                sha: sha, parents: ["p"], authorName: "Ada", authorEmail: "ada@example.com",
                time: 1_600_000_000 + Int64(commit), message: example.messages.first ?? "")
            miner.observe(touched: touched, of: mainline, into: &sink)
            for (offset, message) in example.messages.enumerated() {
                let record = CommitRecord(
                    sha: "\(sha.prefix(38))\(offset % 10)\(offset / 10)", parents: ["p"], authorName: "Ada",
                    authorEmail: "ada@example.com", time: 1_600_000_000 + Int64(commit), message: message)
                sink.commit = record.sha
                miner.observe(record, into: &sink)
            }
            for (key, count) in sink.counts {
                XCTAssertEqual(key.miner, miner.identifier)
                counts[key, default: 0] += count
                commitsPerKey[key, default: 0] += 1
            }
        }
        var tallies = MinerTallies()
        for (key, count) in counts {
            tallies.scopes[key.scope, default: ScopeTallies()].values[key.key, default: [:]][key.value] =
                TallyStat(weight: Double(count), count: count, commits: commitsPerKey[key] ?? 0)
            tallies.scopes[key.scope, default: ScopeTallies()].commits = commitsPerExample
        }
        var facts: [String: FactValue] = [:]
        for draft in miner.rules(from: tallies) {
            for (key, value) in draft.facts {
                XCTAssertNil(facts[key], "\(label): two rules state \(key)")
                facts[key] = value
            }
        }
        return facts
    }

    /// A new file holding `code`, its lines numbered from 1.
    static func fileChange(_ code: String, path: String, language: Language) -> FileChange {
        SourceFile(path: path, language: language, code: code).change
    }
}
