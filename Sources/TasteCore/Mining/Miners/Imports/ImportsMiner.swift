/// Finds how imports are kept: sorted within each group, grouped by origin with blank lines between
/// (standard library, third-party, the project's own), relative or absolute paths to the project's own
/// modules, and whether Swift tests reach internals with `@testable import`. C and C++ `#include` blocks are
/// read as clang-format's `SortIncludes` sorts them: a source file's own header first, then each block sorted,
/// `<…>` and `"…"` headers each among their own.
///
/// Only runs of consecutive added import lines are read, so an import added into an old block is compared
/// with the lines added beside it, never with lines it cannot see.
public struct ImportsMiner: HeadReadingMiner, CensusReadingMiner {
    public static let description = MinerDescription(
        identifier: "imports",
        version: 5,
        name: "Imports",
        summary: "Imports sorted within groups, groups separated by origin, relative or absolute project imports, `@testable import` in Swift tests.",
        languages: [.swift, .python, .javascript, .typescript, .go, .rust, .java, .kotlin, .ruby, .c, .cpp, .csharp, .php, .scala],
        examples: [
            .shows(
                "src/shop/cart.py",
                """
                from __future__ import annotations

                import json
                import os

                import requests

                from .models import Item
                from .pricing import total
                """, expect: [.importsSorted: .bool(true), .importsGrouped: .bool(true), .relativeImports: .string("relative")]),
            .contradicts(
                "src/shop/cart.py",
                """
                import requests
                import os
                from shop.pricing import total
                import json
                from shop.models import Item
                """, expect: [.importsSorted: .bool(false), .importsGrouped: .bool(false), .relativeImports: .string("absolute")]),
            .shows(
                "server/handler.go",
                """
                package server

                import (
                \t"fmt"
                \t"net/http"

                \t"github.com/acme/kit/log"
                )
                """, expect: [.importsSorted: .bool(true), .importsGrouped: .bool(true)]),
            .shows(
                "Tests/CartTests/CartTests.swift",
                """
                import Foundation
                import XCTest
                @testable import Cart
                """, expect: [.importsSorted: .bool(true), .testableImport: .bool(true)]),
            .contradicts("Tests/CartTests/CartTests.swift", "import XCTest\nimport Cart\n", expect: [.testableImport: .bool(false)]),
            .shows(
                "src/cart.cc",
                """
                #include "src/cart.h"

                #include <string>
                #include <vector>

                #include "src/item.h"
                #include "src/price.h"
                """, expect: [.importsSorted: .bool(true), .importsGrouped: .bool(true)]),
            .contradicts(
                "src/cart.c",
                """
                #include <stdlib.h>
                #include "price.h"
                #include <stdio.h>
                #include "item.h"
                """, expect: [.importsSorted: .bool(false), .importsGrouped: .bool(false)]),
            .shows(
                "src/cart.ts",
                """
                import { readFile } from 'node:fs'
                import { z } from 'zod'
                import { total } from './pricing'
                """, expect: [.relativeImports: .string("relative")]),
            .contradicts(
                "src/cart.ts", "import { total } from '@/pricing'\nimport { Item } from '@/models'\n",
                expect: [.relativeImports: .string("absolute")]),
        ]
    )

    /// Where an import comes from, for grouping.
    enum Origin: String { case future, standard, external, local, statics }

    struct Statement {
        /// Sorters order statements of one kind (`import` and `from` in Python, `@testable` in Swift) among themselves.
        var kind: Substring
        var key: Substring
        var origin: Origin?
        /// Python and JS/TS: whether it names a module of this project, relatively or absolutely.
        var projectPath: String?
        var line: Int
        /// Imports inside a function or an `if TYPE_CHECKING:` block: sorters order them but do not split them into sections.
        var nested = false

        /// Statements of one class are ordered among themselves; classes may interleave. A relative path's depth
        /// is a class of its own: isort and ruff put `from .. import` first by default, and `from . import`
        /// first when asked (flask's code has both), so neither order is held against a file.
        var sortClass: String {
            "\(kind)|\(origin?.rawValue ?? "")|\(key.utf8.prefix { $0 == UInt8(ascii: ".") }.count)"
        }
    }

    /// A statement that goes on over more lines, until a line holding `closer`.
    struct Pending {
        var closer: String
        /// JS/TS `import {` … `} from 'x'`: the statement is known only at its last line.
        var statement: Statement?
        var kind: Substring
        var line: Int
    }

    /// The counters this miner keeps; the raw values are stored, so they never change.
    enum Counter: String {
        case sorted
        case grouped
        case project
        case testable
    }

    /// What the files at the head show (``HeadSnapshot``): how a file's imports are laid out is the file's own fact,
    /// and where merged changes added too few blocks, or a mix, the tree says how the code keeps them now.
    var head: MinerTallies?
    /// Which languages the head holds code of: a family's files are read only for those (``familyAtHead(of:)``).
    var census: TreeCensus?

    public init() {}

    /// Imports sit at the top of a file.
    static let headBytes = 8 << 10

