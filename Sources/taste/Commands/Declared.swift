import ArgumentParser
import Foundation
import TasteCore

extension TasteCommand {
    struct Declared: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print what the repository's style configuration files declare at HEAD, per language.",
            discussion: "Reads .editorconfig, formatter, linter and commitlint files as mining does; nothing is stored.")

        @OptionGroup var repository: RepositoryOptions

        @Flag(help: "Print JSON: a list of {language, fact, value, file, line, setting, tool}.")
        var json = false

        func run() throws {
            let found = try DeclaredStyle.declarations(inRepositoryAt: repository.repo)
            if json {
                let items = found.map { item -> [String: Any] in
                    var object: [String: Any] = ["language": item.language.isEmpty ? NSNull() : item.language, "fact": item.declaration.fact,
                                                 "file": item.declaration.file, "setting": item.declaration.setting,
                                                 "tool": item.declaration.tool.rawValue]
                    switch item.declaration.value {
                    case .int(let value): object["value"] = value
                    case .bool(let value): object["value"] = value
                    case .string(let value): object["value"] = value
                    case .strings(let value): object["value"] = value
                    case .null: object["value"] = NSNull()
                    }
                    if let line = item.declaration.line { object["line"] = line }
                    return object
                }
                let data = try JSONSerialization.data(withJSONObject: items, options: [.sortedKeys])
                printOut(String(decoding: data, as: UTF8.self))
                return
            }
            guard !found.isEmpty else { return printOut("No style configuration declares anything here.") }
            printOut(found.map { item in
                "\(item.language.isEmpty ? "commits" : item.language): \(item.declaration.fact) = \(item.declaration.value) "
                    + "(\(item.declaration.file): \(item.declaration.setting)\(item.declaration.line.map { ", line \($0)" } ?? ""))"
            }.joined(separator: "\n"))
        }
    }
}
