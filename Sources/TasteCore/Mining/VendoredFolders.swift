/// Folders of code copied in from another project that no folder name or `.gitattributes` line gives away
/// (swift-nio's `Sources/CNIOLLHTTP/`, a C parser with its update script). The sign: a folder one or two
/// levels below the root that holds a licence other than the root's and no package manifest. The packages
/// of a monorepo carry a licence too, but always beside a manifest (`crates/grep/Cargo.toml`,
/// `examples/tutorial/pyproject.toml`), so they stay the team's own; so does a folder whose licence is a
/// copy of the root's, and every folder of a repository with no licence at its root (the project itself
/// may live in a subfolder). Read from the tree of one commit: a few tree lookups per pass, whatever the
/// history's length.
public enum VendoredFolders {
    /// Licence files as projects name them (`LICENSE`, `LICENSE.txt`, `COPYING`, `LICENSE-MIT`). A page
    /// about the licence in a documentation folder (`docs/license.rst`) is not one.
    static func isLicence(_ name: String) -> Bool {
        let upper = name.uppercased()
        guard let stem = ["LICENSE", "LICENCE", "COPYING", "UNLICENSE"].first(where: { upper.hasPrefix($0) }) else {
            return false
        }
        let rest = upper.dropFirst(stem.count)
        return rest.isEmpty || rest == ".TXT" || rest == ".MD" || rest.hasPrefix("-") || rest.hasPrefix("_")
    }

    /// What makes a folder a package of its own, here or in a registry: `FolderUnits`' manifests and the
    /// ones named after the package (`x.gemspec`, `x.podspec`, `x.csproj`).
    static func isManifest(_ name: String) -> Bool {
        FolderUnits.manifests.contains(name) || otherManifests.contains(name)
            || manifestExtensions.contains(where: { name.hasSuffix($0) })
    }

    private static let otherManifests: Set<String> = [
        "setup.cfg", "pubspec.yaml", "mix.exs", "deno.json", "build.sbt", "project.clj", "Podfile",
        "Cartfile", "settings.gradle", "settings.gradle.kts",
    ]
    private static let manifestExtensions = [".gemspec", ".podspec", ".csproj", ".fsproj", ".cabal", ".nimble"]

    /// The vendored folders at a commit, without a trailing slash.
    public static func find(in repository: GitRepository, at commit: String) -> [String] {
        let root = repository.entries(in: "", at: commit)
        let ownLicences = Set(root.files.filter(isLicence).compactMap { repository.fileContents($0, at: commit) })
        guard !ownLicences.isEmpty else { return [] }
        // A copied project may keep its licence with its documentation (cJSON's `tests/unity/docs/license.txt`).
        func holdsOtherProject(_ folder: String, _ entries: (files: [String], folders: [String])) -> Bool {
            guard !entries.files.contains(where: isManifest) else { return false }
            var licences = entries.files.filter(isLicence).map { "\(folder)/\($0)" }
            if licences.isEmpty, let docs = entries.folders.first(where: { $0 == "docs" || $0 == "doc" }) {
                licences = repository.entries(in: "\(folder)/\(docs)", at: commit).files.filter(isLicence).map { "\(folder)/\(docs)/\($0)" }
            }
            guard !licences.isEmpty else { return false }
            return !licences.contains { path in repository.fileContents(path, at: commit).map(ownLicences.contains) ?? false }
        }
        var found: [String] = []
        for top in root.folders where !top.hasPrefix(".") {
            let inside = repository.entries(in: top, at: commit)
            if holdsOtherProject(top, inside) {
                found.append(top)
                continue  // all below is vendored already
            }
            for child in inside.folders where !child.hasPrefix(".") {
                let path = "\(top)/\(child)"
                if holdsOtherProject(path, repository.entries(in: path, at: commit)) { found.append(path) }
            }
        }
        return found.sorted()
    }
}
