/// Folders of sample code inside a test tree: the inputs of a highlighter, parser or formatter under test, copied
/// from other projects or written in other styles on purpose. bat's `tests/benchmarks/highlighting-speed-src/` holds
/// jQuery, miniz and a test module of numpy; counted, numpy's 8,471 lines set bat's Python rules to 79 columns and
/// left its quote rule split. No folder name gives them away, so two signs are read, below a test folder only:
/// - a folder whose own files are in three languages or more (C and C++ one, shell none), none named as a test
///   (`test_x.py`, `x_test.go`);
/// - a folder with subfolders named after five languages or more (`tests/syntax-tests/source/Python/`), as a
///   highlighter's samples are kept; a binding's test suites name two or three.
/// Mining reads them in each commit's own tree (``CommitDiffer/isSample(_:in:)``), so a samples folder renamed
/// since (bat's `test-src/`, now `highlighting-speed-src/`) is known in every commit that touched it; lint reads
/// the head's (``find(in:at:)``).
enum SampleFolders {
    /// Languages one folder's own files must span to be samples.
    static let languagesInOneFolder = 3
    /// Subfolders named after languages a folder must hold to be samples.
    static let languageFolders = 5
    /// Folders read at most per commit: a huge test tree is cut short rather than walked whole.
    static let folderBudget = 400
    /// How deep below the root a test folder is looked for, and samples below it.
    static let depth = 5

    /// The sample folders at a commit, without a trailing slash, read with a bounded number of tree lookups.
    static func find(in repository: GitRepository, at commit: String) -> [String] {
        var found: [String] = []
        var queue = repository.entries(in: "", at: commit).folders.filter { !$0.hasPrefix(".") }.map {
            (path: $0, depth: 1, inTests: isTestFolder($0))
        }
        var read = 0
        while !queue.isEmpty, read < folderBudget {
            let folder = queue.removeFirst()
            let entries = repository.entries(in: folder.path, at: commit)
            read += 1
            if folder.inTests, holdsSamples(entries.files) || namesLanguages(entries.folders) {
                found.append(folder.path)
                continue  // all below is samples
            }
            guard folder.depth < depth else { continue }
            for child in entries.folders where !child.hasPrefix(".") {
                queue.append((folder.path + "/" + child, folder.depth + 1, folder.inTests || isTestFolder(child)))
            }
        }
        return found
    }

    /// Files of three languages or more, none named as a test. Languages that live side by side in one project
    /// count once (C headers beside C++, TypeScript beside JavaScript), and a shell script counts for none: fmt's
    /// `test/fuzzing/` holds C++ fuzzers, their common `.h` and the script that builds them.
    static func holdsSamples(_ files: [String]) -> Bool {
        var families = Families()
        for file in files where !families.holdsATest { families.add(file) }
        return families.areSamples
    }

    /// The languages one folder's files are in, read file by file.
    struct Families {
        private var seen: Set<Language> = []
        private(set) var holdsATest = false

        mutating func add(_ file: String) {
            guard let language = Language(path: file) else { return }
            if FileRole.isTest(file, language: language) { holdsATest = true }
            switch language {
            case .shell: return
            case .cpp: seen.insert(.c)
            case .typescript: seen.insert(.javascript)
            default: seen.insert(language)
            }
        }

        var areSamples: Bool { !holdsATest && seen.count >= languagesInOneFolder }
    }

    /// Subfolders named after five languages or more, as people name them (`C++`, `Bash`, `JavaScript`, `js`).
    static func namesLanguages(_ folders: [String]) -> Bool {
        Set(folders.compactMap { languageNames[$0.lowercased()] }).count >= languageFolders
    }

    private static let languageNames: [String: Language] = {
        var names: [String: Language] = [:]
        for language in Language.allCases {
            names[language.rawValue] = language
            names[language.displayName.lowercased()] = language
        }
        for (alias, language) in [
            ("bash", Language.shell), ("sh", .shell), ("zsh", .shell), ("js", .javascript), ("ts", .typescript),
            ("py", .python), ("golang", .go), ("c++", .cpp), ("cxx", .cpp), ("c#", .csharp), ("cs", .csharp),
        ] {
            names[alias] = language
        }
        return names
    }()

    static func isTestFolder(_ name: some StringProtocol) -> Bool {
        FileRole.isTest(name + "/x", language: .rust)
    }

    /// Whether a path lies below a test folder: Rust names no test file, so only its folders can say so.
    static func isInTestTree(_ path: String) -> Bool {
        FileRole.isTest(path, language: .rust)
    }
}
