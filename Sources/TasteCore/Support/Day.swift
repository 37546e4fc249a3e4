import Foundation

/// Days as the commands print and read them: `YYYY-MM-DD`, in UTC, the same on every machine.
public enum Day {
    public static func string(_ date: Date) -> String { formatter.string(from: date) }

    /// The start of the day `text` names, or nil when it is not `YYYY-MM-DD`.
    public static func date(_ text: String) -> Date? { formatter.date(from: text) }

    // A new formatter per call: DateFormatter is not Sendable, and the commands format a handful of dates.
    private static var formatter: DateFormatter {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }
}
