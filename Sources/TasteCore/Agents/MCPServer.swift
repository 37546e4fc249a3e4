import Foundation

/// A Model Context Protocol server over stdio (newline-delimited JSON-RPC 2.0) for one repository's skills.
/// It reads the store at every call, so what the daemon mined a moment ago is what the agent gets.
///
/// Hand-written rather than built on the MCP Swift SDK: the methods it serves are a few hundred lines,
/// and the SDK would add swift-nio and a branch-pinned plugin to every build.
public final class MCPServer {
    public static let protocolVersions = ["2025-06-18", "2025-03-26", "2024-11-05"]

    /// The repository's skills and versions, from the SQLite store or a fleet's PostgreSQL store.
    let reader: any SkillReader
    let repositoryPath: String
    let version: String
    private let loadRepository: () throws -> MinedRepository
    /// What `lint_patch` and `fix_patch` hold a patch to: the repository whose `.taste.toml` they read (none for a
    /// fleet's server run outside a checkout), and its skills.
    let loadLintTarget: () throws -> (repository: GitRepository?, mined: MinedRepository)

    public init(store: Store, repositoryPath: String, version: String) {
        reader = store
        self.repositoryPath = repositoryPath
        self.version = version
        loadRepository = { try MinedRepository.load(store: store, repositoryPath: repositoryPath) }
        loadLintTarget = {
            (try GitRepository(path: repositoryPath), try MinedRepository.load(store: store, repositoryPath: repositoryPath))
        }
    }

    /// Serves the skills a fleet's workers published for the registered repository `name`. A patch is linted
    /// and fixed with the `.taste.toml` of the checkout the server runs in, if it runs in one.
    public init(fleet: PostgresSkillReader, repository name: String, version: String) {
        reader = fleet
        repositoryPath = name
        self.version = version
        loadRepository = { try fleet.repository(named: name) }
        loadLintTarget = {
            var mined = try fleet.repository(named: name)
            let checkout = try? GitRepository(path: FileManager.default.currentDirectoryPath)
            if let checkout { try mined.seen(from: checkout) }
            return (checkout, mined)
        }
    }

    /// The longest request line read; a longer one is answered with an error and skipped.
    public static let maxRequestBytes = 8 << 20

    /// Serves requests from `input` until it closes, writing each reply as one line to `output`.
    public func serve(input: FileHandle = .standardInput, output: FileHandle = .standardOutput) {
        var reader = JSONLineReader(limit: Self.maxRequestBytes)
        func answer(_ line: JSONLineReader.Line) {
            let reply: Data?
            switch line {
            case .message(let data): reply = handle(data)
            case .tooLong:
                reply = encode([
                    "jsonrpc": "2.0", "id": NSNull(),
                    "error": ["code": -32600, "message": "request larger than \(Self.maxRequestBytes >> 20) MiB: not read"],
                ])
            }
            if let reply { output.write(reply + Data("\n".utf8)) }
        }
        while true {
            let chunk = input.availableData
            if chunk.isEmpty { break }
            reader.append(chunk).forEach(answer)
        }
        reader.finish().map(answer)
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
            let arguments: [String: Any]
            switch params["arguments"] {
            case nil, is NSNull: arguments = [:]
            case let object as [String: Any]: arguments = object
            default: throw RPCError(code: -32602, message: "arguments must be an object")
            }
            do {
                let output = try callTool(name, ToolArguments(arguments))
                return ["content": [["type": "text", "text": output.text]], "structuredContent": output.structured, "isError": false]
                    as [String: Any]
            } catch let error as RPCError {
                throw error
            } catch {
                // A tool's failure is a result the agent reads, not a protocol error.
                let text = (error as? LocalizedError)?.errorDescription ?? "\(error)"
                return ["content": [["type": "text", "text": text]], "isError": true] as [String: Any]
            }
        case "resources/list":
            let mined = try load()
            return ["resources": mined.skills.flatMap(Self.resources)]
        case "resources/templates/list":
            return ["resourceTemplates": Self.resourceTemplates]
        case "resources/read":
            guard let uri = params["uri"] as? String, let address = ResourceAddress(uri) else {
                throw RPCError(code: -32602, message: "unknown resource; resources/list names them")
            }
            let mined = try load()
            guard let skill = mined.skills.first(where: { $0.name == address.skill }) else {
                throw RPCError(code: -32002, message: "no skill named \(address.skill)")
            }
            let text = address.isEvidence ? try evidence(skill, mined) : try render(skill, mined)
            return ["contents": [["uri": uri, "mimeType": "text/markdown", "text": text]]]
        default:
            throw RPCError(code: -32601, message: "method not found: \(method)")
        }
    }

    // MARK: Resources

    static let skillScheme = "taste://skills/"
    static let evidenceSuffix = "/references/evidence.md"

    /// A resource URI taste serves: a skill's Markdown, or the evidence file its Markdown links to.
    struct ResourceAddress {
        var skill: String
        var isEvidence: Bool

        init?(_ uri: String) {
            guard uri.hasPrefix(MCPServer.skillScheme) else { return nil }
            var rest = String(uri.dropFirst(MCPServer.skillScheme.count))
            isEvidence = rest.hasSuffix(MCPServer.evidenceSuffix)
            if isEvidence { rest.removeLast(MCPServer.evidenceSuffix.count) }
            guard !rest.isEmpty, !rest.contains("/") else { return nil }
            skill = rest
        }
    }

    static func evidenceURI(_ skill: String) -> String { skillScheme + skill + evidenceSuffix }

    static func resources(_ skill: Skill) -> [[String: Any]] {
        [
            [
                "uri": skillScheme + skill.name, "name": skill.name, "title": skill.title,
                "description": skill.description, "mimeType": "text/markdown",
            ],
            [
                "uri": evidenceURI(skill.name), "name": "\(skill.name)-evidence", "title": "\(skill.title): evidence",
                "description": "The commits, paths and lines behind each rule of \(skill.name), quoted.", "mimeType": "text/markdown",
            ],
        ]
    }

    static var resourceTemplates: [[String: Any]] {
        [
            [
                "uriTemplate": skillScheme + "{name}", "name": "skill", "title": "A skill",
                "description": "A skill's Markdown, as exported to SKILL.md; list_skills names the skills.", "mimeType": "text/markdown",
            ],
            [
                "uriTemplate": skillScheme + "{name}" + evidenceSuffix, "name": "skill-evidence", "title": "A skill's evidence",
                "description": "The commits, paths and lines behind each rule of a skill, quoted.", "mimeType": "text/markdown",
            ],
        ]
    }

    // MARK: Rendering

    func load() throws -> MinedRepository {
        try loadRepository()
    }

    func renderer(_ mined: MinedRepository) throws -> SkillRenderer {
        try SkillRenderer(overrides: try mined.templateOverrides())
    }

    func render(_ skill: Skill, _ mined: MinedRepository) throws -> String {
        Self.linkingEvidence(try renderer(mined).render(skill, repository: mined.record.name, head: mined.head), of: skill.name)
    }

    private func evidence(_ skill: Skill, _ mined: MinedRepository) throws -> String {
        let renderer = try renderer(mined)
        return try renderer.render("evidence.md", renderer.context(for: skill, repository: mined.record.name, head: mined.head))
    }

    /// SKILL.md links its evidence relative to its folder, which an agent reading a resource does not have:
    /// the link goes to the resource that serves the same file.
    static func linkingEvidence(_ markdown: String, of skill: String) -> String {
        markdown.replacingOccurrences(of: "](references/evidence.md)", with: "](\(evidenceURI(skill)))")
    }

    func encode(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }
}
