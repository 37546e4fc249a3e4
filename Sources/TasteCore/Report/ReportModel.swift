import Foundation

/// What `taste report` shows, read from the store and free of HTML: ``ReportBuilder`` fills it, ``ReportRenderer``
/// draws it. Every string in it may come from the repository (paths, commit subjects, snippets) and is
/// escaped only when rendered.
public struct ReportModel: Sendable {
    public var repository: String
    public var location: String
    public var head: String
    public var minedAt: Date?
    public var summary: Summary
    /// The first-parent history cut into windows of consecutive merges: the charts' x axis.
    public var windows: [Window]
    /// Stale rules first, then the others by skill.
    public var rules: [RuleSeries]
    public var mixes: [Mix]
    public var coChanges: [CoChange]
    public var diff: DiffSection
    /// The commits the report cites (counter-evidence, switches, versions), by sha.
    public var commits: [String: CitedCommit]

    public struct Summary: Sendable {
        public var skills: Int
        public var versions: Int
        public var rules: Int
        public var staleRules: Int
        public var unconfirmedRules: Int
        public var commitsMined: Int
        public var firstCommitTime: Int64?
        public var lastCommitTime: Int64?
    }

    /// Consecutive mainline commits, oldest first.
    public struct Window: Sendable, Equatable {
        public var firstSHA: String
        public var lastSHA: String
        public var startTime: Int64
        public var endTime: Int64
        public var commits: Int
    }

    /// One rule's adherence over the windows, and the marks on its chart.
    public struct RuleSeries: Sendable {
        public var skill: String
        public var rule: Rule
        /// Per window: observations that agree with the rule, of all the rule's counters counted; nil when none.
        public var points: [Point?]
        /// The counters the rule is measured on, as `key=value` (empty: the store keeps none to chart it by).
        public var measuredBy: [String]
        public var versions: [VersionMark]
        public var switches: [Switch]
    }

    public struct Point: Sendable, Equatable {
        public var agreeing: Int
        public var observations: Int
        public var share: Double { observations == 0 ? 0 : Double(agreeing) / Double(observations) }
    }

    /// A version of the rule's skill that changed the rule, at the window holding the commit it was mined through.
    public struct VersionMark: Sendable, Equatable {
        public var version: Int
        public var window: Int
        public var commit: String
        public var status: SkillStatus
        public var summary: String
    }

    /// Where the value merged code keeps for a counter changed, and held for the next window too.
    public struct Switch: Sendable, Equatable {
        public var window: Int
        /// The first commit of that window that counted the new value.
        public var commit: String
        public var key: String
        public var from: String
        public var to: String
    }

    /// A stacked-area chart: each value's share of a counter per window.
    public struct Mix: Sendable {
        public var id: String
        public var title: String
        public var unit: String
        public var values: [String]
        /// Per window, the count of each value (in `values` order).
        public var counts: [[Int]]
    }

    public struct CoChange: Sendable {
        public var statement: String
        public var share: Double
        public var commits: Int
        public var confidence: Double
        public var stale: Bool
    }

    public struct DiffSection: Sendable {
        public var heading: String
        public var changes: [DiffChange]
    }

    public struct DiffChange: Sendable {
        public var skill: String
        public var kind: SkillChange.Kind
        public var versions: String
        public var summary: String
        /// The unified diff of the Markdown agents read, line by line.
        public var lines: [String]
    }

    public struct CitedCommit: Sendable, Equatable {
        public var sha: String
        public var subject: String
        public var author: String
        public var time: Int64
    }
}
