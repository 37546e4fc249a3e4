import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Review how the skills changed: a summary, then a unified diff of the Markdown agents read.",
            discussion: """
                taste diff                    what changed since the last review (--mark records one)
                taste diff REV1 REV2          the skills as mined up to two commits
                taste diff SKILL@2 SKILL@5    two versions of one skill
                taste diff --since DATE       what changed since a date (YYYY-MM-DD)
                taste diff --store postgres://... --repo NAME
                                              the same, for a fleet's repository (revisions: this checkout's)
                """
        )

        @Argument(help: "Nothing, two revisions, or two versions as SKILL@N.")
        var targets: [String] = []

        @OptionGroup var repository: ReadRepositoryOptions

        @Option(help: "Compare with the skills as they were on this date (YYYY-MM-DD).")
        var since: String?

        @Flag(help: "Record the current skills as reviewed.")
        var mark = false

        @Flag(help: "Only the summary, no Markdown diff.")
        var stat = false

        @Flag(help: "Print the changes as JSON.")
        var json = false

        func validate() throws {
            _ = try validated { try SkillComparison(targets: targets, since: since) }
        }

        func run() throws {
            let history = try repository.source(creating: true).history(writing: mark)
            let diff = try SkillComparison(targets: targets, since: since).diff(in: history)
            printOut(json ? try diff.json() : try diff.text(color: Terminal.standardOutputHasColor, stat: stat, markHint: !mark))
            if mark {
                try history.markReviewed(diff)
                if !json { printOut("Marked as reviewed.") }
            }
        }
    }
}