    public func observe(_ file: SourceFile, into sink: inout ObservationSink) {
        let language = file.language
        guard file.role != .vendored else { return }
        let scope = language.rawValue
        let ownPackage = language == .python ? Self.pythonPackage(of: file.path) : nil
        let ownHeader = language == .c || language == .cpp ? Self.headerStem(of: file.path) : nil
        var groups: [[Statement]] = []
        var current: [Statement] = []
        var pending: Pending?
        var goBlock = false

        func flush() {
            if !current.isEmpty { groups.append(current) }
            current = []
            if !groups.isEmpty { Self.tally(groups, path: file.path, scope: scope, into: &sink) }
            groups = []
            pending = nil
            goBlock = false
        }

        for line in file.lines {
            if !line.followsPrevious { flush() }
            let code = CodeLine(line.text)
            if var open = pending {
                if code.contains(open.closer) {
                    if open.statement == nil, let specifier = Self.quoted(code.body) {
                        open.statement = Statement(
                            kind: open.kind, key: specifier, origin: Self.jsOrigin(specifier),
                            projectPath: Self.jsProjectPath(specifier), line: open.line)
                    }
                    if let statement = open.statement { current.append(statement) }
                    pending = nil
                }
                continue
            }
            if code.isBlank {
                if !current.isEmpty {
                    groups.append(current)
                    current = []
                }
                continue
            }
            if line.isCommentOrProse { continue }
            if goBlock {
                if code.starts(with: ")") {
                    flush()
                    continue
                }
                if let path = Self.quoted(code.body) {
                    current.append(Statement(kind: "", key: path, origin: Self.goOrigin(path), line: line.number))
                }
                continue
            }
            switch Self.parse(code, language: language, ownPackage: ownPackage, line: line.number) {
            case .statement(var statement):
                statement.nested = code.indent > 0
                if let ownHeader, current.isEmpty, Self.leadsApart(statement.key, in: file, ownHeader: ownHeader, first: groups.isEmpty) {
                    statement.kind = "main"
                    statement.origin = nil
                }
                current.append(statement)
            case .continues(var open):
                open.statement?.nested = code.indent > 0
                pending = open
            case .goBlock:
                flush()
                goBlock = true
            case .none:
                flush()
            }
        }
        flush()

        if language == .swift, file.role == .test {
            Self.tallyTestable(file, scope: scope, into: &sink)
        }
    }

    enum Parsed {
        case statement(Statement)
        case continues(Pending)
        case goBlock
        case none
    }

