import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand {
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check the lines a change adds against the conventions mined from the repository.",
            discussion: """
                taste lint                    the work tree (new files too) against HEAD
                taste lint --staged           what the next commit would record
                taste lint --diff main        what HEAD adds since main; A..B for two commits
                git diff | taste lint --patch -
                taste lint --store postgres://... --repo NAME
                                              this folder's change against a fleet's published skills

                Only active rules at or above --min-confidence report. A 'taste-ignore' comment \
                ('taste-ignore: RULE' for one rule) on a line, or alone on the line above, silences it; \
                .taste.toml's [lint.ignore] silences a rule by path. Exit status: 0 clean, 1 findings at or \
                above --fail-level, 2 usage or repository error.
                """
        )

        @Argument(help: "Only these files or folders.")
        var paths: [String] = []

        @OptionGroup var repository: ReadRepositoryOptions

        @Flag(help: "Check the index against HEAD.")
        var staged = false

        @Option(name: .customLong("diff"), help: ArgumentHelp("Check what commits add: REV..REV, or REV for REV..HEAD.", valueName: "rev"))
        var range: String?

        @Option(help: ArgumentHelp("Check a unified diff read from a file, or from standard input with '-'.", valueName: "file"))
        var patch: String?

        @Flag(help: "Check every line of the changed files, not only the added ones.")
        var allLines = false

        @Option(help: "text, json, sarif or github (workflow annotations).")
        var format: String = "text"

        @Option(help: "The confidence a rule needs to report (0 to 1).")
        var minConfidence: Double = Linter.defaultMinimumConfidence

        @Option(help: "The least severity that fails: error, warning or note.")
        var failLevel: String = "warning"

        func run() throws {
            do {
                let format = try parsedFormat()
                let failLevel = try parsedFailLevel()
                guard (0...1).contains(minConfidence) else { throw TasteError.usage("--min-confidence takes a number from 0 to 1") }
                let linter = Linter(minimumConfidence: minConfidence, allLines: allLines)
                let result = try linter.lint(try source(), paths: paths, from: try repository.source())
                let output = try LintReport(result).render(format, color: format == .text && Terminal.standardOutputHasColor)
                FileHandle.standardOutput.write(Data(output.utf8))
                if result.findings.contains(where: { $0.severity >= failLevel }) { throw ExitCode(1) }
            } catch let code as ExitCode {
                throw code
            } catch {
                // Exit 2, as linters do, so that 1 always means findings.
                TasteCommand.fail((error as? LocalizedError)?.errorDescription ?? "\(error)", status: 2)
            }
        }

        private func parsedFormat() throws -> LintFormat {
            guard let format = LintFormat(rawValue: format) else {
                throw TasteError.usage("--format takes \(LintFormat.allCases.map(\.rawValue).joined(separator: ", ")), not '\(format)'")
            }
            return format
        }

        private func parsedFailLevel() throws -> Severity {
            guard let level = Severity(rawValue: failLevel) else {
                throw TasteError.usage("--fail-level takes error, warning or note, not '\(failLevel)'")
            }
            return level
        }

        private func source() throws -> ChangeSource {
            guard [staged, range != nil, patch != nil].filter({ $0 }).count <= 1 else {
                throw TasteError.usage("--staged, --diff and --patch name the change in different ways: give one")
            }
            if staged { return .range(.staged) }
            if let range { return try ChangeSource.diff(range, in: try GitRepository(path: repository.checkoutPath)) }
            if let patch {
                let data = patch == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: patch)
                guard let data else { throw TasteError.usage("cannot read the patch file \(patch)") }
                return .patch(String(decoding: data, as: UTF8.self))
            }
            return .range(.workTree)
        }
    }
}
