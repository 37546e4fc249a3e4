import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review how the skills changed: a summary, then a unified diff of the Markdown agents read.",
            discussion: """
                taste diff                    what changed since the last review (--mark records one)
                taste diff REV1 REV2          the skills as mined up to two commits
                taste diff SKILL@2 SKILL@5    two versions of one skill
                taste diff --since DATE       what changed since a date (YYYY-MM-DD)
                """
        )

        @Argument(help: "Nothing, two revisions, or two versions as SKILL@N.")
        var targets: [String] = []

        @OptionGroup var repository: RepositoryOptions

        @Option(help: "Compare with the skills as they were on this date (YYYY-MM-DD).")
        var since: String?

        @Flag(help: "Record the current skills as reviewed.")
        var mark = false

        @Flag(help: "Only the summary, no Markdown diff.")
        var stat = false

        @Flag(help: "Print the changes as JSON.")
        var json = false

        func validate() throws {
            guard targets.isEmpty || targets.count == 2 else { throw ValidationError("give no target, or two (REV1 REV2, or SKILL@N SKILL@M).") }
            if since != nil && !targets.isEmpty { throw ValidationError("--since compares with the current skills: give no targets with it.") }
        }

        func run() throws {
            let store = try openStore(creating: true)
            let mined = try MinedRepository.load(store: store, repositoryPath: repository.repo)
            guard let repoID = mined.record.id else { return }
            let versions = try store.allVersions(repoID: repoID)
            let review = SkillReview(renderer: try SkillRenderer(overrides: try mined.templateOverrides()), repository: mined.record.name)
            var heading: String
            var old: [String: SkillVersionRecord], new = SkillReview.current(versions)
            if targets.count == 2, let a = SkillVersion(targets[0]), let b = SkillVersion(targets[1]) {
                guard a.name == b.name else { throw TasteError.usage("compare two versions of the same skill: \(a.name) and \(b.name) differ") }
                let records = versions[a.name] ?? []
                guard !records.isEmpty else { throw TasteError.unknownSkill(a.name) }
                guard let from = records.first(where: { $0.version == a.version }), let to = records.first(where: { $0.version == b.version }) else {
                    throw TasteError.usage("\(a.name) has versions \(records.map { String($0.version) }.joined(separator: ", ")) only")
                }
                old = [a.name: from]
                new = [a.name: to]
                heading = "\(a.name)@\(a.version) → \(b.name)@\(b.version)"
            } else if targets.count == 2 {
                let git = try GitRepository(path: repository.repo)
                guard let first = try git.resolveCommit(targets[0]) else { throw TasteError.unknownRevision(targets[0]) }
                guard let second = try git.resolveCommit(targets[1]) else { throw TasteError.unknownRevision(targets[1]) }
                old = SkillReview.state(versions, asOf: first, in: git)
                new = SkillReview.state(versions, asOf: second, in: git)
                heading = "Skills as mined up to \(first.prefix(7)) and \(second.prefix(7))"
            } else if let since {
                guard let date = Self.dayFormatter.date(from: since) else { throw TasteError.usage("--since takes a date as YYYY-MM-DD, not '\(since)'") }
                old = SkillReview.state(versions, at: date)
                heading = "Skills changed since \(since)"
            } else if let last = try store.lastReview(repoID: repoID) {
                old = SkillReview.state(versions, reviewed: last.versions)
                heading = "Skills changed since the review of \(Self.day(last.date))"
            } else {
                old = [:]
                heading = "Skills changed since the first mining (no review yet)"
            }
            let changes = review.compare(old, new).filter { $0.kind != .unchanged }
            if json {
                printOut(try Self.json(changes, heading: heading))
            } else {
                printOut(render(changes, heading: heading, review: review))
            }
            if mark {
                try store.markReviewed(repoID: repoID, versions: SkillReview.current(versions).mapValues(\.version))
                if !json { printOut("Marked as reviewed.") }
            }
        }

        private func render(_ changes: [SkillChange], heading: String, review: SkillReview) -> String {
            let color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
            guard !changes.isEmpty else { return heading + ": none." }
            var lines = [heading, ""]
            for change in changes {
                let marker: String
                switch change.kind {
                case .added: marker = paint("+", "32")
                case .retired: marker = paint("-", "31")
                case .newlyStale: marker = paint("!", "33")
                default: marker = paint("~", "36")
                }
                let versions = [change.from.map { "v\($0.version)" }, change.to.map { "v\($0.version)" }].compactMap { $0 }.joined(separator: " → ")
                let status = change.kind == .newlyStale ? "stale" : change.kind == .activeAgain ? "active again" : versions
                lines.append("  \(marker) \(change.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(status.padding(toLength: 12, withPad: " ", startingAt: 0)) \(change.summary)")
            }
            if !stat {
                for change in changes {
                    let diff = review.diff(change)
                    guard !diff.isEmpty else { continue }
                    lines.append("")
                    for line in diff.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                        if line.hasPrefix("+++") || line.hasPrefix("---") { lines.append(paint(String(line), "1")) }
                        else if line.hasPrefix("@@") { lines.append(paint(String(line), "36")) }
                        else if line.hasPrefix("+") { lines.append(paint(String(line), "32")) }
                        else if line.hasPrefix("-") { lines.append(paint(String(line), "31")) }
                        else { lines.append(String(line)) }
                    }
                }
            }
            if !mark { lines += ["", "Mark this state as reviewed with: taste diff --mark"] }
            return lines.joined(separator: "\n")
        }

        static func json(_ changes: [SkillChange], heading: String) throws -> String {
            let items: [[String: Any]] = changes.map { change in
                ["skill": change.name, "change": change.kind.rawValue, "summary": change.summary,
                 "from": change.from.map { $0.version } as Any? ?? NSNull(), "to": change.to.map { $0.version } as Any? ?? NSNull()]
            }
            let data = try JSONSerialization.data(withJSONObject: ["heading": heading, "changes": items], options: [.sortedKeys, .prettyPrinted])
            return String(decoding: data, as: UTF8.self)
        }

        /// Days as the commands print and read them, in UTC.
        static var dayFormatter: DateFormatter {
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd"
            formatter.timeZone = TimeZone(identifier: "UTC")
            return formatter
        }

        static func day(_ date: Date) -> String { dayFormatter.string(from: date) }
    }
}

/// `name@3` on the command line.
struct SkillVersion {
    var name: String
    var version: Int

    init?(_ text: String) {
        guard let at = text.lastIndex(of: "@"), let number = Int(text[text.index(after: at)...]), number > 0 else { return nil }
        name = String(text[..<at])
        version = number
    }
}
