/// The packages of a monorepo: folders below the root, one or two levels down, that hold a manifest of
/// their own (`packages/web/package.json`, `backend/pyproject.toml`). Conventions are also counted per
/// package, so that a package that keeps its own style gets rules scoped to it.
public struct FolderUnits: Sendable, Equatable {
    /// Package folders, without a trailing slash, longest first so that nested packages win.
    public let roots: [String]

    public init(roots: [String]) {
        self.roots = roots.sorted { ($0.count, $0) > ($1.count, $1) }
    }

    static let manifests: Set<String> = [
        "package.json", "pyproject.toml", "setup.py", "Cargo.toml", "go.mod", "Package.swift", "build.gradle",
        "build.gradle.kts", "pom.xml", "Gemfile", "composer.json",
    ]

    /// Folders whose children are packages, by the names monorepo tools give them.
    static let containers: Set<String> = [
        "packages", "apps", "libs", "lib", "services", "crates", "modules", "plugins", "projects",
        "extensions", "tools", "sdk", "sdks", "components", "workspaces", "sources",
    ]

    /// Folders a package is never about: examples, fixtures and documentation sites keep their own shapes.
    static let ignored: Set<String> = [
        "node_modules", "vendor", "third_party", "third-party", "examples", "example", "fixtures",
        "testdata", "test", "tests", "docs", "doc", "website", "benchmarks", "bench", ".github",
    ]

    /// The package folder of a path, if any.
    public func unit(of path: String) -> String? {
        roots.first {
            path.hasPrefix($0) && path.utf8.count > $0.utf8.count
                && path.utf8[path.utf8.index(path.utf8.startIndex, offsetBy: $0.utf8.count)] == UInt8(ascii: "/")
        }
    }

    /// Package folders at a commit: at most `limit`, so that a repository of hundreds of packages does not
    /// multiply its counts by hundreds.
    public static func find(in repository: GitRepository, at commit: String, limit: Int = 24) -> FolderUnits {
        var roots: [String] = []
        for top in repository.entries(in: "", at: commit).folders where !ignored.contains(top.lowercased()) && !top.hasPrefix(".") {
            let inside = repository.entries(in: top, at: commit)
            if inside.files.contains(where: manifests.contains) { roots.append(top) }
            guard containers.contains(top.lowercased()) else { continue }
            for child in inside.folders where !ignored.contains(child.lowercased()) && !child.hasPrefix(".") {
                let path = "\(top)/\(child)"
                if repository.entries(in: path, at: commit).files.contains(where: manifests.contains) { roots.append(path) }
            }
        }
        return FolderUnits(roots: Array(roots.sorted().prefix(limit)))
    }
}
