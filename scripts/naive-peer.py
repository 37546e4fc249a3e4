#!/usr/bin/env python3
"""A naive peer for scripts/accuracy.sh: style facts read from the HEAD tree alone, with the simple votes a
one-off script would use (indentation vote, line-length percentile, quote vote, test imports...). No history,
no lexer, no configuration. Prints {language: {fact: value}} as JSON.

    scripts/naive-peer.py REPO
"""
import json
import re
import subprocess
import sys
from collections import Counter

EXTENSIONS = {
    "swift": "swift", "py": "python", "js": "javascript", "jsx": "javascript", "mjs": "javascript", "cjs": "javascript",
    "ts": "typescript", "tsx": "typescript", "mts": "typescript", "cts": "typescript", "go": "go", "rs": "rust",
    "c": "c", "h": "c", "cc": "cpp", "cpp": "cpp", "cxx": "cpp", "hpp": "cpp", "hh": "cpp", "java": "java",
    "kt": "kotlin", "kts": "kotlin", "rb": "ruby", "sh": "shell", "bash": "shell", "cs": "csharp", "php": "php",
    "scala": "scala", "sc": "scala",
}
SKIPPED_FOLDERS = {"node_modules", "vendor", "third_party", "third-party", "dist", "build", "external", "deps"}
LIMITS = [72, 79, 80, 88, 90, 100, 110, 120, 130, 132, 140, 150, 160, 180, 200]
HASH_COMMENTS = {"python", "ruby", "shell"}
QUOTED = {"python", "javascript", "typescript", "ruby", "php"}
COMMA_LANGUAGES = {"swift", "python", "javascript", "typescript", "rust", "go", "kotlin"}
BRACE_LANGUAGES = {"c", "cpp", "java", "javascript", "typescript", "swift", "kotlin", "go", "rust", "csharp", "php"}
TEST_PATH = re.compile(r"(^|/)(tests?|__tests__|spec|Tests)(/|$)|[._-](test|spec)\.[a-z]+$|_test\.(go|py|rb)$|(^|/)test_[^/]*\.py$|Tests?\.(swift|java|kt|cs|php|scala)$")
TEST_IMPORTS = {
    "javascript": [
        ("vitest", ["from 'vitest'", 'from "vitest"', "vi.fn(", "vi.mock("]), ("jest", ["@jest/globals", "jest.fn(", "jest.mock("]),
        ("mocha", ["from 'mocha'", "require('mocha')", "from 'chai'", "require('chai')"]), ("ava", ["from 'ava'", "require('ava')"]),
        ("uvu", ["from 'uvu'"]), ("node-test", ["node:test"]),
    ],
    "python": [("pytest", ["import pytest", "from pytest"]), ("unittest", ["unittest.TestCase", "import unittest"])],
    "swift": [("swift-testing", ["import Testing"]), ("xctest", ["import XCTest"])],
    "go": [("go-testing", ['"testing"'])],
    "rust": [("rust-builtin", ["#[test]"])],
    "java": [("junit5", ["org.junit.jupiter"]), ("junit4", ["import org.junit.Test"])],
    "ruby": [("rspec", ["RSpec.describe", "require 'spec_helper'"]), ("minitest", ["Minitest::Test", "require 'minitest"])],
    "csharp": [("xunit", ["using Xunit;"]), ("nunit", ["using NUnit.Framework;"]), ("mstest", ["Microsoft.VisualStudio.TestTools"])],
    "php": [("phpunit", ["PHPUnit\\Framework\\TestCase"])],
    "scala": [("scalatest", ["org.scalatest"]), ("munit", ["import munit"]), ("utest", ["import utest"])],
}
TEST_IMPORTS["typescript"] = TEST_IMPORTS["javascript"]
TEST_IMPORTS["kotlin"] = TEST_IMPORTS["java"]


