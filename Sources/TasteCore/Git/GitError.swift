import CGit2
import Foundation

/// A libgit2 failure, with the function that failed, its return code and libgit2's own message.
public struct GitError: Error, CustomStringConvertible, Sendable {
    public var function: String
    public var code: Int32
    public var message: String

    init(_ function: String, code: Int32) {
        self.function = function
        self.code = code
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            message = "unknown error"
        }
    }

    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    public var description: String { "\(message) (\(function) returned \(code))" }
}

/// Calls a libgit2 function and throws its error on a negative result.
@discardableResult
func check(_ function: String, _ result: Int32) throws -> Int32 {
    if result < 0 { throw GitError(function, code: result) }
    return result
}
