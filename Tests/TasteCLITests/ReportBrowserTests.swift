import Foundation
import TasteTestSupport
import XCTest

/// `taste report` on real repositories, loaded in headless Chromium over the DevTools protocol
/// (`scripts/report-browser.py`): the page must attempt no request, log no error, and show the charts and marks
/// the history calls for. A screenshot of each page is kept under `.build/test-output/report/` for a person.
final class ReportBrowserTests: XCTestCase {
    static let hostileSubject = "<script>alert(1)</script> keep two spaces"
    static let hostilePath = "app/it's \"odd\" <b>.py"

    /// 20 commits of 4-space Python mined, then five 2-space merges and a 2-space commit with a hostile subject
    /// and path, mined one by one: indentation switches at the first merge, and python-style turns stale.
    private func switchingHistory() throws -> (ReviewHistory, merges: [String], hostile: String) {
        let history = try ReviewHistory(try Sandbox())
        for _ in 0..<20 { try history.commit() }
        try history.mine()
        var merges: [String] = []
        for _ in 0..<5 {
            merges.append(try history.merge(indent: 2))
            try history.mine()
        }
        let hostile = try history.commit(Self.hostileSubject, files: [Self.hostilePath: Code.pythonModule("odd", indent: 2)])
        try history.mine()
        return (history, merges, hostile)
    }

    func testSwitchAndStaleRuleAreDrawnAtTheirCommitsWithNoRequestOrError() throws {
        let (history, merges, hostile) = try switchingHistory()
        let out = history.sandbox.root.appendingPathComponent("report.html").path
        let result = try history.taste("report", "--out", out)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("Wrote \(out) ("), result.stdout)
        let html = fileText(out)
        XCTAssertFalse(html.contains("<script"), "no script element at all, and the hostile subject escaped")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("app/it&#39;s &quot;odd&quot; &lt;b&gt;.py"))

        for dark in [false, true] {
            let page = try load(out, name: "convention-switch" + (dark ? "-dark" : ""), dark: dark)
            XCTAssertEqual(page.requests, [], "the page must fetch nothing")
            XCTAssertEqual(page.errors, [], "no console error, exception or CSP violation")
            let dom = page.dom

            // The indentation rule comes first (stale), with its chart, the switch at the first 2-space merge and the
            // versions: v1 when first mined at the 20th commit, v2 when it turned stale at the hostile commit.
            let articles = dom.components(separatedBy: "<article class=\"rule").dropFirst()
            let first = try XCTUnwrap(articles.first)
            XCTAssertTrue(first.contains("data-rule=\"python-style/indentation\""), String(first.prefix(300)))
            XCTAssertTrue(first.contains("<span class=\"badge stale\">stale</span>"))
            XCTAssertTrue(first.contains("<svg class=\"chart adherence\""))
            XCTAssertEqual(
                attributes("g class=\"switch\"", in: first),
                ["data-commit=\"\(merges[0])\" data-window=\"20\" data-from=\"4\" data-to=\"2\""])
            let twentieth = try history.revParse("HEAD~6")
            XCTAssertEqual(
                attributes("g class=\"version\"", in: first),
                [
                    "data-version=\"1\" data-commit=\"\(twentieth)\" data-window=\"19\"",
                    "data-version=\"2\" data-commit=\"\(hostile)\" data-window=\"25\"",
                ])
            // Counter-evidence links to the cited commit, whose row holds the hostile subject as text.
            XCTAssertTrue(first.contains("<a href=\"#commit-\(hostile)\">"), "counter-evidence links to its commit")
            XCTAssertTrue(first.contains("app/it's \"odd\" &lt;b&gt;.py:"), "the path is text, quotes and all")
            XCTAssertTrue(dom.contains("<tr id=\"commit-\(hostile)\">"))
            XCTAssertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt; keep two spaces"))
            XCTAssertFalse(dom.contains("<b>.py"), "the path's markup stays text")
            // Every chart has a text alternative and a table of its figures.
            XCTAssertEqual(count("<svg class=\"chart", in: dom), count("<desc id=", in: dom))
            XCTAssertEqual(count("<svg class=\"chart", in: dom), count("<summary>Figures</summary>", in: dom))
            XCTAssertTrue(dom.contains("id=\"mix-commit-conventions\""))
            XCTAssertTrue(dom.contains("class=\"area s0\" data-value=\"conventional\""))
            XCTAssertTrue(dom.contains("Skills changed since the first mining (no review yet)"))
        }
    }

    /// A repository whose conventions never moved: charts, but no switch anywhere.
    func testSteadyRepositoryHasChartsAndNoSwitch() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.makeRepository("steady", commits: 12)
        XCTAssertEqual(try sandbox.run("mine", "--repo", path).status, 0)
        let out = path + "/report.html"
        let result = try sandbox.run("report", "--repo", path, "--out", out)
        XCTAssertEqual(result.status, 0, result.stderr)
        let page = try load(out, name: "steady", dark: false)
        XCTAssertEqual(page.requests, [])
        XCTAssertEqual(page.errors, [])
        XCTAssertTrue(page.dom.contains("data-rule=\"swift-style/indentation\""))
        XCTAssertTrue(page.dom.contains("id=\"mix-test-frameworks\""))
        XCTAssertEqual(count("g class=\"switch\"", in: page.dom), 0)
    }

    func testBadOutputAndUnminedRepositoryAreOneLineErrors() throws {
        let sandbox = try Sandbox()
        let path = try sandbox.makeRepository("plain", commits: 3)
        assertOneLineError(try sandbox.run("report", "--repo", path), containing: "run 'taste mine' first")
        XCTAssertEqual(try sandbox.run("mine", "--repo", path).status, 0)
        assertOneLineError(try sandbox.run("report", "--repo", path, "--out", sandbox.root.path), containing: "names a file, not a folder")
    }

    // MARK: Chromium

    struct Page {
        var requests: [String]
        var errors: [String]
        var dom: String
    }

    /// Loads `file` in headless Chromium; the screenshot goes to `.build/test-output/report/<name>.png`.
    private func load(_ file: String, name: String, dark: Bool) throws -> Page {
        let output = TasteBinary.packageRoot.appendingPathComponent(".build/test-output/report")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let dom = output.appendingPathComponent("\(name).dom.html").path
        let script = TasteBinary.packageRoot.appendingPathComponent("scripts/report-browser.py").path
        let result = try runProcess(
            "/usr/bin/env",
            ["python3", script, file, "--screenshot", output.appendingPathComponent("\(name).png").path, "--dom", dom] + (dark ? ["--dark"] : []))
        let answer = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout) \(result.stderr)")
        XCTAssertNil(answer["failure"], "chromium: \(answer["failure"] ?? "")")
        XCTAssertEqual(result.status, 0, result.stdout)
        return Page(requests: answer["requests"] as? [String] ?? ["?"], errors: answer["errors"] as? [String] ?? ["?"], dom: fileText(dom))
    }

    /// The attributes after `element` (up to its `>`), for each occurrence.
    private func attributes(_ element: String, in text: String) -> [String] {
        text.components(separatedBy: "<" + element + " ").dropFirst().map { String($0.prefix { $0 != ">" }) }
    }

    private func count(_ fragment: String, in text: String) -> Int { text.components(separatedBy: fragment).count - 1 }
}
