import ArgumentParser
import TasteCore

extension TasteCommand {
    struct Miners: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "miners",
            abstract: "List the miners and the other rule sources: what each looks for, and what it reads.")

        func run() throws {
            printOut(MinerCatalogue.listing.text)
        }
    }
}
