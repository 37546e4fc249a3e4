import Foundation

/// A Model Context Protocol server over stdio (newline-delimited JSON-RPC 2.0) for one repository's skills.
/// It reads the store at every call, so what the daemon mined a moment ago is what the agent gets.
///
/// Hand-written rather than built on the MCP Swift SDK: the five methods it serves are a few hundred lines,
/// and the SDK would add swift-nio and a branch-pinned plugin to every build.
public final class MCPServer {
    public static let protocolVersions = ["2025-06-18", "2025-03-26", "2024-11-05"]

    let store: Store
    let repositoryPath: String
    let version: String

    public init(store: Store, repositoryPath: String, version: String) {
        self.store = store
        self.repositoryPath = repositoryPath
        self.version = version
    }

    /// Serves requests from `input` until it closes, writing each reply as one line to `output`.
    public func serve(input: FileHandle = .standardInput, output: FileHandle = .standardOutput) {
        var buffer = Data()
        while true {
            let chunk = input.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[buffer.index(after: newline)...])
                if let reply = handle(Data(line)) { output.write(reply + Data("\n".utf8)) }
            }
        }
        if !buffer.isEmpty, let reply = handle(buffer) { output.write(reply + Data("\n".utf8)) }
    }

    /// One JSON-RPC message in, its reply out (nil for notifications).
    public func handle(_ line: Data) -> Data? {
        guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { return nil }
        guard let parsed = try? JSONSerialization.jsonObject(with: line, options: [.fragmentsAllowed]) else {
            return encode(["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32700, "message": "parse error"]])
        }
        guard let message = parsed as? [String: Any] else {
            return encode(["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32600, "message": "invalid request: not an object"]])
        }
        let id = message["id"]
        guard let method = message["method"] as? String else {
            return id == nil ? nil : encode(["jsonrpc": "2.0", "id": id ?? NSNull(), "error": ["code": -32600, "message": "invalid request"]])
        }
        let params = message["params"] as? [String: Any] ?? [:]
        guard let id else { return nil }  // a notification (notifications/initialized, cancelled…)
        do {
            let result = try respond(method, params)
            return encode(["jsonrpc": "2.0", "id": id, "result": result])
        } catch let error as RPCError {
            return encode(["jsonrpc": "2.0", "id": id, "error": ["code": error.code, "message": error.message]])
        } catch {
            return encode(["jsonrpc": "2.0", "id": id, "error": ["code": -32603, "message": "\(error)"]])
        }
    }

    struct RPCError: Error {
        var code: Int
        var message: String
    }

    private func respond(_ method: String, _ params: [String: Any]) throws -> Any {
        switch method {
        case "initialize":
            let asked = params["protocolVersion"] as? String ?? Self.protocolVersions[0]
            return [
                "protocolVersion": Self.protocolVersions.contains(asked) ? asked : Self.protocolVersions[0],
                "capabilities": ["tools": ["listChanged": false], "resources": ["listChanged": false, "subscribe": false]],
                "serverInfo": ["name": "taste", "version": version],
                "instructions": "Conventions mined from this repository's merged history. Call skills_for_path before editing a file.",
            ] as [String: Any]
        case "ping":
            return [String: Any]()
        case "tools/list":
            return ["tools": Self.tools]
        case "tools/call":
            guard let name = params["name"] as? String else { throw RPCError(code: -32602, message: "tools/call needs a tool name") }
            let arguments = params["arguments"] as? [String: Any] ?? [:]
            do {
                return ["content": [["type": "text", "text": try callTool(name, arguments)]], "isError": false] as [String: Any]
            } catch let error as RPCError {
                throw error
            } catch {
                // A tool's failure is a result the agent reads, not a protocol error.
                let text = (error as? LocalizedError)?.errorDescription ?? "\(error)"
                return ["content": [["type": "text", "text": text]], "isError": true] as [String: Any]
            }
        case "resources/list":
            let mined = try load()
            return [
                "resources": mined.skills.map { skill in
                    [
                        "uri": "taste://skills/\(skill.name)", "name": skill.name, "title": skill.title,
                        "description": skill.description, "mimeType": "text/markdown",
                    ]
                }
            ]
        case "resources/read":
            guard let uri = params["uri"] as? String, uri.hasPrefix("taste://skills/") else {
                throw RPCError(code: -32602, message: "unknown resource; resources/list names them")
            }
            let name = String(uri.dropFirst("taste://skills/".count))
            let mined = try load()
            guard let skill = mined.skills.first(where: { $0.name == name }) else {
                throw RPCError(code: -32002, message: "no skill named \(name)")
            }
            return ["contents": [["uri": uri, "mimeType": "text/markdown", "text": try render(skill, mined)]]]
        default:
            throw RPCError(code: -32601, message: "method not found: \(method)")
        }
    }

    static var tools: [[String: Any]] {
        [
            [
                "name": "list_skills",
                "description": "List this repository's skills (conventions mined from its merged history): name, version, status and rules.",
                "inputSchema": ["type": "object", "properties": [String: Any]()],
            ],
            [
                "name": "get_skill",
                "description": "The Markdown of a skill: its current version, or an older one.",
                "inputSchema": [
                    "type": "object", "required": ["name"],
                    "properties": [
                        "name": ["type": "string", "description": "The skill's name, as list_skills gives it."],
                        "version": ["type": "integer", "description": "A version number; default: the current one."],
                    ],
                ],
            ],
            [
                "name": "skills_for_path",
                "description": "The rules that apply to one file (by language and path), as Markdown. Call it before writing or editing the file.",
                "inputSchema": [
                    "type": "object", "required": ["path"],
                    "properties": ["path": ["type": "string", "description": "The file's path in the repository; it need not exist yet."]],
                ],
            ],
            [
                "name": "skill_diff",
                "description": "A unified diff between two versions of a skill's Markdown.",
                "inputSchema": [
                    "type": "object", "required": ["name", "from"],
                    "properties": [
                        "name": ["type": "string"],
                        "from": ["type": "integer", "description": "The older version."],
                        "to": ["type": "integer", "description": "The newer version; default: the current one."],
                    ],
                ],
            ],
        ]
    }

    private func load() throws -> MinedRepository {
        try MinedRepository.load(store: store, repositoryPath: repositoryPath)
    }

    private func renderer(_ mined: MinedRepository) throws -> SkillRenderer {
        try SkillRenderer(overrides: try mined.templateOverrides())
    }

    private func render(_ skill: Skill, _ mined: MinedRepository) throws -> String {
        try renderer(mined).render(skill, repository: mined.record.name, head: mined.head)
    }

    private func callTool(_ name: String, _ arguments: [String: Any]) throws -> String {
        let mined = try load()
        switch name {
        case "list_skills":
            let lines = mined.skills.map { skill in
                "- \(skill.name) v\(skill.version) [\(skill.status.rawValue)]: \(skill.description)\n"
                    + skill.rules.map { "  - \($0.statement)" }.joined(separator: "\n")
            }
            return "Skills of \(codeSpan(mined.record.name)) mined up to \(mined.head.prefix(10)):\n\n" + lines.joined(separator: "\n")
        case "get_skill":
            let skillName = try string(arguments, "name")
            if let version = arguments["version"] as? Int {
                return try renderVersion(skillName, version, mined)
            }
            return try render(try mined.skill(named: skillName), mined)
        case "skills_for_path":
            let path = try string(arguments, "path")
            let skills = mined.skills(forPath: path, language: nil)
            guard !skills.isEmpty else { return "No mined rule applies to \(path)." }
            let renderer = try renderer(mined)
            return try skills.map { try renderer.render($0, repository: mined.record.name, head: mined.head) }.joined(separator: "\n")
        case "skill_diff":
            let skillName = try string(arguments, "name")
            guard let from = arguments["from"] as? Int else { throw RPCError(code: -32602, message: "skill_diff needs 'from'") }
            let versions = try store.versions(repoID: mined.record.id ?? -1, skill: skillName)
            guard let latest = versions.last?.version else { throw TasteError.unknownSkill(skillName) }
            let to = arguments["to"] as? Int ?? latest
            let diff = LineDiff.unified(
                try renderVersion(skillName, from, mined), try renderVersion(skillName, to, mined),
                oldLabel: "\(skillName)@\(from)", newLabel: "\(skillName)@\(to)")
            return diff.isEmpty ? "\(skillName)@\(from) and \(skillName)@\(to) read the same." : diff
        default:
            throw RPCError(code: -32602, message: "unknown tool: \(name)")
        }
    }

    private func renderVersion(_ name: String, _ version: Int, _ mined: MinedRepository) throws -> String {
        let versions = try store.versions(repoID: mined.record.id ?? -1, skill: name)
        guard let record = versions.first(where: { $0.version == version }) else {
            throw TasteError.usage("\(name) has no version \(version) (versions: \(versions.map { String($0.version) }.joined(separator: ", ")))")
        }
        return try renderer(mined).render(record.skill, repository: mined.record.name, head: record.minedThrough)
    }

    private func string(_ arguments: [String: Any], _ key: String) throws -> String {
        guard let value = arguments[key] as? String, !value.isEmpty else {
            throw RPCError(code: -32602, message: "missing argument '\(key)'")
        }
        return value
    }

    private func encode(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