    static func parse(_ code: CodeLine, language: Language, ownPackage: String?, line: Int) -> Parsed {
        switch language {
        case .swift:
            guard code.contains("import") else { return .none }  // most lines: no need to split them into words
            var tokens = words(code.body)[...]
            var kind: Substring = ""
            while let first = tokens.first,
                first == "@" || first == "public" || first == "internal" || first == "package"
                    || first == "private" || first == "fileprivate"
            {
                if first == "@" {
                    tokens = tokens.dropFirst()
                    kind = tokens.first ?? ""
                }
                tokens = tokens.dropFirst()
            }
            guard tokens.first == "import", tokens.count >= 2 else { return .none }
            var name = tokens.dropFirst()
            if let first = name.first, ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"].contains(first) {
                kind = "decl"
                name = name.dropFirst()
            }
            guard let module = name.first else { return .none }
            return .statement(Statement(kind: kind, key: module, line: line))
        case .python:
            return parsePython(code, ownPackage: ownPackage, line: line)
        case .javascript, .typescript:
            return parseJavaScript(code, line: line)
        case .go:
            guard code.starts(with: "import") else { return .none }
            let rest = code.body.dropFirst(6)
            if rest.utf8.first == UInt8(ascii: "(") || rest.utf8.starts(with: " (".utf8) { return .goBlock }
            guard rest.utf8.first == 0x20, let path = quoted(rest) else { return .none }
            return .statement(Statement(kind: "", key: path, origin: goOrigin(path), line: line))
        case .rust:
            var body = code.body
            var kind: Substring = "use"
            if body.utf8.starts(with: "pub ".utf8) || body.utf8.starts(with: "pub(".utf8) {
                guard let space = body.utf8.firstIndex(of: 0x20) else { return .none }
                body = body[body.utf8.index(after: space)...]
                kind = "pub use"
            }
            guard body.utf8.starts(with: "use ".utf8) else { return .none }
            let path = body.dropFirst(4)
            let end = path.utf8.firstIndex(of: UInt8(ascii: ";")) ?? path.endIndex
            let key = path[..<end]
            let root = key.utf8.firstIndex(of: UInt8(ascii: ":")).map { key[..<$0] } ?? key
            let origin: Origin =
                ["std", "core", "alloc"].contains(root)
                ? .standard
                : ["crate", "self", "super"].contains(root) ? .local : .external
            let statement = Statement(kind: kind, key: key, origin: origin, line: line)
            if !code.contains(";") { return .continues(Pending(closer: ";", statement: statement, kind: kind, line: line)) }
            return .statement(statement)
        case .java, .kotlin:
            guard code.starts(with: "import ") else { return .none }
            var rest = code.body.dropFirst(7)
            var kind: Substring = ""
            if rest.utf8.starts(with: "static ".utf8) {
                rest = rest.dropFirst(7)
                kind = "static"
            }
            let end = rest.utf8.firstIndex(where: { $0 == UInt8(ascii: ";") || $0 == 0x20 }) ?? rest.endIndex
            let key = rest[..<end]
            // ktlint's default layout (IntelliJ's) puts `java`, `javax` and `kotlin` after the rest, then aliases
            // (`import a.b as c`), each sorted; its `ascii` layout sorts them in: as kinds of their own, either
            // reads as sorted.
            if language == .kotlin, kind.isEmpty {
                if rest[end...].utf8.starts(with: " as ".utf8) {
                    kind = "alias"
                } else if ["java", "javax", "kotlin"].contains(key.prefix { $0 != "." }) {
                    kind = "platform"
                }
            }
            return .statement(Statement(kind: kind, key: key, origin: kind == "static" ? .statics : .external, line: line))
        case .c, .cpp:
            return parseInclude(code, line: line)
        case .ruby:
            let kind: Substring = code.starts(with: "require_relative ") ? "require_relative" : code.starts(with: "require ") ? "require" : ""
            guard !kind.isEmpty, let path = quoted(code.body) else { return .none }
            return .statement(Statement(kind: kind, key: path, line: line))
        case .csharp:
            return parseUsing(code, line: line)
        case .php:
            // `use Foo\Bar;` at the top level; an indented `use` inside a class body takes in a trait.
            guard code.indent == 0, code.starts(with: "use ") else { return .none }
            var rest = code.body.dropFirst(4)
            var kind: Substring = ""
            for word in ["function ", "const "] where rest.utf8.starts(with: word.utf8) {
                rest = rest.dropFirst(word.count)
                kind = Substring(word.dropLast())
            }
            let end = rest.utf8.firstIndex(where: { $0 == UInt8(ascii: ";") || $0 == 0x20 || $0 == UInt8(ascii: "{") }) ?? rest.endIndex
            let key = rest[..<end]
            guard !key.isEmpty else { return .none }
            if !code.contains(";") {
                return .continues(Pending(closer: ";", statement: Statement(kind: kind, key: key, line: line), kind: kind, line: line))
            }
            return .statement(Statement(kind: kind, key: key.hasPrefix("\\") ? key.dropFirst() : key, line: line))
        case .scala:
            guard code.starts(with: "import ") else { return .none }
            let rest = code.body.dropFirst(7)
            let end = rest.utf8.firstIndex(where: { $0 == 0x20 || $0 == UInt8(ascii: ";") }) ?? rest.endIndex
            guard end > rest.startIndex else { return .none }
            return .statement(Statement(kind: "", key: rest[..<end], line: line))
        default:
            return .none
        }
    }

    /// C#'s `using` directives: `using System.Text;`, `using static System.Math;` and aliases (`using Json =
    /// System.Text.Json;`), each kind apart, `System` namespaces first as the .NET formatter puts them. A `using`
    /// statement (`using (var stream = …)`, `using var stream = …`) is no directive.
    static func parseUsing(_ code: CodeLine, line: Int) -> Parsed {
        var body = code.body
        if body.utf8.starts(with: "global ".utf8) { body = body.dropFirst(7) }
        guard body.utf8.starts(with: "using ".utf8), code.body.utf8.last == UInt8(ascii: ";") else { return .none }
        var rest = body.dropFirst(6).dropLast()
        var kind: Substring = ""
        if rest.utf8.starts(with: "static ".utf8) {
            rest = rest.dropFirst(7)
            kind = "static"
        } else if let equals = rest.utf8.firstIndex(of: UInt8(ascii: "=")) {
            rest = rest[..<equals]
            kind = "alias"
        }
        let key = rest.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.utf8.allSatisfy({ isIdentifierByte($0) || $0 == UInt8(ascii: ".") }), key != "var" else { return .none }
        let root = key.prefix { $0 != "." }
        let origin: Origin = root == "System" ? .standard : .external
        return .statement(Statement(kind: kind, key: Substring(key), origin: kind.isEmpty ? origin : .statics, line: line))
    }

    static func parsePython(_ code: CodeLine, ownPackage: String?, line: Int) -> Parsed {
        let kind: Substring
        let rest: Substring
        if code.starts(with: "from ") {
            kind = "from"
            rest = code.body.dropFirst(5)
            guard code.contains(" import") else { return .none }
        } else if code.starts(with: "import ") {
            kind = "import"
            rest = code.body.dropFirst(7)
        } else {
            return .none
        }
        let end = rest.utf8.firstIndex(where: { $0 == 0x20 || $0 == UInt8(ascii: ",") }) ?? rest.endIndex
        let module = rest[..<end]
        guard let head = module.utf8.first else { return .none }
        let top = module.utf8.firstIndex(of: UInt8(ascii: ".")).map { module[..<$0] } ?? module
        var origin: Origin
        var projectPath: String?
        if head == UInt8(ascii: ".") {
            origin = .local
            projectPath = "relative"
        } else if top == "__future__" {
            origin = .future
        } else if let ownPackage, top == ownPackage {
            origin = .local
            projectPath = "absolute"
        } else {
            origin = pythonStandardLibrary.contains(top) ? .standard : .external
        }
        let statement = Statement(kind: kind, key: module, origin: origin, projectPath: projectPath, line: line)
        if kind == "from", code.contains("("), !code.contains(")") {
            return .continues(Pending(closer: ")", statement: statement, kind: kind, line: line))
        }
        return .statement(statement)
    }

    /// `#include <x>` (a system or library header) and `#include "x"` (the project's own).
    static func parseInclude(_ code: CodeLine, line: Int) -> Parsed {
        guard code.starts(with: "#") else { return .none }
        var rest = code.body.dropFirst().drop { $0 == " " || $0 == "\t" }
        guard rest.utf8.starts(with: "include".utf8) else { return .none }
        rest = rest.dropFirst(7).drop { $0 == " " || $0 == "\t" }
        guard let open = rest.utf8.first, open == UInt8(ascii: "<") || open == UInt8(ascii: "\"") else { return .none }
        let closer = open == UInt8(ascii: "<") ? UInt8(ascii: ">") : open
        let path = rest.dropFirst()
        guard let end = path.utf8.firstIndex(of: closer), end > path.startIndex else { return .none }
        let key = path[..<end]
        // clang-format's Google style sorts C system headers (`<stdint.h>`) before C++ ones (`<climits>`) in a
        // block, and plain byte order mixes them: as kinds of their own, either reads as sorted.
        let kind: Substring = open == UInt8(ascii: "<") && key.hasSuffix(".h") ? "c-header" : ""
        return .statement(Statement(kind: kind, key: key, origin: open == UInt8(ascii: "<") ? .standard : .local, line: line))
    }

    /// Headers a C or C++ test file may open with, ahead of its sorted includes.
    static let testFrameworkHeaders: Set<Substring> = [
        "gtest/gtest.h", "gmock/gmock.h", "catch2/catch_all.hpp", "catch2/catch_test_macros.hpp", "catch.hpp", "doctest.h",
        "doctest/doctest.h", "boost/test/unit_test.hpp", "unity.h", "check.h", "cmocka.h",
    ]

    /// Whether a C or C++ include opening a block stands apart from the block's order: the header the file implements
    /// or tests, first of all (clang-format's main include), or a test file's framework header (leveldb's 11 test
    /// files at the head open a block with `gtest/gtest.h`, the rest of the block sorted).
    static func leadsApart(_ key: Substring, in file: SourceFile, ownHeader: Substring, first: Bool) -> Bool {
        first && isMainHeader(key, of: ownHeader) || file.role == .test && testFrameworkHeaders.contains(key)
    }

    /// Whether an include names the header a file of stem `own` implements or tests: clang-format's default
    /// `IncludeIsMainRegex` lets `table_test.cc` lead with `table.h`.
    static func isMainHeader(_ include: Substring, of own: Substring) -> Bool {
        let stem = headerStem(of: String(include))
        guard stem != own else { return true }
        return ["_test", "-test", "_unittest", "-unittest"].contains { own.hasSuffix($0) && own.dropLast($0.count) == stem }
    }

    /// A C or C++ file's name without folders and extension, for matching a source file with its header.
    static func headerStem(of path: String) -> Substring {
        let name = path.split(separator: "/").last ?? Substring(path)
        return name.lastIndex(of: ".").map { name[..<$0] } ?? name
    }

    static func parseJavaScript(_ code: CodeLine, line: Int) -> Parsed {
        if code.starts(with: "import ") || code.starts(with: "import{") {
            if code.starts(with: "import(") { return .none }
            let kind: Substring = code.starts(with: "import type ") ? "type" : "import"
            guard let specifier = quoted(code.body) else {
                // `import {` on its own line: the specifier comes with `} from '…'`.
                return code.contains("{") && !code.contains("}") ? .continues(Pending(closer: "from", statement: nil, kind: kind, line: line)) : .none
            }
            let sideEffect = !code.contains(" from ") && !code.contains("}from")
            return .statement(
                Statement(
                    kind: sideEffect ? "side" : kind, key: specifier, origin: jsOrigin(specifier),
                    projectPath: jsProjectPath(specifier), line: line))
        }
        if (code.starts(with: "const ") || code.starts(with: "let ") || code.starts(with: "var ")) && code.contains("= require(") {
            guard let specifier = quoted(code.body) else { return .none }
            return .statement(
                Statement(
                    kind: "require", key: specifier, origin: jsOrigin(specifier),
                    projectPath: jsProjectPath(specifier), line: line))
        }
        return .none
    }

    /// The first quoted text on a line ('…', "…" or `…`).
    static func quoted(_ text: Substring) -> Substring? {
        let bytes = text.utf8
        guard let open = bytes.firstIndex(where: { $0 == 0x22 || $0 == 0x27 || $0 == 0x60 }) else { return nil }
        let quote = bytes[open]
        let start = bytes.index(after: open)
        guard let close = bytes[start...].firstIndex(of: quote), start < close else { return nil }
        return text[start..<close]
    }

    static func goOrigin(_ path: Substring) -> Origin {
        let first = path.utf8.firstIndex(of: UInt8(ascii: "/")).map { path[..<$0] } ?? path
        return first.utf8.contains(UInt8(ascii: ".")) ? .external : .standard
    }

    static func jsOrigin(_ specifier: Substring) -> Origin {
        if specifier.utf8.first == UInt8(ascii: ".") || jsProjectPath(specifier) == "absolute" { return .local }
        if specifier.utf8.starts(with: "node:".utf8) { return .standard }
        let first = specifier.utf8.firstIndex(of: UInt8(ascii: "/")).map { specifier[..<$0] } ?? specifier
        return nodeBuiltins.contains(first) ? .standard : .external
    }

    /// "relative" for `./x` and `../x`; "absolute" for the aliases projects give their own root (`@/x`, `~/x`,
    /// `#x`, `src/x`); nil for packages.
    static func jsProjectPath(_ specifier: Substring) -> String? {
        let bytes = specifier.utf8
        if bytes.first == UInt8(ascii: ".") { return "relative" }
        if bytes.starts(with: "@/".utf8) || bytes.starts(with: "~/".utf8) || bytes.first == UInt8(ascii: "#")
            || bytes.starts(with: "src/".utf8)
        {
            return "absolute"
        }
        return nil
    }

    /// The top-level package a Python file belongs to: the first folder of its path, past `src/` and `lib/`.
    /// Tests, docs and examples belong to none: relative imports there say nothing of the package's habit.
    static func pythonPackage(of path: String) -> String? {
        var parts = path.split(separator: "/").dropLast()
        while let first = parts.first, ["src", "lib", "python"].contains(first) { parts = parts.dropFirst() }
        guard let package = parts.first,
            ![
                "tests", "test", "docs", "doc", "examples", "example", "scripts", "tools",
                "benchmarks", "testing",
            ].contains(package),
            !FileRole.isTest(path, language: .python)
        else { return nil }
        return String(package)
    }

    /// Counts what one block of imports shows: each group's order, and whether origins are kept apart.
    static func tally(_ groups: [[Statement]], path: String, scope: String, into sink: inout ObservationSink) {
        for group in groups where group.count >= 2 {
            let unsorted = firstUnsorted(group)
            sink.count(Counter.sorted, unsorted == nil ? "true" : "false", scope: scope, path: path, line: unsorted ?? group[0].line)
        }
        let origins = Set(groups.joined().compactMap(\.origin))
        // C#'s `System` namespaces lead one block with no blank line after them: an order, not a grouping.
        if origins.count >= 2, !groups.joined().contains(where: \.nested), scope != Language.csharp.rawValue {
            var mixedAt: Int?
            for group in groups where mixedAt == nil {
                for (a, b) in zip(group, group.dropFirst()) where a.origin != nil && b.origin != nil && a.origin != b.origin {
                    mixedAt = b.line
                    break
                }
            }
            // Two origins in a block: either a group mixes them, or blank lines keep them apart.
            sink.count(
                Counter.grouped, mixedAt == nil ? "true" : "false", scope: scope, path: path, line: mixedAt ?? groups[groups.count - 1][0].line)
        }
        for statement in groups.joined() {
            if let project = statement.projectPath {
                sink.count(Counter.project, project, scope: scope, path: path, line: statement.line)
            }
        }
    }

    /// The line where a group leaves alphabetical order, or nil. Each kind and origin is compared among its
    /// own (isort puts `import x` before `from x import y`, third-party before the package's own). Byte order, case-blind order, and rustfmt's order
    /// (lowercase modules before CamelCase types) all count as sorted.
    static func firstUnsorted(_ group: [Statement]) -> Int? {
        var first: [Int?] = [nil, nil, nil]
        var last: [String: Substring] = [:]
        for statement in group {
            // Sections (standard library, third-party, own) come in their order even without blank lines between.
            let kind = statement.sortClass
            if let previous = last[kind] {
                for order in 0..<3 where first[order] == nil {
                    if sortKey(statement.key, order).lexicographicallyPrecedes(sortKey(previous, order)) { first[order] = statement.line }
                }
            }
            last[kind] = statement.key
        }
        guard first.allSatisfy({ $0 != nil }) else { return nil }
        return first.compactMap { $0 }.min()
    }

    /// 0: bytes; 1: case-blind; 2: rustfmt's, uppercase after every lowercase letter and the path roots
    /// `self`, `super`, `crate` first, in that order (ripgrep's `use super::…` above `use crate::…`).
    static func sortKey(_ text: Substring, _ order: Int) -> [UInt8] {
        switch order {
        case 1: return text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        case 2:
            let root = text.prefix { $0 != ":" }
            let rank: UInt8? = root == "self" ? 1 : root == "super" ? 2 : root == "crate" ? 3 : nil
            let rest = rank == nil ? text : text.dropFirst(root.count)
            return (rank.map { [$0] } ?? []) + rest.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x80 : $0 }
        default: return Array(text.utf8)
        }
    }

    /// Swift modules a test imports that are not the code under test.
    static let systemModules: Set<Substring> = [
        "Foundation", "XCTest", "Testing", "Dispatch", "Darwin", "Glibc", "Musl", "WinSDK", "os", "OSLog", "Combine",
        "SwiftUI", "UIKit", "AppKit", "CoreFoundation", "FoundationEssentials", "FoundationNetworking", "Network",
        "Synchronization", "_Concurrency", "CoreGraphics", "CoreData", "ObjectiveC", "Security", "System",
    ]

    /// A Swift test file shows whether tests import the module under test with `@testable`.
    static func tallyTestable(_ file: SourceFile, scope: String, into sink: inout ObservationSink) {
        var testable: Int?
        var plain: Int?
        for line in file.lines {
            let code = CodeLine(line.text)
            guard !line.isCommentOrProse, code.starts(with: "@testable import ") || code.starts(with: "import ") else {
                if !code.isBlank && !line.isCommentOrProse && !code.starts(with: "@") && !code.starts(with: "#") { break }
                continue
            }
            if code.starts(with: "@testable ") {
                testable = testable ?? line.number
            } else if let module = code.word(at: 7), !systemModules.contains(module) {
                plain = plain ?? line.number
            }
        }
        if let testable {
            sink.count(Counter.testable, "true", scope: scope, path: file.path, line: testable)
        } else if let plain {
            sink.count(Counter.testable, "false", scope: scope, path: file.path, line: plain)
        }
    }

    public func rules(from tallies: MinerTallies) -> [RuleDraft] {
        tallies.sortedScopes.compactMap { scope, stats in
            guard let language = Language(rawValue: scope), stats.commits >= MinimumEvidence.commits else { return nil }
            var rule = RuleComposer()
            let atHead = head?.scopes[scope]
            let family = familyAtHead(of: language)
            let sorted = stats.share(of: "true", in: Counter.sorted)
            // Two lines fall in order half the time by chance: a sorted rule needs most groups sorted, lately and
            // overall. Unsorted is stated only at chance: 60% sorted is some care, and stated as unsorted it made a
            // fact of the 40% that are not, which led the rule (flask's imports, dropped as "split" and back 25
            // merges later).
            Self.layout(
                .importsSorted, .sorted, history: sorted, minimum: 10, high: 0.9, low: 0.5, atHead: atHead,
                family: family.map { ($0, language) }, unit: "import groups", into: &rule,
                whenTrue: "Keep imports in alphabetical order within each group (\(percent(sorted.share)) of added groups are).",
                whenFalse:
                    "Imports are not kept in alphabetical order (only \(percent(sorted.share)) of added groups are); add new ones where they fit.",
                atHeadSentence: { value, count, files in
                    let figures = "\(count) groups in \(files)"
                    return value
                        ? "Keep imports in alphabetical order within each group (\(figures) are)."
                        : "Imports are not kept in alphabetical order (\(figures) are not); add new ones where they fit."
                },
                mixed: "Imports are sorted in \(historyAndRecent(sorted)) of added groups: the habit is recent or partial; keep a file's order.",
                mixedShare: sorted.share, mixedCites: "false")
            let grouped = stats.share(of: "true", in: Counter.grouped)
            let groups = Self.groupNames[language] ?? "origin"
            Self.layout(
                .importsGrouped, .grouped, history: grouped, minimum: 8, high: 0.8, low: 0.3, atHead: atHead,
                family: family.map { ($0, language) }, unit: "import blocks", into: &rule,
                whenTrue: "Group imports by \(groups), with a blank line between groups.",
                whenFalse: "Imports are not split into groups by origin (\(percent(1 - grouped.share)) of blocks mix them).",
                atHeadSentence: { value, count, files in
                    let figures = "\(count) blocks in \(files)"
                    return value
                        ? "Group imports by \(groups), with a blank line between groups (\(figures) do)."
                        : "Imports are not split into groups by origin (\(figures) mix them)."
                },
                mixed: "Mixed: \(historyAndRecent(grouped)) of import blocks group imports by \(groups); follow the file you edit.",
                mixedShare: max(grouped.share, 1 - grouped.share), mixedCites: "true")
            let own = language == .python ? "the package's own modules" : "the project's own modules"
            func how(_ value: String) -> String {
                let how =
                    value == "relative"
                    ? (language == .python ? "relatively (`from .models import Item`)" : "by relative path (`./x`, `../x`)")
                    : (language == .python ? "absolutely (`from package.models import Item`)" : "through the project's path alias (`@/x`), not `../`")
                return "Import \(own) \(how)."
            }
            // Stated from the merged history where it is clear, else from the files at the head where they are (a
            // package written in one merge holds its imports in one commit; flask's history is split 56% absolute
            // where its package, made relative in 2010, keeps 21 of 22 relative), else said as the history's mix.
            let project = stats.dominant(Counter.project).flatMap { $0.observations >= 10 && $0.commits >= MinimumEvidence.commits ? $0 : nil }
            let projectRule = { (project: Dominant) in
                rule.categorical(
                    .relativeImports, project, threshold: 0.8, unit: "project imports", key: Counter.project.rawValue,
                    stated: { how(project.value) },
                    mixed: { "Mixed: \(percent(project.share)) of imports of \(own) are \(project.value); follow the file you edit." })
            }
            if let project, project.share >= 0.8 {
                projectRule(project)
            } else if let now = atHead?.dominant(Counter.project), now.observations >= 10, now.commits >= MinimumEvidence.commits,
                now.share >= 0.9, confidence(share: now.share, commits: now.commits) >= MinimumEvidence.confidence
            {
                rule.state(
                    .relativeImports, .string(now.value), share: now.share,
                    support: Support(observations: now.observations, agreeing: now.agreeing, commits: now.commits), unit: "project imports",
                    evidence: (Counter.project.rawValue, now.value), atHead: true,
                    how(now.value) + " At the head, \(now.agreeing.formatted()) of \(now.observations.formatted()) imports of \(own) in "
                        + "\(now.commits.formatted()) files are \(now.value).")
            } else if let project {
                projectRule(project)
            }
            let testable = stats.share(of: "true", in: Counter.testable)
            if language == .swift, testable.observations >= 5, testable.commits >= MinimumEvidence.commits {
                rule.boolean(
                    .testableImport, testable, high: 0.8, low: 0.2, unit: "test files", key: Counter.testable.rawValue,
                    whenTrue: "Tests import the module under test with `@testable import`.",
                    whenFalse: "Tests import the module under test with a plain `import` and test its public API; avoid `@testable`.",
                    mixed: "Mixed: \(percent(testable.share)) of test files use `@testable import`; the rest test the public API.")
            }
            return rule.draft(topic: "imports", language: language)
        }
    }

    typealias Figures = (share: Double, agreeing: Int, observations: Int, commits: Int)

    /// A yes-or-no fact as the files at the head keep it.
    struct HeadReading {
        var value: Bool
        var figures: Figures
        /// The share of the cases that keep `value`.
        var share: Double { value ? figures.share : 1 - figures.share }
        var agreeing: Int { value ? figures.agreeing : figures.observations - figures.agreeing }
    }

    /// The head's figures where they say one thing clearly (true above `high`, false below `low`) over enough code:
    /// ten cases, in enough files for the confidence a rule needs. A weaker reading would replace the history's
    /// "mixed" with a fact too thin to state, and the rule would vanish (swift-nio's C imports at mainline 2241).
    static func clear(_ figures: Figures, high: Double, low: Double) -> HeadReading? {
        guard figures.observations >= 10, figures.commits >= MinimumEvidence.commits else { return nil }
        let reading: HeadReading
        if clearlyHigh(figures, high) {
            reading = HeadReading(value: true, figures: figures)
        } else if clearlyLow(figures, low) {
            reading = HeadReading(value: false, figures: figures)
        } else {
            return nil
        }
        return confidence(share: reading.share, commits: figures.commits) >= MinimumEvidence.confidence ? reading : nil
    }

    /// A yes-or-no layout fact: stated from the merged history where it is clear (at least `minimum` cases), else
    /// from the files at the head where they are (``clear(_:high:low:)``), else from the head's files of the language's
    /// formatter family (`family`, ``MinerTallies/family(of:)``) where those are clear and the language's own agree,
    /// enough of them (``MinerTallies/ownCasesSuffice(count:files:)``): fmt's two C files hold four blocks, its C++
    /// files two dozen, under one `.clang-format`. Else said as a mix of the history. `atHeadSentence` words the head's
    /// value, given "N of M" and the files counted.
    static func layout(
        _ fact: FactKey, _ counter: Counter, history: Figures, minimum: Int, high: Double, low: Double, atHead: ScopeTallies?,
        family: (tallies: ScopeTallies, language: Language)? = nil, unit: String, into rule: inout RuleComposer, whenTrue: String, whenFalse: String,
        atHeadSentence: (Bool, String, String) -> String, mixed: String, mixedShare: Double, mixedCites: String
    ) {
        let own = atHead?.share(of: "true", in: counter)
        let known = history.observations >= minimum && history.commits >= MinimumEvidence.commits
        if known, clearlyHigh(history, high) {
            rule.state(fact, .bool(true), share: history.share, support: support(history), unit: unit, evidence: (counter.rawValue, "true"), whenTrue)
        } else if known, clearlyLow(history, low) {
            rule.state(
                fact, .bool(false), share: 1 - history.share, support: support(history, agreeing: false), unit: unit,
                evidence: (counter.rawValue, "false"), whenFalse)
        } else if let now = own.flatMap({ clear($0, high: high, low: low) }) {
            rule.state(
                fact, .bool(now.value), share: now.share, support: support(now.figures, agreeing: now.value), unit: unit,
                evidence: (counter.rawValue, "\(now.value)"), atHead: true,
                atHeadSentence(now.value, "\(now.agreeing.formatted()) of \(now.figures.observations.formatted())", "the files at the head"))
        } else if let own, let family, let now = familyReading(family.tallies, own: own, counter: counter, high: high, low: low) {
            let language = family.language
            let mine = HeadReading(value: now.value, figures: own)
            let names = proseList(language.formatterFamily.map(\.displayName).sorted())
            rule.state(
                fact, .bool(now.value), share: now.share, support: support(now.figures, agreeing: now.value), unit: unit,
                evidence: (counter.rawValue, "\(now.value)"), atHead: true,
                atHeadSentence(
                    now.value, "\(now.agreeing.formatted()) of \(now.figures.observations.formatted())", "the \(names) files at the head")
                    + " \(language.displayName)'s own files hold too few to read alone (\(mine.agreeing.formatted()) of "
                    + "\(own.observations.formatted()) agree); one formatter keeps both languages alike.")
        } else if known {
            rule.mixed(share: mixedShare, support: support(history), unit: unit, evidence: (counter.rawValue, mixedCites), mixed)
        }
    }

    /// The family's reading at the head, where it is clear and the language's own cases, enough of them
    /// (``MinerTallies/ownCasesSuffice(count:files:)``), clearly agree with it.
    static func familyReading(_ family: ScopeTallies, own: Figures, counter: Counter, high: Double, low: Double) -> HeadReading? {
        guard let now = clear(family.share(of: "true", in: counter), high: high, low: low),
            MinerTallies.ownCasesSuffice(count: own.observations, files: own.commits),
            now.value ? clearlyHigh(own, high) : clearlyLow(own, low)
        else { return nil }
        return now
    }

    /// The support of a yes-or-no figure, counting the cases that agree with `agreeing`.
    static func support(_ figures: Figures, agreeing: Bool = true) -> Support {
        Support(
            observations: figures.observations, agreeing: agreeing ? figures.agreeing : figures.observations - figures.agreeing,
            commits: figures.commits)
    }

    static let groupNames: [Language: String] = [
        .python: "origin (`__future__`, standard library, third-party, the package's own)",
        .go: "origin (standard library first, then other modules)",
        .rust: "origin (`std`/`core`, external crates, `crate`/`super`)",
        .javascript: "origin (Node built-ins, packages, relative paths)",
        .typescript: "origin (Node built-ins, packages, relative paths)",
        .java: "kind (static imports apart)",
        .c: "kind (`<…>` headers apart from the project's `\"…\"` headers)",
        .cpp: "kind (`<…>` headers apart from the project's `\"…\"` headers)",
        .kotlin: "kind (static imports apart)",
    ]

    static let nodeBuiltins: Set<Substring> = [
        "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto", "dgram", "dns",
        "domain", "events", "fs", "http", "http2", "https", "inspector", "module", "net", "os", "path", "perf_hooks",
        "process", "punycode", "querystring", "readline", "repl", "stream", "string_decoder", "timers", "tls", "tty",
        "url", "util", "v8", "vm", "worker_threads", "zlib",
    ]

    static let pythonStandardLibrary: Set<Substring> = [
        "abc", "argparse", "array", "ast", "asyncio", "atexit", "base64", "binascii", "bisect", "builtins", "bz2",
        "calendar", "cgi", "cmath", "cmd", "codecs", "collections", "colorsys", "concurrent", "configparser",
        "contextlib", "contextvars", "copy", "copyreg", "cProfile", "csv", "ctypes", "dataclasses", "datetime", "dbm",
        "decimal", "difflib", "dis", "doctest", "email", "encodings", "enum", "errno", "faulthandler", "fcntl",
        "filecmp", "fileinput", "fnmatch", "fractions", "ftplib", "functools", "gc", "getopt", "getpass", "gettext",
        "glob", "graphlib", "grp", "gzip", "hashlib", "heapq", "hmac", "html", "http", "imaplib", "importlib",
        "inspect", "io", "ipaddress", "itertools", "json", "keyword", "linecache", "locale", "logging", "lzma",
        "mailbox", "marshal", "math", "mimetypes", "mmap", "multiprocessing", "netrc", "numbers", "operator", "optparse",
        "os", "pathlib", "pdb", "pickle", "pkgutil", "platform", "plistlib", "poplib", "posixpath", "pprint", "profile",
        "pstats", "pty", "pwd", "queue", "quopri", "random", "re", "readline", "reprlib", "resource", "runpy", "sched",
        "secrets", "select", "selectors", "shelve", "shlex", "shutil", "signal", "site", "smtplib", "socket",
        "socketserver", "sqlite3", "ssl", "stat", "statistics", "string", "stringprep", "struct", "subprocess",
        "sys", "sysconfig", "syslog", "tarfile", "tempfile", "termios", "textwrap", "threading", "time", "timeit",
        "tkinter", "token", "tokenize", "tomllib", "trace", "traceback", "tracemalloc", "tty", "types", "typing",
        "unicodedata", "unittest", "urllib", "uuid", "venv", "warnings", "wave", "weakref", "webbrowser", "wsgiref",
        "xml", "xmlrpc", "zipfile", "zipimport", "zlib", "zoneinfo", "_thread", "__main__", "urllib2", "urlparse",
        "httplib", "cookielib", "StringIO", "cStringIO", "Queue", "Cookie",
    ]
}
