import Foundation

/// Turns a ``ReportModel`` into one self-contained HTML page: inline CSS and SVG, no script, and a content
/// security policy that forbids every fetch, so that the page works from a file on a machine without network and
/// nothing a commit holds can run or call out. Each chart has a text alternative and its figures as a table.
public struct ReportRenderer {
    public init() {}

    private func e(_ text: String) -> String { HTMLText.escape(text) }

    public func render(_ model: ReportModel) -> String {
        let chart = SVGChart(windows: model.windows)
        var body: [String] = []
        body.append(header(model))
        body.append(summary(model))
        body.append(rules(model, chart: chart))
        body.append(mixes(model, chart: chart))
        body.append(coChanges(model))
        body.append(diff(model))
        body.append(cited(model))
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>Taste report: \(e(model.repository))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <a class="skip" href="#main">Skip to the report</a>
            \(navigation(model))
            <main id="main">
            \(body.joined(separator: "\n"))
            </main>
            </body>
            </html>

            """
    }

    private func navigation(_ model: ReportModel) -> String {
        var items = ["<li><a href=\"#summary\">Summary</a></li>", "<li><a href=\"#rules\">Rules</a></li>"]
        if !model.mixes.isEmpty { items.append("<li><a href=\"#mixes\">Mixes over time</a></li>") }
        if !model.coChanges.isEmpty { items.append("<li><a href=\"#co-change\">Changes that travel together</a></li>") }
        items.append("<li><a href=\"#diff\">Since the last review</a></li>")
        if !model.commits.isEmpty { items.append("<li><a href=\"#commits\">Cited commits</a></li>") }
        return "<nav aria-label=\"Sections\"><ul>\(items.joined())</ul></nav>"
    }

    private func header(_ model: ReportModel) -> String {
        let mined = model.minedAt.map { ", on \(Day.string($0))" } ?? ""
        return """
            <header><h1>Taste report: \(e(model.repository))</h1>
            <p class="meta"><code>\(e(model.location))</code> mined up to <code>\(e(String(model.head.prefix(10))))</code>\(mined)</p></header>
            """
    }

    private func summary(_ model: ReportModel) -> String {
        let s = model.summary
        let span = [s.firstCommitTime, s.lastCommitTime].compactMap { $0.map(ReportDates.day) }.joined(separator: " to ")
        func cell(_ label: String, _ value: String, _ extra: String = "") -> String {
            "<div class=\"figure\(extra)\"><dt>\(label)</dt><dd>\(value)</dd></div>"
        }
        return """
            <section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>
            <dl class="figures">\(cell("Skills", "\(s.skills)"))\(cell("Versions", "\(s.versions)"))\(cell("Rules", "\(s.rules)"))\
            \(cell("Stale rules", "\(s.staleRules)", s.staleRules > 0 ? " warn" : ""))\(cell("Unconfirmed rules", "\(s.unconfirmedRules)"))\
            \(cell("Commits mined", "\(s.commitsMined)"))\(cell("Last mined commit", "<code>\(e(String(model.head.prefix(10))))</code>"))</dl>
            <p>The first-parent history\(span.isEmpty ? "" : " from \(span)") in \(model.windows.count) window\(model.windows.count == 1 ? "" : "s") \
            of \(model.windows.first?.commits ?? 0) merge\(model.windows.first?.commits == 1 ? "" : "s") each. \
            A rule's adherence is the share of the observations in a window that agree with it.</p>
            </section>
            """
    }

    private func rules(_ model: ReportModel, chart: SVGChart) -> String {
        var parts = ["<section id=\"rules\" aria-labelledby=\"rules-h\"><h2 id=\"rules-h\">Rules</h2>"]
        if model.rules.isEmpty { parts.append("<p>No rule to chart.</p>") }
        for (index, series) in model.rules.enumerated() {
            parts.append(rule(series, id: "r\(index)", model: model, chart: chart))
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    private func rule(_ series: ReportModel.RuleSeries, id: String, model: ReportModel, chart: SVGChart) -> String {
        let rule = series.rule
        var status = ""
        if rule.stale != nil {
            status = "<span class=\"badge stale\">stale</span>"
        } else if rule.unconfirmed != nil {
            status = "<span class=\"badge unconfirmed\">unconfirmed</span>"
        }
        var parts = [
            "<article class=\"rule\(rule.stale != nil ? " is-stale" : "")\" id=\"\(id)\" aria-labelledby=\"\(id)-h\" data-rule=\"\(e(rule.id))\">",
            "<h3 id=\"\(id)-h\"><code>\(e(rule.id))</code> \(status)</h3>",
            "<p class=\"statement\">\(prose(rule.statement))</p>",
            "<p class=\"meta\">\(percent(rule.share)) of \(e(rule.unit)) agree; confidence \(String(format: "%.2f", rule.confidence)), "
                + "\(rule.support.commits) commits; facts: \(e(facts(rule.facts)))</p>",
        ]
        if let stale = rule.stale {
            parts.append("<div class=\"why\"><p><strong>Why stale:</strong> \(prose(stale.reason))</p>")
            if !stale.counterEvidence.isEmpty {
                parts.append("<p>Counter-evidence:</p><ul class=\"evidence\">")
                for place in stale.counterEvidence { parts.append("<li>\(evidence(place, model: model))</li>") }
                parts.append("</ul>")
            }
            parts.append("</div>")
        }
        if let unconfirmed = rule.unconfirmed { parts.append("<p class=\"why\">\(prose(unconfirmed))</p>") }
        if let declared = rule.declared, !declared.isEmpty {
            parts.append(
                "<table class=\"declared\"><caption>Current value against the declared configuration</caption>"
                    + "<thead><tr><th scope=\"col\">Fact</th><th scope=\"col\">Merged code keeps</th><th scope=\"col\">Declared</th>"
                    + "<th scope=\"col\">Where</th><th scope=\"col\">Agrees</th></tr></thead><tbody>")
            for declaration in declared {
                let mined = rule.facts[declaration.fact]?.description ?? "—"
                let place = declaration.file + (declaration.line.map { ":\($0)" } ?? " (the tool's default)")
                let agrees = declaration.agrees.map { $0 ? "yes" : "no" } ?? "not compared"
                parts.append(
                    "<tr class=\"\(declaration.agrees == false ? "disagrees" : "")\"><td><code>\(e(declaration.fact))</code></td><td>\(e(mined))</td>"
                        + "<td>\(e(declaration.value.description))</td><td><code>\(e(place))</code></td><td>\(agrees)</td></tr>")
            }
            parts.append("</tbody></table>")
        }
        let observed = series.points.enumerated().compactMap { index, point in point.map { (index, $0) } }
        if observed.isEmpty {
            parts.append(
                "<p class=\"note\">No per-commit counter measures this rule (it comes from configuration or is kept while the code is split).</p>")
        } else {
            let description = describe(series, observed: observed, model: model)
            parts.append("<figure>" + chart.adherence(series, id: "\(id)-chart", description: description, commits: model.commits))
            parts.append("<figcaption>\(e(description))</figcaption></figure>")
            parts.append(figures(series, observed: observed, model: model))
        }
        parts.append("</article>")
        return parts.joined(separator: "\n")
    }

    /// Statements and reasons quote code as Markdown spans (`index.js`): shown as code, everything escaped.
    private func prose(_ text: String) -> String {
        let pieces = text.split(separator: "`", omittingEmptySubsequences: false)
        guard pieces.count >= 3, pieces.count % 2 == 1 else { return e(text) }
        return pieces.enumerated().map { $0.offset % 2 == 1 ? "<code>\(e(String($0.element)))</code>" : e(String($0.element)) }.joined()
    }

    private func facts(_ facts: [String: FactValue]) -> String {
        facts.keys.sorted().map { "\($0) \(facts[$0]?.description ?? "")" }.joined(separator: ", ")
    }

    private func evidence(_ place: EvidenceLocation, model: ReportModel) -> String {
        let short = e(String(place.commit.prefix(10)))
        let commit = HTMLText.commitAnchor(place.commit).map { "<a href=\"#\($0)\"><code>\(short)</code></a>" } ?? "<code>\(short)</code>"
        var text = commit
        if let path = place.path { text += " <code>\(e(path))\(place.line.map { ":\($0)" } ?? "")</code>" }
        if let subject = model.commits[place.commit]?.subject, !subject.isEmpty { text += " \u{201C}\(e(subject))\u{201D}" }
        if let snippet = place.snippet, !snippet.isEmpty { text += "<pre class=\"snippet\">\(e(snippet))</pre>" }
        return text
    }

    /// The chart's text alternative: where adherence started and ended, and each switch and version.
    private func describe(_ series: ReportModel.RuleSeries, observed: [(Int, ReportModel.Point)], model: ReportModel) -> String {
        guard let first = observed.first, let last = observed.last else { return "" }
        var text =
            "Adherence was \(percent(first.1.share)) in the window of \(ReportDates.span(model.windows[first.0])) "
            + "and \(percent(last.1.share)) in the window of \(ReportDates.span(model.windows[last.0])), over \(observed.count) windows that counted it."
        for change in series.switches {
            text +=
                " \(change.key) switched from \(change.from) to \(change.to) at \(change.commit.prefix(10)) "
                + "(\(ReportDates.span(model.windows[change.window])))."
        }
        if !series.versions.isEmpty {
            text += " Versions: " + series.versions.map { "v\($0.version) at \($0.commit.prefix(10)) (\($0.summary))" }.joined(separator: "; ") + "."
        }
        return text
    }

    private func figures(_ series: ReportModel.RuleSeries, observed: [(Int, ReportModel.Point)], model: ReportModel) -> String {
        var rows = observed.map { index, point in
            let window = model.windows[index]
            return "<tr><td>\(ReportDates.span(window))</td><td><code>\(e(String(window.firstSHA.prefix(7))))</code></td>"
                + "<td>\(point.agreeing)</td><td>\(point.observations)</td><td>\(percent(point.share))</td></tr>"
        }
        rows.insert(
            "<table><caption>Adherence per window, measured on \(e(series.measuredBy.joined(separator: ", ")))</caption>"
                + "<thead><tr><th scope=\"col\">Window</th><th scope=\"col\">From</th><th scope=\"col\">Agreeing</th>"
                + "<th scope=\"col\">Observations</th><th scope=\"col\">Share</th></tr></thead><tbody>", at: 0)
        rows.append("</tbody></table>")
        return "<details><summary>Figures</summary>" + rows.joined() + "</details>"
    }

    private func mixes(_ model: ReportModel, chart: SVGChart) -> String {
        guard !model.mixes.isEmpty else { return "" }
        var parts = ["<section id=\"mixes\" aria-labelledby=\"mixes-h\"><h2 id=\"mixes-h\">Mixes over time</h2>"]
        for mix in model.mixes {
            let totals = mix.values.indices.map { value in mix.counts.reduce(0) { $0 + $1[value] } }
            let all = max(totals.reduce(0, +), 1)
            let lastRow = mix.counts.last { $0.reduce(0, +) > 0 } ?? []
            let lastTotal = max(lastRow.reduce(0, +), 1)
            let description =
                "\(mix.title) over the whole history: "
                + zip(mix.values, totals).map { "\($0) \(percent(Double($1) / Double(all)))" }.joined(separator: ", ")
                + (lastRow.isEmpty
                    ? "."
                    : "; in the latest window that counted any: "
                        + zip(mix.values, lastRow).filter { $1 > 0 }.map { "\($0) \(percent(Double($1) / Double(lastTotal)))" }.joined(
                            separator: ", ") + ".")
            parts.append(
                "<article class=\"mix\" id=\"mix-\(mix.id)\" aria-labelledby=\"mix-\(mix.id)-h\"><h3 id=\"mix-\(mix.id)-h\">\(e(mix.title))</h3>")
            parts.append("<figure>" + chart.stacked(mix, id: "mix-\(mix.id)-chart", description: description))
            let legend = mix.values.enumerated().map { "<li><span class=\"swatch s\($0.offset)\" aria-hidden=\"true\"></span>\(e($0.element))</li>" }
            parts.append("<figcaption><ul class=\"legend\">\(legend.joined())</ul>\(e(description))</figcaption></figure>")
            var rows = [
                "<details><summary>Figures</summary><table><caption>\(e(mix.unit)) per window</caption><thead><tr><th scope=\"col\">Window</th>"
                    + mix.values.map { "<th scope=\"col\">\(e($0))</th>" }.joined() + "</tr></thead><tbody>"
            ]
            for (index, row) in mix.counts.enumerated() where row.reduce(0, +) > 0 {
                rows.append("<tr><td>\(ReportDates.span(model.windows[index]))</td>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>")
            }
            rows.append("</tbody></table></details>")
            parts.append(rows.joined())
            parts.append("</article>")
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    private func coChanges(_ model: ReportModel) -> String {
        guard !model.coChanges.isEmpty else { return "" }
        var parts = [
            "<section id=\"co-change\" aria-labelledby=\"co-change-h\"><h2 id=\"co-change-h\">Changes that travel together</h2>",
            "<table><thead><tr><th scope=\"col\">Association</th><th scope=\"col\">Share</th><th scope=\"col\">Commits</th>"
                + "<th scope=\"col\">Confidence</th></tr></thead><tbody>",
        ]
        for item in model.coChanges {
            parts.append(
                "<tr><td>\(prose(item.statement))\(item.stale ? " <span class=\"badge stale\">stale</span>" : "")</td><td>\(percent(item.share))</td>"
                    + "<td>\(item.commits)</td><td>\(String(format: "%.2f", item.confidence))</td></tr>")
        }
        parts.append("</tbody></table></section>")
        return parts.joined(separator: "\n")
    }

    private func diff(_ model: ReportModel) -> String {
        var parts = [
            "<section id=\"diff\" aria-labelledby=\"diff-h\"><h2 id=\"diff-h\">Since the last review</h2>",
            "<p>\(e(model.diff.heading))\(model.diff.changes.isEmpty ? ": none." : "")</p>",
        ]
        if !model.diff.changes.isEmpty {
            parts.append("<ul class=\"changes\">")
            for change in model.diff.changes {
                let label = change.kind == .newlyStale ? "stale" : change.kind == .activeAgain ? "active again" : change.versions
                parts.append("<li class=\"change \(change.kind.rawValue)\"><code>\(e(change.skill))</code> \(e(label)): \(prose(change.summary))")
                if !change.lines.isEmpty {
                    let lines = change.lines.map { line -> String in
                        let kind =
                            line.hasPrefix("+++") || line.hasPrefix("---")
                            ? "file" : line.hasPrefix("@@") ? "hunk" : line.hasPrefix("+") ? "add" : line.hasPrefix("-") ? "del" : "ctx"
                        return "<span class=\"\(kind)\">\(e(line))</span>"
                    }
                    parts.append("<details><summary>Markdown diff</summary><pre class=\"diff\">\(lines.joined(separator: "\n"))</pre></details>")
                }
                parts.append("</li>")
            }
            parts.append("</ul>")
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    private func cited(_ model: ReportModel) -> String {
        guard !model.commits.isEmpty else { return "" }
        var parts = [
            "<section id=\"commits\" aria-labelledby=\"commits-h\"><h2 id=\"commits-h\">Cited commits</h2>",
            "<table><thead><tr><th scope=\"col\">Commit</th><th scope=\"col\">Date</th><th scope=\"col\">Author</th><th scope=\"col\">Subject</th></tr></thead><tbody>",
        ]
        for commit in model.commits.values.sorted(by: { ($0.time, $0.sha) < ($1.time, $1.sha) }) {
            let anchor = HTMLText.commitAnchor(commit.sha).map { " id=\"\($0)\"" } ?? ""
            parts.append(
                "<tr\(anchor)><td><code>\(e(String(commit.sha.prefix(10))))</code></td><td>\(ReportDates.day(commit.time))</td>"
                    + "<td>\(e(commit.author))</td><td>\(e(commit.subject))</td></tr>")
        }
        parts.append("</tbody></table></section>")
        return parts.joined(separator: "\n")
    }

    static let style = """
        :root{--bg:#fff;--fg:#1d1f23;--muted:#5b6270;--line:#d8dbe0;--accent:#1f5fbf;--stale:#b3261e;--warn-bg:#fdecea;--note:#8a5a00;\
        --s0:#1f5fbf;--s1:#e08a1e;--s2:#2e8b57;--s3:#9b4dca;--s4:#c2185b;--s5:#00838f;--s6:#7a7f87;--add:#1a7f37;--del:#b3261e}
        @media (prefers-color-scheme: dark){:root{--bg:#15171a;--fg:#e6e8eb;--muted:#a0a7b2;--line:#383c43;--accent:#7fb0ff;--stale:#ff8a80;\
        --warn-bg:#3a1f1d;--note:#f0c36a;--s0:#7fb0ff;--s1:#f3b562;--s2:#6fcf97;--s3:#c9a0ff;--s4:#f48fb1;--s5:#5fd4df;--s6:#a0a7b2;\
        --add:#6fcf97;--del:#ff8a80}}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
        main{max-width:980px;margin:0 auto;padding:0 20px 40px}
        header h1{font-size:1.6em;margin:.4em 0 .1em}
        h2{border-bottom:1px solid var(--line);padding-bottom:.2em;margin-top:1.8em}
        h3{font-size:1.05em;margin:0 0 .3em}
        a{color:var(--accent)}
        a:focus,summary:focus,svg:focus{outline:3px solid var(--accent);outline-offset:2px}
        .skip{position:absolute;left:-9999px}.skip:focus{left:10px;top:10px;background:var(--bg);padding:6px;z-index:1}
        nav{border-bottom:1px solid var(--line)}nav ul{display:flex;flex-wrap:wrap;gap:14px;list-style:none;margin:0 auto;padding:10px 20px;max-width:980px}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
        pre{white-space:pre-wrap;overflow-wrap:anywhere}
        .meta,.note{color:var(--muted)}
        .figures{display:flex;flex-wrap:wrap;gap:10px;margin:0}
        .figure{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:120px}
        .figure dt{color:var(--muted);font-size:.85em}.figure dd{margin:0;font-size:1.4em}
        .figure.warn{border-color:var(--stale);background:var(--warn-bg)}
        .rule,.mix{border:1px solid var(--line);border-radius:6px;padding:12px 14px;margin:14px 0}
        .rule.is-stale{border-color:var(--stale)}
        .badge{font-size:.75em;border-radius:10px;padding:1px 8px;vertical-align:middle;border:1px solid}
        .badge.stale{color:var(--stale)}.badge.unconfirmed{color:var(--note)}
        .why{background:var(--warn-bg);border-radius:4px;padding:4px 10px}
        .snippet{margin:2px 0 6px;padding:4px 6px;border-left:3px solid var(--line)}
        figure{margin:8px 0}figcaption{color:var(--muted);font-size:.9em}
        svg.chart{width:100%;height:auto;display:block}
        svg .grid{stroke:var(--line);stroke-width:1}
        svg .axis{fill:var(--muted);font-size:11px}
        svg .line{fill:none;stroke:var(--accent);stroke-width:2}
        svg .dot{fill:var(--accent)}
        svg .version line{stroke:var(--muted);stroke-width:1}svg .version text{fill:var(--muted);font-size:10px}
        svg .switch line{stroke:var(--stale);stroke-width:1.5;stroke-dasharray:4 3}svg .switch path{fill:var(--stale)}
        .s0{fill:var(--s0);background:var(--s0)}.s1{fill:var(--s1);background:var(--s1)}.s2{fill:var(--s2);background:var(--s2)}\
        .s3{fill:var(--s3);background:var(--s3)}.s4{fill:var(--s4);background:var(--s4)}.s5{fill:var(--s5);background:var(--s5)}\
        .s6{fill:var(--s6);background:var(--s6)}
        svg .area{opacity:.85}
        .legend{list-style:none;display:flex;flex-wrap:wrap;gap:12px;padding:0;margin:4px 0}
        .swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
        table{border-collapse:collapse;margin:6px 0;font-size:.9em}
        caption{text-align:left;color:var(--muted);padding-bottom:4px}
        th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
        tr.disagrees td{color:var(--stale)}
        details summary{cursor:pointer;color:var(--accent)}
        .diff .add{color:var(--add)}.diff .del{color:var(--del)}.diff .hunk{color:var(--muted)}.diff .file{font-weight:bold}
        .changes{padding-left:1.2em}
        """
}
