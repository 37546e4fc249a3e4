import Foundation

/// What the manifests list at one commit.
struct DependencySnapshot: Sendable {
    var sha: String
    var time: Int64
    var names: [Manifests.Ecosystem: Set<String>]
    var files: [Manifests.Ecosystem: [String]]
    /// Manifest texts, lowercased, to cite the line that lists a library (head only).
    var texts: [String: String] = [:]
}

/// The libraries a repository prefers for common jobs, from its manifests at the mined commit and one, two
/// and four years earlier: what it lists now, and what it listed before and replaced.
enum DependencyRules {
    static let lookBack: [Int64] = [1, 2, 4].map { $0 * 365 * 86_400 }
    static let singleConfidence = 0.9
    static let severalConfidence = 0.7

    static func snapshots(_ repository: GitRepository, head: String, store: any TasteStore, repoID: Int64) throws -> [DependencySnapshot] {
        guard let headTime = try? repository.commit(head).time else { return [] }
        var shas = [(head, headTime)]
        for distance in lookBack {
            if let earlier = try store.minedCommit(repoID: repoID, atOrBefore: headTime - distance), !shas.contains(where: { $0.0 == earlier.sha }) {
                shas.append(earlier)
            }
        }
        return shas.enumerated().map { index, commit in
            var texts: [String: String] = [:]
            let buildLogic = Manifests.buildLogicFolders.flatMap { folder in
                repository.entries(in: folder, at: commit.0).files.filter(Manifests.isBuildLogic).sorted().map { "\(folder)/\($0)" }
            }
            let listed = Manifests.dependencies(buildLogic: buildLogic) { path in
                guard let data = repository.fileContents(path, at: commit.0, maxBytes: 1 << 20) else { return nil }
                let text = String(decoding: data, as: UTF8.self)
                if index == 0 { texts[path] = text.lowercased() }
                return text
            }
            return DependencySnapshot(sha: commit.0, time: commit.1, names: listed.names, files: listed.files, texts: texts)
        }
    }

    /// One rule per job and ecosystem the head's manifests settle.
    static func rules(_ snapshots: [DependencySnapshot]) -> [Rule] {
        guard let head = snapshots.first else { return [] }
        let older = snapshots.dropFirst()
        var rules: [Rule] = []
        for job in LibraryJobs.all {
            for ecosystem in Manifests.Ecosystem.allCases {
                guard let known = job.libraries[ecosystem], let listed = head.names[ecosystem] else { continue }
                let present = known.filter { listed.contains($0) }
                guard !present.isEmpty else { continue }
                var replaced: [(name: String, until: Int64)] = []
                for name in known where !present.contains(name) {
                    if let last = older.first(where: { $0.names[ecosystem]?.contains(name) == true }) { replaced.append((name, last.time)) }
                }
                let newer = present.filter { name in !older.isEmpty && older.allSatisfy { $0.names[ecosystem]?.contains(name) != true } }
                var facts: [FactKey: FactValue] = [.ecosystem: .string(ecosystem.rawValue)]
                var statement: String
                if present.count == 1 {
                    facts[.library] = .string(present[0])
                    statement = "\(job.purpose), use `\(present[0])`."
                } else {
                    facts[.libraries] = .strings(present)
                    statement =
                        "\(job.purpose), the manifests list \(present.map { "`\($0)`" }.joined(separator: ", ")): use the one the code you change already uses."
                    if newer.count == 1 { statement += " `\(newer[0])` is the newer addition." }
                }
                if !replaced.isEmpty {
                    facts[.replaced] = .strings(replaced.map(\.name))
                    let moved = replaced.map { "`\($0.name)` (listed until at least \(month($0.until)))" }.joined(separator: ", ")
                    statement += " It replaced \(moved): do not bring \(replaced.count == 1 ? "it" : "them") back."
                }
                let files = head.files[ecosystem] ?? []
                let evidence = present.prefix(3).compactMap { name -> EvidenceLocation? in
                    for file in files {
                        guard let text = head.texts[file] else { continue }
                        let lines = ConfigText.lines(text)
                        let quotedName = ["\"\(name)\"", "'\(name)'", "\"\(name)@", "\"\(name)>", "\"\(name)="]
                        let cited =
                            lines.first { line in quotedName.contains { line.text.contains($0) } }
                            ?? lines.first { line in
                                let trimmed = line.text.trimmingCharacters(in: .whitespaces)
                                return [" ", "=", ".", "\t"].contains { trimmed.hasPrefix(name + $0) }
                            }
                        if let line = cited?.number {
                            return EvidenceLocation(commit: head.sha, path: file, line: line)
                        }
                    }
                    return files.first.map { EvidenceLocation(commit: head.sha, path: $0, line: nil) }
                }
                let listing = snapshots.filter { snapshot in present.contains { snapshot.names[ecosystem]?.contains($0) == true } }.count
                rules.append(
                    Rule(
                        id: "dependencies/\(ecosystem.rawValue)-\(job.id)", scope: RuleScope(language: nil), facts: [String: FactValue](facts: facts),
                        source: "declared",
                        confidence: present.count == 1 ? singleConfidence : severalConfidence,
                        support: Support(observations: snapshots.count, agreeing: listing, commits: 0), evidence: evidence,
                        statement: statement, unit: "manifests", share: Double(listing) / Double(snapshots.count), stale: nil))
            }
        }
        return rules
    }

    /// A mined rule that names a library (a test framework, an assertion library) is stale once the library
    /// has left the manifests that listed it: the code may still show it, but the repository no longer depends on it.
    static func flagLeavers(_ grouped: inout [SkillKind: [Rule]], snapshots: [DependencySnapshot]) {
        guard let head = snapshots.first, snapshots.count > 1 else { return }
        for kind in grouped.keys {
            grouped[kind] = grouped[kind]?.map { rule in
                var rule = rule
                guard rule.stale == nil else { return rule }
                for fact in [FactKey.testFramework, .assertionLibrary] {
                    guard case .string(let value)? = rule.facts[fact], let (ecosystem, packages) = LibraryJobs.packagesForFact[value],
                        let files = head.files[ecosystem], !files.isEmpty,
                        !packages.contains(where: { head.names[ecosystem]?.contains($0) == true }),
                        let before = snapshots.dropFirst().first(where: { snapshot in
                            packages.contains { snapshot.names[ecosystem]?.contains($0) == true }
                        })
                    else { continue }
                    rule.stale = Drift(
                        reason:
                            "`\(packages[0])` left the manifests (\(files.map(codeSpan).joined(separator: ", "))): listed at \(before.sha.prefix(10)) (\(month(before.time))), not at \(head.sha.prefix(10)).",
                        observed: [:], counterEvidence: files.map { EvidenceLocation(commit: head.sha, path: $0, line: nil) })
                    break
                }
                return rule
            }
        }
    }

    static func month(_ time: Int64) -> String {
        let components = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(identifier: "UTC") ?? .current,
            from: Date(timeIntervalSince1970: TimeInterval(time)))
        return String(format: "%04d-%02d", components.year ?? 1970, components.month ?? 1)
    }
}
