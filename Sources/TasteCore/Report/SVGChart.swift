import Foundation

/// The report's charts as inline SVG, drawn from the model alone: an adherence line per rule with its version
/// and switch marks, and stacked areas for mixes. Colours come from the page's stylesheet (classes), so that
/// light and dark mode need no second drawing. Every string is escaped here.
struct SVGChart {
    static let width = 720.0
    static let height = 180.0
    static let left = 44.0
    static let right = 12.0
    static let top = 22.0
    static let bottom = 28.0
    static var plotWidth: Double { width - left - right }
    static var plotHeight: Double { height - top - bottom }

    let windows: [ReportModel.Window]

    /// The centre of window `index` on the x axis.
    func x(_ index: Int) -> Double {
        Self.left + (Double(index) + 0.5) * Self.plotWidth / Double(max(windows.count, 1))
    }

    func y(_ share: Double) -> Double { Self.top + (1 - min(max(share, 0), 1)) * Self.plotHeight }

    private func n(_ value: Double) -> String { HTMLText.number(value) }

    /// The frame: 0, 50 and 100% lines and the dates of the first, middle and last windows.
    private func frame() -> String {
        var parts: [String] = []
        for share in [0.0, 0.5, 1.0] {
            parts.append(
                "<line class=\"grid\" x1=\"\(n(Self.left))\" x2=\"\(n(Self.width - Self.right))\" y1=\"\(n(y(share)))\" y2=\"\(n(y(share)))\"/>"
                    + "<text class=\"axis\" x=\"\(n(Self.left - 6))\" y=\"\(n(y(share) + 4))\" text-anchor=\"end\">\(Int(share * 100))%</text>")
        }
        guard !windows.isEmpty else { return parts.joined() }
        let ticks = Array(Set([0, windows.count / 2, windows.count - 1])).sorted()
        for (offset, index) in ticks.enumerated() {
            let anchor = ticks.count > 1 && offset == 0 ? "start" : offset == ticks.count - 1 && ticks.count > 1 ? "end" : "middle"
            let at = anchor == "start" ? Self.left : anchor == "end" ? Self.width - Self.right : x(index)
            parts.append(
                "<text class=\"axis\" x=\"\(n(at))\" y=\"\(n(Self.height - 8))\" text-anchor=\"\(anchor)\">\(ReportDates.day(windows[index].startTime))</text>"
            )
        }
        return parts.joined()
    }

    private func open(id: String, kind: String, title: String, description: String, attributes: String = "") -> String {
        """
        <svg class="chart \(kind)" viewBox="0 0 \(n(Self.width)) \(n(Self.height))" role="img" tabindex="0" \
        aria-labelledby="\(id)-title \(id)-desc" focusable="true"\(attributes)>\
        <title id="\(id)-title">\(HTMLText.escape(title))</title><desc id="\(id)-desc">\(HTMLText.escape(description))</desc>
        """
    }

