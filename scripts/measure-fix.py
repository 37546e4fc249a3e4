#!/usr/bin/env python3
"""How close `taste fix` brings a disturbed change back to what was merged (leave-one-out, as CodeBuff measured).

Clones REPO, mines it up to HEAD~N, then for each of the next N first-parent commits: checks the commit out, disturbs
the lines it added in each file Taste reads the way an agent's output drifts (tabs for spaces or the reverse, a
block stepped in by another width, trailing spaces, the other quote, a dropped `;`, a trailing comma added to or
stripped from a multi-line list, an added group of imports shuffled, a dropped final newline),
runs `taste fix` on the work tree and compares the result with the merged file. Prints, per language, the median
normalised edit distance (character edits / the merged file's length) before and after the fix, and how many
files the fix left with other tokens than the merged one where the disturbance had changed none (a Python tokenize
check on .py files, with quotes, commas before a closing bracket and the order of imports within a run set aside,
as the disturbances change them; in other languages the text with whitespace, quotes, semicolons, those commas and
the order of import lines set aside). Asserts nothing.

    scripts/measure-fix.py REPO [N] [--taste BIN] [--seed S]
"""
import argparse
import io
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import tokenize
from difflib import SequenceMatcher

EXTENSIONS = {
    ".py": "python", ".js": "javascript", ".mjs": "javascript", ".ts": "typescript", ".tsx": "typescript", ".swift": "swift",
    ".go": "go", ".rs": "rust", ".java": "java", ".kt": "kotlin", ".rb": "ruby", ".c": "c", ".h": "c", ".cc": "cpp", ".cpp": "cpp",
    ".hpp": "cpp", ".cs": "csharp", ".php": "php", ".scala": "scala", ".sh": "shell",
}
# Languages whose quote style Taste mines; only strings of letters, digits and plain punctuation trade quotes, so a
# Ruby or PHP string never gains or loses interpolation.
QUOTED = {"python", "javascript", "typescript", "ruby", "php"}
# The languages whose trailing commas Taste mines, and the closers after which a comma is a habit there.
COMMA_CLOSERS = {"python": ")]}", "javascript": ")]}", "typescript": ")]}", "rust": ")]}", "kotlin": ")]}", "swift": "]"}
IMPORT = {
    "python": re.compile(r"(import [\w.]+( as \w+)?|from (?!__future__)[\w.]+ import [\w., ]+)$"),
    "javascript": re.compile(r"(import .+ from ['\"][^'\"]+['\"];?|const \w+ = require\(['\"][^'\"]+['\"]\);?)$"),
    "typescript": re.compile(r"import .+ from ['\"][^'\"]+['\"];?$"),
    "rust": re.compile(r"(pub )?use [\w:]+(::\{[\w, :]+\})?;$"),
    "swift": re.compile(r"import \w+$"),
    "kotlin": re.compile(r"import [\w.*]+$"),
    "java": re.compile(r"import [\w.*]+;$"),
    "go": re.compile(r'\t(\w+ )?"[^"]+"$'),
    "csharp": re.compile(r"using [\w.]+;$"),
    "php": re.compile(r"use [\w\\]+;$"),
    "scala": re.compile(r"import [\w.]+$"),
}


def git(repo, *args, check=True):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, check=check).stdout


def levenshtein(a, b):
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def distance(merged, other):
    """Character edit distance, computed block by block where the lines differ (the files are long, edits local)."""
    a, b = merged.splitlines(keepends=True), other.splitlines(keepends=True)
    total = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            total += levenshtein("".join(a[i1:i2]), "".join(b[j1:j2]))
    return total / max(1, len(merged))


