import Foundation
import TasteTestSupport
import XCTest

@testable import TasteCore

/// Facts every formatter states, mined end to end from generated histories: wide line limits, limits of
/// tab-indented code counted at the formatter's tab width, semicolons where they are optional, and C include
/// order.
final class FormatterFactsTests: XCTestCase {
    func testWideLimitsAreFoundAsSurelyAsEighty() throws {
        for limit in [80, 132, 166, 200] {
            let fixture = try GitFixture()
            let lines = FormattedCode.lines(limit: limit, count: 20_000, seed: UInt64(limit))
            for (index, start) in stride(from: 0, to: lines.count, by: 1_000).enumerated() {
                try fixture.commit("Add part \(index)", files: ["src/part\(index).py": lines[start..<(start + 1_000)].joined(separator: "\n") + "\n"])
            }
            let store = try makeStore()
            try mine(fixture.path, into: store)
            let rule = try rule("python-style/line-length", of: fixture.path, in: store)
            XCTAssertEqual(rule.facts, ["max_line_length": .int(limit)], "limit \(limit)")
        }
    }

    /// The configuration says how a tab counts; without it, the width at which the lines pile up under one limit.
    func testTabIndentedCodeIsMeasuredAtTheConfiguredTabWidthElseAtItsCliffs() throws {
        let fixture = try GitFixture()
        try fixture.commit("Add editor settings", files: [".editorconfig": "root = true\n\n[*.go]\nindent_style = tab\ntab_width = 8\n"])
        let lines = FormattedCode.lines(limit: 100, count: 6_000, seed: 7, tab: 8)
        for (index, start) in stride(from: 0, to: lines.count, by: 400).enumerated() {
            let body = lines[start..<(start + 400)].joined(separator: "\n")
            try fixture.commit("Add part \(index)", files: ["part\(index)/part.go": "package part\(index)\n\n\(body)\n"])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rule = try rule("go-style/line-length", of: fixture.path, in: store)
        XCTAssertEqual(rule.facts, ["max_line_length": .int(100), "tab_width": .int(8)])
        XCTAssertTrue(rule.statement.contains("a tab counted as 8 columns"), rule.statement)
        // From the code alone: at 4 columns a tab the same lines show no cliff; at 8 they pile up under 100.
        let ignoring = try makeStore()
        try mine(fixture.path, into: ignoring) { $0.ignoreConfig = true }
        let shown = try self.rule("go-style/line-length", of: fixture.path, in: ignoring)
        XCTAssertEqual(shown.facts, ["max_line_length": .int(100), "tab_width": .int(8)])
    }

    func testTheConfiguredTabWidthDecidesWhereTheCodeCannot() throws {
        // Tabbed lines stay well short of the limit: any tab width shows the same cliff, so only the
        // configuration can say how a tab is counted.
        let fixture = try GitFixture()
        try fixture.commit("Add editor settings", files: [".editorconfig": "root = true\n\n[*.go]\nindent_style = tab\ntab_width = 2\n"])
        let plain = FormattedCode.lines(limit: 100, count: 4_000, seed: 3)
        for (index, start) in stride(from: 0, to: plain.count, by: 400).enumerated() {
            let tabbed = (0..<60).map { "\t" + String(repeating: "b", count: 60 + $0 % 10) }
            let body = (plain[start..<(start + 400)] + tabbed).joined(separator: "\n")
            try fixture.commit("Add part \(index)", files: ["part\(index)/part.go": "package part\(index)\n\n\(body)\n"])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        XCTAssertEqual(
            try rule("go-style/line-length", of: fixture.path, in: store).facts, ["max_line_length": .int(100), "tab_width": .int(2)])
        // From the code alone the tabs are measured at 4, which is no fact the code showed: none is stated.
        let ignoring = try makeStore()
        try mine(fixture.path, into: ignoring) { $0.ignoreConfig = true }
        let measured = try rule("go-style/line-length", of: fixture.path, in: ignoring)
        XCTAssertEqual(measured.facts, ["max_line_length": .int(100)])
        XCTAssertTrue(measured.statement.contains("a tab counted as 4 columns"), measured.statement)
    }

    func testSwiftWithoutSemicolonsGivesARuleToLeaveThemOut() throws {
        let fixture = try makeSwiftRepository(commits: 8)
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rule = try rule("swift-style/semicolons", of: fixture.path, in: store)
        XCTAssertEqual(rule.facts, ["semicolons": .bool(false)])
        XCTAssertEqual(rule.statement, "Don't end statements with a semicolon: a line break ends them.")
    }

    func testCIncludesSortedWithinBlocksGiveSortedAndGroupedRules() throws {
        let fixture = try GitFixture()
        for index in 0..<10 {
            let source = """
                #include "src/mod\(index).h"

                #include <stdio.h>
                #include <stdlib.h>
                #include <string.h>

                #include "src/util.h"
                #include "src/vec.h"

                int mod\(index)(void) {
                    return \(index);
                }
                """
            try fixture.commit("Add mod\(index)", files: ["src/mod\(index).c": source + "\n"])
        }
        let store = try makeStore()
        try mine(fixture.path, into: store)
        let rule = try rule("c-style/imports", of: fixture.path, in: store)
        XCTAssertEqual(rule.facts, ["imports_sorted": .bool(true), "imports_grouped": .bool(true)])
    }
}

/// Code as a formatter leaves it at a line limit, generated so that each run is the same.
enum FormattedCode {
    /// `count` lines whose widths fall off as real code's do (most short, a long tail); a line that would run
    /// over `limit` is wrapped into a piece that fills up to a few columns short of the limit, and the rest.
    /// With `tab`, every line is indented with one to three tabs, each counted as `tab` columns.
    static func lines(limit: Int, count: Int, seed: UInt64, tab: Int? = nil) -> [String] {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var lines: [String] = []
        while lines.count < count {
            let tabs = tab == nil ? 0 : 1 + Int(next() * 3)
            let indent = tabs * (tab ?? 0)
            var width = indent + 8 + Int(-log(max(next(), 1e-12)) * 34)
            while width > limit, lines.count < count {
                let piece = limit - Int(next() * 8)
                lines.append(line(width: piece, tabs: tabs, indent: indent))
                width = indent + 4 + (width - piece)
            }
            if lines.count < count { lines.append(line(width: width, tabs: tabs, indent: indent)) }
        }
        return lines
    }

    private static func line(width: Int, tabs: Int, indent: Int) -> String {
        String(repeating: "\t", count: tabs) + "x = " + String(repeating: "a", count: max(1, width - indent - 4))
    }
}
