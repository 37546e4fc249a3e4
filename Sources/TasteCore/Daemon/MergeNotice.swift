/// What a hook reports after a merge, and whether Taste learns from it. Only merges into the followed branch
/// count: merging main into a feature branch teaches nothing about main's conventions.
public struct MergeNotice: Sendable, Equatable {
    /// The hook that saw the merge (`post-merge`, `post-rewrite`, `post-receive`, or `manual`).
    public var hook: String
    /// The branch recorded at install time; `git config taste.branch` wins over it.
    public var branch: String?
    /// The ref that moved, as post-receive passes it; nil: the branch HEAD names.
    public var ref: String?
    /// The ref's head before the merge; nil or empty: ORIG_HEAD, which client hooks leave behind.
    public var oldHead: String?
    /// The ref's head after the merge; nil or empty: HEAD, unless the hook named the ref.
    public var newHead: String?

    public init(hook: String = "manual", branch: String? = nil, ref: String? = nil, oldHead: String? = nil, newHead: String? = nil) {
        self.hook = hook
        self.branch = branch
        self.ref = ref
        self.oldHead = oldHead
        self.newHead = newHead
    }

    /// A merge to queue for the daemon.
    public struct Event: Sendable, Equatable {
        public var gitDir: String
        public var hook: String
        public var ref: String?
        public var oldHead: String?
        public var newHead: String?

        /// Stores the event; the daemon takes it at its next pass, or when it next starts.
        public func queue(in store: Store) throws {
            _ = try store.enqueue(gitDir: gitDir, hook: hook, ref: ref, oldHead: oldHead, newHead: newHead)
        }

        /// Where `deliver` put the event.
        public enum Delivery: Equatable, Sendable {
            case queued
            /// The store could not take it, for `reason`: it waits in `file` for the daemon.
            case spooled(file: String, reason: String)
        }

        /// Queues the event in the store at `storePath`, or, when the store cannot take it (locked past the
        /// wait, read-only, unreadable), spools it beside the store: a merge is never lost. Throws only when
        /// neither worked.
        public func deliver(toStoreAt storePath: String) throws -> Delivery {
            do {
                try queue(in: try Store(path: storePath))
                return .queued
            } catch {
                let reason = Store.reason(error)
                do {
                    return .spooled(file: try EventSpool(storePath: storePath).add(self), reason: reason)
                } catch let spoolError {
                    throw TasteError.store("\(reason); the event could not be spooled either: \(Store.reason(spoolError))")
                }
            }
        }
    }

    /// The event to queue, or nil when the ref that moved is not the followed branch.
    public func event(in repository: GitRepository) -> Event? {
        event(
            gitDir: repository.gitDirectory, configuredBranch: repository.configString("taste.branch"),
            headReference: repository.headReferenceName(),
            origHead: { try? repository.resolveCommit("ORIG_HEAD") }, headCommit: { try? repository.headCommit() })
    }

    /// The decision, given what the repository says: the heads are read only for an event that is kept.
    func event(
        gitDir: String, configuredBranch: String?, headReference: String?,
        origHead: () -> String?, headCommit: () -> String?
    ) -> Event? {
        guard let followed = Self.followedBranch(configured: configuredBranch, installed: branch, headReference: headReference) else {
            return nil
        }
        let moved = ref ?? headReference
        guard moved == "refs/heads/" + followed else { return nil }
        // Client hooks leave ORIG_HEAD behind; post-receive passes both heads (empty for a new branch).
        let before = Self.given(oldHead) ?? (hook == "post-receive" ? nil : origHead())
        let after = Self.given(newHead) ?? (ref == nil ? headCommit() : nil)
        return Event(gitDir: gitDir, hook: hook, ref: moved, oldHead: before, newHead: after)
    }

    /// The branch whose merges count: `taste.branch`, else the one recorded at install, else the branch HEAD names.
    static func followedBranch(configured: String?, installed: String?, headReference: String?) -> String? {
        configured ?? installed
            ?? headReference.map {
                $0.hasPrefix("refs/heads/") ? String($0.dropFirst("refs/heads/".count)) : $0
            }
    }

    private static func given(_ head: String?) -> String? {
        head.flatMap { $0.isEmpty ? nil : $0 }
    }
}
