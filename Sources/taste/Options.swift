import ArgumentParser
import TasteCore

/// The repository a command works on.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: "A path inside the repository (a work tree, a .git folder or a bare repository).")
    var repo: String = "."
}

func openStore(creating: Bool) throws -> Store {
    let path = Store.defaultPath()
    if creating { return try Store(path: path) }
    guard let store = try Store.existing(path: path) else { throw TasteError.notMinedYet("this machine (no store at \(path))") }
    return store
}

/// Runs a core check from `validate()`: its usage error is reported as a validation error, with the usage.
@discardableResult
func validated<T>(_ check: () throws -> T) throws -> T {
    do {
        return try check()
    } catch let error as TasteError {
        throw ValidationError(error.errorDescription ?? "\(error)")
    }
}
