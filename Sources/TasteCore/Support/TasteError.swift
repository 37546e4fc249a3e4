import Foundation

/// Errors a user can act on. Each message is one line that says what went wrong and what to do.
public enum TasteError: Error, LocalizedError, Equatable {
    case notARepository(String)
    case unknownRevision(String)
    case notMinedYet(String)
    case unknownSkill(String)
    case store(String)
    case config(String)
    case export(String)
    case usage(String)

    public var errorDescription: String? {
        switch self {
        case .notARepository(let path): "not a git repository: \(path)"
        case .unknownRevision(let rev): "unknown revision '\(rev)': name a branch, tag or commit of this repository"
        case .notMinedYet(let repo): "no skills for \(repo) yet: run 'taste mine' first"
        case .unknownSkill(let name): "no skill named '\(name)': 'taste skills' lists them"
        case .store(let message): "store: \(message)"
        case .config(let message): "config: \(message)"
        case .export(let message): "export: \(message)"
        case .usage(let message): message
        }
    }
}
