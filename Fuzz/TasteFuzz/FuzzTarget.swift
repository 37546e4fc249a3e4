import Foundation

// Internal readers are reached through testability (debug builds have it), so the fuzzer needs no seams in TasteCore.
@testable import TasteCore

/// What the fuzzer feeds bytes to: each reader of text Taste takes from a repository, an agent or a socket.
enum FuzzTarget: String, CaseIterable {
    /// The lexer and what reads its output: one language per input, chosen by the first byte.
    case lexer
    /// Configuration readers, one format each, with every style-tool reader that reads that format.
    case toml, yaml, json, ini
    /// `.editorconfig`: sections, brace expansion of their headers and the globs they become.
    case editorconfig
    /// A commit message, as the commit-message miner reads it.
    case commit
    /// A repository's override of `SKILL.md`, rendered for real skills.
    case template
    /// One line of JSON-RPC to the MCP server of a mined repository.
    case mcp
    /// One request on the daemon's control socket, and the status reply a client parses.
    case control

    func run(_ bytes: [UInt8]) {
        switch self {
        case .lexer: Self.lex(bytes)
        case .toml:
            Self.readConfig(bytes, files: { $0.hasSuffix(".toml") }) { text in
                _ = ConfigText.toml(text)
                _ = try? RepositoryConfig(toml: text)
            }
        case .yaml: Self.readConfig(bytes, files: Self.isYAML) { _ = ConfigText.yaml($0) }
        case .json:
            Self.readConfig(bytes, files: Self.isJSON) { text in
                _ = ConfigText.json(text)
                _ = ConfigText.javascriptObject(text)
            }
        case .ini: Self.readConfig(bytes, files: Self.isINI) { _ = ConfigText.ini($0) }
        case .editorconfig: Self.readEditorConfig(bytes)
        case .commit: Self.readCommit(bytes)
        case .template: Self.renderTemplate(bytes)
        case .mcp: _ = MinedFixture.shared.server.handle(Data(bytes))
        case .control: Self.readControl(bytes)
        }
    }

    // MARK: Source

    /// First byte: the language. The rest: added lines, where a line `@@` starts a new hunk (a gap in numbers).
    private static func lex(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let language = Language.allCases[Int(first) % Language.allCases.count]
        var lines: [AddedLine] = []
        var number = 1
        for raw in bytes.dropFirst().split(separator: 0x0A, omittingEmptySubsequences: false) {
            if raw.elementsEqual("@@".utf8) {
                number += 10
                continue
            }
            let crlf = raw.last == 0x0D
            lines.append(AddedLine(number: number, text: String(decoding: crlf ? raw.dropLast() : raw, as: UTF8.self), crlf: crlf))
            number += 1
        }
        let path = "Sources/fuzz" + (language.pathGlobs.first?.dropFirst(3) ?? "")
        let change = FileChange(path: path, status: .modified, language: language, addedLines: lines, finalNewline: nil)
        let file = SourceFile(change)
        for line in file.lines {
            _ = (line.maskedText, line.indent, line.width, line.isCommentOrProse, line.firstByte)
        }
        _ = file.declarations
        _ = PathClassifier.looksMinified(change)
        _ = PathClassifier.isGenerated(Data(bytes.dropFirst()), language: language)
        for miner in MinerCatalogue.all where type(of: miner).description.languages.contains(language) {
            var sink = ObservationSink(miner: miner.identifier, commit: "fuzz")
            miner.observe(file, into: &sink)
        }
    }

    // MARK: Configuration

    private static func isYAML(_ name: String) -> Bool {
        name.hasSuffix(".yml") || name.hasSuffix(".yaml") || name.hasSuffix("clang-format")
    }

    private static func isJSON(_ name: String) -> Bool {
        let bare = [".swift-format", ".prettierrc", ".eslintrc", ".commitlintrc"]
        return bare.contains(name) || [".json", ".jsonc", ".json5", "js", ".ts"].contains { name.hasSuffix($0) }
    }

    private static func isINI(_ name: String) -> Bool {
        [".flake8", "setup.cfg", "tox.ini", ".swiftformat"].contains(name)
    }

    /// The format's own reader, then every style tool's reader given the text under each of its names in that format.
    private static func readConfig(_ bytes: [UInt8], files: (String) -> Bool, parse: (String) -> Void) {
        let text = String(decoding: bytes, as: UTF8.self)
        parse(text)
        _ = StyleConfigReaders.all { name in files(name) ? text : nil }
    }

    /// The file as `.editorconfig`; also its first line as a glob, matched against each later line as a path.
    private static func readEditorConfig(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let config = EditorConfig(text)
        for language in Language.allCases { _ = config.declarations(for: language) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let pattern = lines.first else { return }
        let glob = Glob(String(pattern))
        for path in lines.dropFirst() { _ = glob.matches(String(path)) }
    }

    // MARK: Commits, templates, protocols

    private static func readCommit(_ bytes: [UInt8]) {
        let commit = CommitRecord(
            sha: String(repeating: "f", count: 40), parents: [], authorName: "Ada", authorEmail: "ada@example.com", time: 0,
            message: String(decoding: bytes, as: UTF8.self))
        for miner in MinerCatalogue.all {
            var sink = ObservationSink(miner: miner.identifier, commit: commit.sha)
            miner.observe(commit, into: &sink)
        }
    }

    private static func renderTemplate(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        // A template that includes itself, or nests a list in itself, is refused by SkillRenderer's own bounds.
        guard let renderer = try? SkillRenderer(overrides: [SkillRenderer.skillTemplate: text]) else { return }
        let fixture = MinedFixture.shared
        for skill in fixture.mined.skills {
            _ = try? renderer.render(skill, repository: fixture.mined.record.name, head: fixture.mined.head)
        }
    }

    /// The request line as the daemon reads it from a connection (a socket pair here), and the bytes as the
    /// status reply `taste daemon status` decodes.
    private static func readControl(_ bytes: [UInt8]) {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else {
            fatalError("socketpair: \(String(cString: strerror(errno)))")
        }
        defer { close(ends[0]) }
        // Inputs stay below the socket's buffer (-max_len), so the write never blocks.
        _ = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        close(ends[1])
        _ = SocketLine.read(ends[0], until: .now() + 1)
        _ = DaemonStatus(json: String(decoding: bytes, as: UTF8.self))?.summary
    }
}
