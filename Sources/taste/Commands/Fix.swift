import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand {
    struct Fix: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fix",
            abstract: "Repair what taste lint reports on indentation, whitespace, line endings, quotes, semicolons and blank lines.",
            discussion: """
                taste fix                     the work tree's added lines, rewritten in place
                taste fix --dry-run           print the repair as a diff that git apply takes
                taste fix --staged            the staged lines, fixed in the work tree: git add them again
                git diff | taste fix --patch -    print the patch with its added lines repaired
                taste fix --store postgres://... --repo NAME
                                              this checkout's change, under a fleet's published skills

                The same rules as taste lint report, and the same silencing. A file is left alone where the \
                work tree does not hold what was read (--staged: unstaged changes; --diff: another version), \
                and so is one Taste cannot lex with confidence. Exit status: 0 nothing to fix or fixed, 1 with \
                --dry-run when there is something to fix, 2 usage or repository error, or a file not written.
                """
        )

        @Argument(help: "Only these files or folders.")
        var paths: [String] = []

        @OptionGroup var repository: ReadRepositoryOptions

        @Flag(help: "Fix the staged lines (in the work tree, which must match the index).")
        var staged = false

        @Option(name: .customLong("diff"), help: ArgumentHelp("Fix what commits add: REV..REV, or REV for REV..HEAD.", valueName: "rev"))
        var range: String?

        @Option(help: ArgumentHelp("Repair a unified diff read from a file, or from standard input with '-'.", valueName: "file"))
        var patch: String?

        @Flag(help: "Print the repair as a unified diff; change nothing.")
        var dryRun = false

        @Flag(help: "Fix every line of the changed files, not only the added ones.")
        var allLines = false

        @Option(help: "text or json.")
        var format: String = "text"

        @Option(help: "The confidence a rule needs to be applied (0 to 1).")
        var minConfidence: Double = Linter.defaultMinimumConfidence

        func run() throws {
            do {
                guard format == "text" || format == "json" else { throw TasteError.usage("--format takes text or json, not '\(format)'") }
                guard (0...1).contains(minConfidence) else { throw TasteError.usage("--min-confidence takes a number from 0 to 1") }
                let (source, patchText) = try self.source()
                let fixer = Fixer(minimumConfidence: minConfidence, allLines: allLines)
                let result = try fixer.fix(source, paths: paths, from: try repository.source())
                var failures: [Fixer.Note] = []
                var written: [String] = []
                if patchText == nil, !dryRun, !result.files.isEmpty {
                    guard let work = try GitRepository(path: repository.checkoutPath).workDirectory else {
                        throw TasteError.usage("a bare repository has no work tree to fix")
                    }
                    failures = Fixer.write(result.files, in: work)
                    written = result.files.map(\.path).filter { path in !failures.contains { $0.path == path } }
                }
                let report = FixReport(result, failures: failures)
                try print(report, patch: patchText, written: written)
                // What was written stays written; each file that was not is one line, and the exit says so.
                for failure in failures {
                    FileHandle.standardError.write(
                        Data("taste: not written: \(failure.path.replacingOccurrences(of: "\n", with: "\\n")): \(failure.reason)\n".utf8))
                }
                if !failures.isEmpty { throw ExitCode(2) }
                if dryRun, !result.changes.isEmpty { throw ExitCode(1) }
            } catch let code as ExitCode {
                throw code
            } catch {
                TasteCommand.fail((error as? LocalizedError)?.errorDescription ?? "\(error)", status: 2)
            }
        }

        /// A diff or a patch goes to standard output, alone, so that it can be piped on; what was done goes to
        /// standard error then, and to standard output otherwise.
        private func print(_ report: FixReport, patch: String?, written: [String]) throws {
            let output: String
            var notes = ""
            if format == "json" {
                output = try report.json(patch: patch.map(report.repaired), diff: dryRun && patch == nil ? report.diff : nil)
            } else if let patch {
                output = report.repaired(patch)
                notes = report.text(applied: false)
            } else if dryRun {
                output = report.diff
                notes = report.text(applied: false)
            } else {
                output = report.text(applied: true)
                if staged, !written.isEmpty {
                    let names = written.map { $0.contains(" ") || $0.contains("$") ? "'\($0)'" : $0 }.joined(separator: " ")
                    notes = "Fixed in the work tree only; the index still holds the old lines: git add \(names)\n"
                }
            }
            FileHandle.standardOutput.write(Data(output.utf8))
            FileHandle.standardError.write(Data(notes.utf8))
        }

        private func source() throws -> (ChangeSource, String?) {
            guard [staged, range != nil, patch != nil].filter({ $0 }).count <= 1 else {
                throw TasteError.usage("--staged, --diff and --patch name the change in different ways: give one")
            }
            if staged { return (.range(.staged), nil) }
            if let range { return (try ChangeSource.diff(range, in: try GitRepository(path: repository.checkoutPath)), nil) }
            if let patch {
                let data = patch == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: patch)
                guard let data else { throw TasteError.usage("cannot read the patch file \(patch)") }
                let text = String(decoding: data, as: UTF8.self)
                return (.patch(text), text)
            }
            return (.range(.workTree), nil)
        }
    }
}
