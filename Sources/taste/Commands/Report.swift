import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write one HTML page that shows how the repository's conventions moved.",
            discussion: """
                The page is self-contained (inline styles and SVG charts, no script, no network) and is read from \
                the store: each rule's adherence over the first-parent history with its versions and switches, \
                stale rules first with their counter-evidence, the commit and test-framework mixes, what changes \
                together, and the skills' diff since the last review. The daemon writes it after each pass where \
                .taste.toml names [report] out.
                """
        )

        @OptionGroup var repository: ReadRepositoryOptions

        @Option(help: "The HTML file to write.")
        var out: String = "taste-report.html"

        @Flag(help: "Open the report in the default browser once written.")
        var open = false

        func validate() throws {
            guard !out.isEmpty else { throw ValidationError("--out needs a file name") }
        }

        func run() throws {
            let html = try ReportWriter.html(history: try repository.source().history())
            let written = try ReportWriter.write(html, to: out)
            printOut("Wrote \(written) (\(html.utf8.count.formatted()) bytes).")
            if open { openInBrowser(written) }
        }

        /// `xdg-open`, or `open` on macOS; a machine with neither only hears where the file is.
        private func openInBrowser(_ path: String) {
            #if os(macOS)
            let opener = "/usr/bin/open"
            #else
            let opener = "/usr/bin/xdg-open"
            #endif
            let process = Process()
            process.executableURL = URL(fileURLWithPath: opener)
            process.arguments = [path]
            do {
                try process.run()
            } catch {
                printNote("cannot open the report (\(opener) is missing); open \(path) in a browser")
            }
        }
    }
}