def added_lines(repo, commit, path):
    out = git(repo, "diff", "-U0", "--no-color", f"{commit}^", commit, "--", path).decode("utf-8", "replace")
    lines = set()
    for match in re.finditer(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", out, re.M):
        start, count = int(match.group(1)), int(match.group(2) or "1")
        lines.update(range(start, start + count))
    return lines


def string_lines(text, language):
    """Line numbers (1-based) that lie inside a multi-line string: their spaces are content, not layout."""
    inside = set()
    if language == "python":
        try:
            for token in tokenize.generate_tokens(io.StringIO(text).readline):
                if token.type == tokenize.STRING and token.start[0] != token.end[0]:
                    inside.update(range(token.start[0], token.end[0] + 1))
        except (tokenize.TokenError, IndentationError, SyntaxError):
            pass
    else:
        open_ = False
        for number, line in enumerate(text.split("\n"), 1):
            toggles = line.count("`") % 2 if language in ("javascript", "typescript") else line.count('"""') % 2
            if open_ or toggles:
                inside.add(number)
            if toggles:
                open_ = not open_
    return inside


def disturb(text, added, language, rng, uses_tabs, moved):
    """The merged file with its added lines disturbed. Indentation is disturbed per run of added lines and relative to
    the run's first line, as an agent writing a block in another style does; lines inside strings are left alone."""
    lines = text.split("\n")
    final = text.endswith("\n")
    if final:
        lines.pop()
    skip = string_lines(text, language)
    # The file's own step: two-space indents common enough mean a 2-space file.
    indents = [len(l) - len(l.lstrip(" ")) for l in lines if l.strip() and not l.startswith("\t")]
    step = 2 if sum(i == 2 for i in indents) * 10 > sum(i == 4 for i in indents) else 4
    other = 4 if step == 2 else 2
    runs, previous = [], None
    for number in sorted(n for n in added if n <= len(lines)):
        if previous is None or number != previous + 1:
            runs.append([])
        runs[-1].append(number)
        previous = number
    for run in runs:
        style = rng.choice(["keep", "keep", "tabs", "step"])
        base = next((len(l) - len(l.lstrip(" \t")) for l in (lines[n - 1] for n in run) if l.strip()), 0)
        for number in run:
            if number in skip:
                continue
            line = lines[number - 1]
            body = line.lstrip(" \t")
            indent = line[: len(line) - len(body)]
            if body and style == "tabs":
                indent = indent.replace("\t", " " * 4) if uses_tabs else "\t" * (len(indent) // step) + " " * (len(indent) % step)
            elif body and style == "step" and not uses_tabs and "\t" not in indent and len(indent) >= base:
                deeper = len(indent) - base
                indent = " " * (base + deeper // step * other + deeper % step)
            line = indent + body
            if language in QUOTED and rng.random() < 0.3:
                if rng.random() < 0.5:
                    line = re.sub(r"(?<![\w\"'\\])\"([A-Za-z0-9_ .,:/-]*)\"(?![\"'])", r"'\1'", line)
                else:
                    line = re.sub(r"(?<![\w\"'\\])'([A-Za-z0-9_ .,:/-]*)'(?![\"'])", r'"\1"', line)
            if language in ("javascript", "typescript") and line.endswith(";") and rng.random() < 0.3:
                line = line[:-1]
            if body and rng.random() < 0.2:
                line += rng.choice([" ", "  ", "\t"])
            lines[number - 1] = line
    moved["commas"] = disturb_commas(lines, added, skip, language, rng)
    moved["imports"] = shuffle_imports(lines, added, language, rng)
    if len(lines) in added and rng.random() < 0.5:
        final = False
    return "\n".join(lines) + ("\n" if final else "")


def disturb_commas(lines, added, skip, language, rng):
    """Half the last elements of the multi-line lists the change added trade their trailing comma: added where
    there was none, stripped where there was one. Only lists of two elements or more, one a line."""
    closers = COMMA_CLOSERS.get(language)
    toggled = set()
    if not closers:
        return toggled
    for number in sorted(added):
        if number < 2 or number >= len(lines) or number in skip or number + 1 in skip:
            continue
        line, above, below = lines[number - 1], lines[number - 2].rstrip(), lines[number].strip()
        body = line.rstrip()
        # The last element: a comma-ended line above, a closer below; not an opener or a statement's end itself.
        if not below or below[0] not in closers or not above.endswith(",") or not body.strip() or body[-1] in "([{;:\\":
            continue
        if any(mark in body for mark in ("//", "#", "/*")) or body.strip().startswith(("...", "*")) or rng.random() < 0.5:
            continue
        lines[number - 1] = body[:-1] + line[len(body):] if body.endswith(",") else body + "," + line[len(body):]
        toggled.add(number)
    return toggled


def shuffle_imports(lines, added, language, rng):
    """Half the runs of two or more consecutive added single-line imports come out in another order."""
    pattern = IMPORT.get(language)
    shuffled_lines = set()
    if not pattern:
        return shuffled_lines
    run = []
    for number in range(1, len(lines) + 2):
        line = lines[number - 1] if number <= len(lines) else ""
        if number in added and pattern.match(line) and (not run or indent_of(line) == indent_of(lines[run[0] - 1])):
            run.append(number)
            continue
        if len(run) >= 2 and rng.random() < 0.5:
            texts = [lines[n - 1] for n in run]
            shuffled = texts[:]
            while shuffled == texts and len(set(texts)) > 1:
                rng.shuffle(shuffled)
            for n, text in zip(run, shuffled):
                lines[n - 1] = text
            shuffled_lines.update(n for n, text in zip(run, shuffled))
        run = [number] if number in added and pattern.match(line) else []
    return shuffled_lines


def indent_of(line):
    return len(line) - len(line.lstrip(" \t"))


def normalised_tokens(text):
    """Python tokens with what a repair may change set aside: quote characters, a comma before a closing bracket,
    and the order of import statements within a run."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type not in (tokenize.NL, tokenize.COMMENT)]
    out, statements, statement = [], [], []
    for index, token in enumerate(tokens):
        value = "" if token.type == tokenize.INDENT else token.string  # its width is layout; the structure is in the tokens
        if token.type == tokenize.STRING:
            match = re.match(r"([rRbBuUfF]*)(['\"])(.*)\2$", value, re.S)
            if match and not value.endswith(("'''", '"""')):
                value = match.group(1).lower() + "\0" + match.group(3)
        if token.type == tokenize.OP and value == "," and index + 1 < len(tokens) and tokens[index + 1].string in ")]}":
            continue
        statement.append((token.type, value))
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
            statements.append(statement)
            statement = []
    run = []
    for statement in statements + [[]]:
        if statement and statement[0][1] in ("import", "from") and statement[1:2] != [(tokenize.NAME, "__future__")]:
            run.append(statement)
            continue
        out += [token for item in sorted(run) for token in item] + statement
        run = []
    return out


def normalised_text(text, language):
    """Any language's text with what a repair may change set aside: whitespace, quote characters, a comma before a
    closing bracket, semicolons, and the order of import lines. A repair that changed none of the rest kept every
    token (the fix checks that itself, by lexing again; this checks it from outside, in every language)."""
    pattern = IMPORT.get(language)
    imports, rest = [], []
    for line in text.split("\n"):
        (imports if pattern and pattern.match(line.rstrip()) else rest).append(line)
    body = re.sub(r"\s+", "", "\n".join(rest)).replace("'", "").replace('"', "").replace(";", "")
    body = re.sub(r",(?=[)\]}])", "", body)
    return body + "\0" + "".join(sorted(re.sub(r"\s+", "", line) for line in imports))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("repo")
    parser.add_argument("n", nargs="?", type=int, default=40)
    parser.add_argument("--taste", default=os.environ.get("TASTE", ".build/release/taste"))
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--show", action="store_true", help="print how each fixed file still differs from the merged one")
    options = parser.parse_args()
    taste = os.path.abspath(options.taste)
    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory(prefix="taste-measure-fix-") as work:
        repo = os.path.join(work, "repo")
        subprocess.run(["git", "clone", "-q", options.repo, repo], check=True)
        env = dict(os.environ, TASTE_HOME=os.path.join(work, "home"))
        commits = git(repo, "log", "--first-parent", "--format=%H", "-n", str(options.n)).decode().split()[::-1]
        git(repo, "checkout", "-q", f"{commits[0]}^")
        subprocess.run([taste, "mine", "--repo", repo], env=env, capture_output=True, check=True)
        before, after, changed, files, restored = {}, {}, {}, 0, {}
        for commit in commits:
            git(repo, "checkout", "-q", "-f", commit)
            names = git(repo, "diff", "--name-only", "--diff-filter=AM", f"{commit}^", commit, check=False).decode().split("\n")
            for path in filter(None, names):
                language = EXTENSIONS.get(os.path.splitext(path)[1])
                full = os.path.join(repo, path)
                if not language or not os.path.isfile(full):
                    continue
                try:
                    merged = open(full, encoding="utf-8", newline="").read()
                except UnicodeDecodeError:
                    continue
                added = added_lines(repo, commit, path)
                if not added or len(merged) > 200_000:
                    continue
                uses_tabs = sum(l.startswith("\t") for l in merged.split("\n")) > sum(l.startswith("  ") for l in merged.split("\n"))
                moved = {}
                disturbed = disturb(merged, added, language, rng, uses_tabs, moved)
                if disturbed == merged:
                    continue
                with open(full, "w", encoding="utf-8", newline="") as handle:
                    handle.write(disturbed)
                subprocess.run([taste, "fix", "--repo", repo, path], cwd=repo, env=env, capture_output=True)
                fixed = open(full, encoding="utf-8", newline="").read()
                files += 1
                if options.show and fixed != merged:
                    import difflib
                    sys.stdout.writelines(difflib.unified_diff(merged.splitlines(True), fixed.splitlines(True), "merged/" + path, "fixed/" + path, n=1))
                before.setdefault(language, []).append(distance(merged, disturbed))
                after.setdefault(language, []).append(distance(merged, fixed))
                # Lines whose comma or import place the disturbance changed, and how many the fix put back.
                merged_lines, fixed_lines = merged.split("\n"), fixed.split("\n")
                for kind, numbers in moved.items():
                    tally = restored.setdefault((language, kind), [0, 0])
                    for number in numbers:
                        if merged_lines[number - 1].strip() != disturbed.split("\n")[number - 1].strip():
                            tally[0] += 1
                            tally[1] += len(fixed_lines) == len(merged_lines) and fixed_lines[number - 1] == merged_lines[number - 1]
                if language != "python":
                    # Judged where the disturbance changed only what repairs may change, as for Python below.
                    merged_text = normalised_text(merged, language)
                    if normalised_text(disturbed, language) == merged_text and normalised_text(fixed, language) != merged_text:
                        changed[language] = changed.get(language, 0) + 1
                if language == "python":
                    try:
                        # Judged where the disturbance changed only what repairs may change: a block stepped past its
                        # enclosing level makes another program, which no repair may undo.
                        merged_tokens = normalised_tokens(merged)
                        if normalised_tokens(disturbed) == merged_tokens and normalised_tokens(fixed) != merged_tokens:
                            changed[language] = changed.get(language, 0) + 1
                    except (tokenize.TokenError, IndentationError, SyntaxError):
                        pass
                git(repo, "checkout", "-q", "-f", commit)
        name = os.path.basename(options.repo.rstrip("/"))
        if name in ("repo", ".git"):
            name = os.path.basename(os.path.dirname(options.repo.rstrip("/")))
        print(f"{name}: {len(commits)} commits, {files} disturbed files")
        for language in sorted(after):
            print(f"  {language:11} files {len(after[language]):4}   median distance disturbed {statistics.median(before[language]):.4f}"
                  f"   fixed {statistics.median(after[language]):.4f}   mean fixed {statistics.mean(after[language]):.4f}"
                  f"   fixed exactly {sum(d == 0 for d in after[language])}"
                  + f"   token changes {changed.get(language, 0)}")
            for kind in ("commas", "imports"):
                disturbed_lines, back = restored.get((language, kind), [0, 0])
                if disturbed_lines:
                    print(f"  {'':11} {kind}: {disturbed_lines} lines disturbed, {back} put back")


if __name__ == "__main__":
    sys.exit(main())
