import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Miners: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the miners: what each looks for, and in which languages.")

        func run() throws {
            var lines: [String] = []
            for miner in MinerCatalogue.all {
                let description = type(of: miner).description
                let languages = description.languages.isEmpty ? "commit messages" : description.languages.map(\.rawValue).joined(separator: ", ")
                lines.append("\(description.identifier): \(description.summary)\n    reads: \(languages)")
            }
            printOut(lines.joined(separator: "\n"))
        }
    }
}
