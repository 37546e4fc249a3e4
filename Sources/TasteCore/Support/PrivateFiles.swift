import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Taste's store, log and lock hold code quoted from private repositories: only their user may read them,
/// whatever the umask. Files are 0600 and the folders taste makes 0700; files an earlier taste left readable
/// by others are tightened when next opened. Folders that were already there (a `TASTE_HOME` the user chose)
/// are left as they are.
enum PrivateFiles {
    /// Makes `path` and any missing parents, each 0700.
    static func makeDirectory(_ path: String) throws {
        var made = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            made += "/" + component
            if mkdir(made, 0o700) != 0, errno != EEXIST {
                throw TasteError.store("cannot create \(made): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Creates `path` empty (0600) when missing, else tightens it.
    static func makeFile(_ path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }  // opening it for real reports why
        tighten(descriptor)
        close(descriptor)
    }

    /// Takes group and other access away from an existing file of this user's; a missing one is fine.
    static func tighten(_ path: String) {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & 0o077 != 0, status.st_uid == getuid() else { return }
        chmod(path, status.st_mode & 0o700)
    }

    static func tighten(_ descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & 0o077 != 0, status.st_uid == getuid() else { return }
        fchmod(descriptor, status.st_mode & 0o700)
    }
}