def head_files(repo):
    """(path, language, text) for every readable source file at HEAD."""
    listing = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "-z", "-l", "HEAD"], capture_output=True, check=True).stdout
    wanted = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        _, kind, sha, size = meta.split()
        path = path.decode("utf-8", "replace")
        language = EXTENSIONS.get(path.rsplit(".", 1)[-1].lower()) if "." in path.rsplit("/", 1)[-1] else None
        if kind != b"blob" or language is None or size == b"-" or int(size) > 512 * 1024 or ".min." in path:
            continue
        if SKIPPED_FOLDERS.intersection(path.split("/")[:-1]):
            continue
        wanted.append((path, language, sha))
    batch = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for path, language, sha in wanted:
        batch.stdin.write(sha + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        if b"\0" in data[:8000] or b"@generated" in data[:2048] or b"DO NOT EDIT" in data[:2048]:
            continue
        yield path, language, data.decode("utf-8", "replace")
    batch.stdin.close()
    batch.wait()


def strip_comment(line, language):
    marker = "#" if language in HASH_COMMENTS else "//"
    at = line.find(marker)
    return line if at < 0 else line[:at]


def vote(counter, minimum=1):
    total = sum(counter.values())
    return counter.most_common(1)[0][0] if total >= minimum else None


class Tally:
    def __init__(self):
        self.indent = Counter()
        self.step = Counter()
        self.lengths = []
        self.final = Counter()
        self.trailing = Counter()
        self.endings = Counter()
        self.quotes = Counter()
        self.semicolons = Counter()
        self.commas = Counter()
        self.braces = Counter()
        self.sorted_runs = Counter()
        self.grouped = Counter()
        self.frameworks = Counter()

    def read(self, path, language, text):
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if not lines:
            return
        self.final[text.endswith("\n")] += 1
        self.trailing[not any(line.rstrip("\r") != line.rstrip("\r").rstrip() for line in lines)] += 1
        previous = 0
        for number, raw in enumerate(lines):
            self.endings["crlf" if raw.endswith("\r") else "lf"] += 1
            line = raw.rstrip("\r")
            if not line.strip():
                continue
            self.lengths.append(len(line.replace("\t", "    ")))
            lead = line[: len(line) - len(line.lstrip())]
            if lead:
                self.indent["tab" if lead.startswith("\t") else "space"] += 1
            width = len(lead.replace("\t", "    "))
            if not lead.startswith("\t") and width > previous and width - previous in (2, 3, 4, 8):
                self.step[width - previous] += 1
            previous = width
            code = strip_comment(line, language).rstrip()
            stripped = code.strip()
            if language in QUOTED:
                self.count_quotes(code, language)
            if language in ("javascript", "typescript") and re.match(r"(const|let|var|return|import|export|throw)\b", stripped):
                if stripped.count("(") == stripped.count(")") and not re.search(r"[{(\[,=>+]$", stripped):
                    self.semicolons[stripped.endswith(";")] += 1
            if language in COMMA_LANGUAGES and number + 1 < len(lines):
                following = lines[number + 1].strip()
                closers = ")]}" if language == "python" else ")]"
                # The last element of a list written one per line: the line before it ends with a comma too.
                before = strip_comment(lines[number - 1], language).rstrip() if number else ""
                if following[:1] in closers and before.endswith(",") and stripped and stripped[-1] not in "([{":
                    self.commas["multiline" if stripped.endswith(",") else "never"] += 1
            if language in BRACE_LANGUAGES:
                if stripped == "{":
                    self.braces["next-line"] += 1
                elif stripped.endswith("{") and re.search(r"\)\s*(const\s*)?\{$", stripped):
                    self.braces["same-line"] += 1
        self.count_imports(lines, language)
        if TEST_PATH.search(path) or (language == "rust" and "#[test]" in text):
            for framework, needles in TEST_IMPORTS.get(language, []):
                if any(needle in text for needle in needles):
                    self.frameworks[framework] += 1
                    break
            else:
                if language == "python" and re.search(r"^def test", text, re.M):
                    self.frameworks["pytest"] += 1

    def count_quotes(self, code, language):
        for match in re.finditer(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'", code):
            literal = match.group(0)
            body = literal[1:-1]
            if "'" in body or '"' in body or (language == "ruby" and ("#{" in body or "\\" in body)):
                continue  # the other quote inside forces the choice
            self.quotes["double" if literal[0] == '"' else "single"] += 1

    def count_imports(self, lines, language):
        if language == "python":
            run = []
            for line in lines + [""]:
                match = re.match(r"(import|from) ([\w.]+)", line)
                if match:
                    run.append((match.group(1) == "from", match.group(2).lower()))
                    continue
                if len(run) >= 2:
                    self.sorted_runs[run == sorted(run)] += 1
                run = []
        elif language == "go":
            inside, group, groups = False, [], []
            for line in lines:
                stripped = line.strip()
                if stripped.startswith("import ("):
                    inside, group, groups = True, [], []
                elif inside and stripped == ")":
                    inside = False
                    groups = [g for g in groups + [group] if g]
                    for each in groups:
                        if len(each) >= 2:
                            self.sorted_runs[each == sorted(each)] += 1
                    paths = [p for each in groups for p in each]
                    if any("." in p.split("/")[0] for p in paths) and any("." not in p.split("/")[0] for p in paths):
                        self.grouped[all(len({"." in p.split("/")[0] for p in each}) == 1 for each in groups)] += 1
                elif inside:
                    if not stripped:
                        groups.append(group)
                        group = []
                    else:
                        match = re.search(r'"([^"]+)"', stripped)
                        if match:
                            group.append(match.group(1))

    def facts(self, language):
        out = {}
        style = vote(self.indent, 20)
        if style:
            out["indent_style"] = style
            if style == "space" and self.step:
                out["indent_size"] = vote(self.step, 20)
        if len(self.lengths) >= 200:
            lengths = sorted(self.lengths)
            cut = lengths[min(len(lengths) - 1, int(len(lengths) * 0.99))]
            out["max_line_length"] = next((limit for limit in LIMITS if limit >= cut), None)
        for fact, counter, minimum in (
            ("final_newline", self.final, 3), ("trim_trailing_whitespace", self.trailing, 3), ("line_endings", self.endings, 20),
            ("quote_style", self.quotes, 20), ("semicolons", self.semicolons, 20), ("trailing_commas", self.commas, 10),
            ("brace_style", self.braces, 10), ("test_framework", self.frameworks, 3),
        ):
            value = vote(counter, minimum)
            if value is not None:
                out[fact] = value
        if sum(self.sorted_runs.values()) >= 5:
            out["imports_sorted"] = self.sorted_runs[True] >= 0.9 * sum(self.sorted_runs.values())
        if sum(self.grouped.values()) >= 3:
            out["imports_grouped"] = self.grouped[True] >= 0.5 * sum(self.grouped.values())
        return {fact: value for fact, value in out.items() if value is not None or fact == "max_line_length"}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: scripts/naive-peer.py REPO")
    tallies = {}
    for path, language, text in head_files(sys.argv[1]):
        tallies.setdefault(language, Tally()).read(path, language, text)
    print(json.dumps({language: tally.facts(language) for language, tally in sorted(tallies.items())}, indent=1, sort_keys=True))


main()