    /// A rule's adherence: a line through the windows that counted it (broken where none did), a dashed mark at each
    /// switch and a labelled tick at each version that changed the rule.
    func adherence(_ series: ReportModel.RuleSeries, id: String, description: String, commits: [String: ReportModel.CitedCommit]) -> String {
        var parts = [
            open(
                id: id, kind: "adherence", title: "Adherence to \(series.rule.id) over \(windows.count) windows of merges",
                description: description, attributes: " data-rule=\"\(HTMLText.escape(series.rule.id))\""),
            frame(),
        ]
        var path = ""
        var drawing = false
        for (index, point) in series.points.enumerated() {
            guard let point else {
                drawing = false
                continue
            }
            path += "\(drawing ? "L" : "M")\(n(x(index))) \(n(y(point.share)))"
            drawing = true
        }
        let single = series.points.enumerated().compactMap { index, point -> String? in
            // A window with no neighbour would draw no line: a dot shows it.
            guard let point else { return nil }
            let before = index > 0 ? series.points[index - 1] : nil
            let after = index + 1 < series.points.count ? series.points[index + 1] : nil
            guard before == nil, after == nil else { return nil }
            return "<circle class=\"dot\" cx=\"\(n(x(index)))\" cy=\"\(n(y(point.share)))\" r=\"2.5\"/>"
        }
        parts.append("<path class=\"line\" d=\"\(path)\"/>" + single.joined())
        for mark in series.versions {
            let at = n(x(mark.window))
            let title = "\(series.skill)@\(mark.version) (\(mark.status.rawValue)), mined through \(mark.commit.prefix(10)): \(mark.summary)"
            parts.append(
                "<g class=\"version\" data-version=\"\(mark.version)\" data-commit=\"\(HTMLText.escape(mark.commit))\" data-window=\"\(mark.window)\">"
                    + "<title>\(HTMLText.escape(title))</title>"
                    + "<line x1=\"\(at)\" x2=\"\(at)\" y1=\"\(n(Self.top - 4))\" y2=\"\(n(Self.top + Self.plotHeight))\"/>"
                    + "<text x=\"\(at)\" y=\"\(n(Self.top - 8))\" text-anchor=\"middle\">v\(mark.version)</text></g>")
        }
        for change in series.switches {
            let at = n(x(change.window))
            let subject = commits[change.commit].map { " \u{201C}\($0.subject)\u{201D}" } ?? ""
            let title = "\(change.key) switched from \(change.from) to \(change.to) at \(change.commit.prefix(10))\(subject)"
            parts.append(
                "<g class=\"switch\" data-commit=\"\(HTMLText.escape(change.commit))\" data-window=\"\(change.window)\" "
                    + "data-from=\"\(HTMLText.escape(change.from))\" data-to=\"\(HTMLText.escape(change.to))\">"
                    + "<title>\(HTMLText.escape(title))</title>"
                    + "<line x1=\"\(at)\" x2=\"\(at)\" y1=\"\(n(Self.top))\" y2=\"\(n(Self.top + Self.plotHeight))\"/>"
                    + "<path d=\"M\(at) \(n(Self.top + Self.plotHeight + 1))l-4 6h8z\"/></g>")
        }
        parts.append("</svg>")
        return parts.joined()
    }

    /// A mix as stacked areas of each value's share per window; windows that counted nothing are left blank.
    func stacked(_ mix: ReportModel.Mix, id: String, description: String) -> String {
        var parts = [
            open(id: id, kind: "stacked", title: "\(mix.title): each value's share of \(mix.unit) per window", description: description), frame(),
        ]
        let totals = mix.counts.map { $0.reduce(0, +) }
        // Runs of consecutive windows that counted something: each run is drawn as its own band per value.
        var runs: [[Int]] = []
        for index in totals.indices where totals[index] > 0 {
            if let last = runs.last?.last, last == index - 1 { runs[runs.count - 1].append(index) } else { runs.append([index]) }
        }
        for (series, value) in mix.values.enumerated() {
            var d = ""
            for run in runs {
                func band(_ index: Int, upTo: Int) -> Double {
                    Double(mix.counts[index].prefix(upTo).reduce(0, +)) / Double(max(totals[index], 1))
                }
                // A lone window is drawn as a bar half a window wide on each side.
                let half = run.count == 1 ? Self.plotWidth / Double(max(windows.count, 1)) / 2 : 0
                let upper = run.map { (x($0), y(band($0, upTo: series + 1))) }
                let lower = run.reversed().map { (x($0), y(band($0, upTo: series))) }
                let points =
                    run.count == 1
                    ? [
                        (upper[0].0 - half, upper[0].1), (upper[0].0 + half, upper[0].1), (lower[0].0 + half, lower[0].1),
                        (lower[0].0 - half, lower[0].1),
                    ] : upper + lower
                d += "M" + points.map { "\(n($0.0)) \(n($0.1))" }.joined(separator: "L") + "Z"
            }
            parts.append(
                "<path class=\"area s\(series)\" data-value=\"\(HTMLText.escape(value))\" d=\"\(d)\"><title>\(HTMLText.escape(value))</title></path>")
        }
        parts.append("</svg>")
        return parts.joined()
    }
}

/// Dates as the report prints them: UTC days, from commit times.
enum ReportDates {
    static func day(_ time: Int64) -> String { Day.string(Date(timeIntervalSince1970: TimeInterval(time))) }

    static func span(_ window: ReportModel.Window) -> String {
        let start = day(window.startTime), end = day(window.endTime)
        return start == end ? start : "\(start) – \(end)"
    }
}
