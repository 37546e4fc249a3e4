#!/usr/bin/env python3
"""How often `taste lint` speaks on real merges, and what it says. Clones REPO into a temporary folder, mines
its first-parent history up to the parent of the oldest of its last N first-parent commits, then for each of
those commits, oldest first, mines up to the commit's parent (incrementally) and lints the commit's change
with the skills as they stood there. Prints findings per 1,000 added lines per rule and overall; every finding
goes to a JSONL file for sampling. Asserts nothing.

    scripts/lint-precision.py run REPO [--commits 200] [--out FINDINGS.jsonl] [--summary SUMMARY.jsonl] [--mine-once]
    scripts/lint-precision.py sample FINDINGS.jsonl... [--n 50] [--seed 13]

`--mine-once` mines only up to the oldest commit's parent and lints every commit with those skills: a quicker,
rougher reading (the skills do not move with the window) for a first look at a new rule.

"Added lines" are the added lines of files in a language Taste reads (lint's `checkedLines`). The binary is
$TASTE, else the release build (`swift build -c release`).
"""
import argparse
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True).stdout


def taste_binary():
    if os.environ.get("TASTE"):
        return os.environ["TASTE"]
    path = subprocess.run(
        ["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    binary = os.path.join(path, "taste")
    if not os.access(binary, os.X_OK):
        sys.exit("build first: swift build -c release")
    return binary


def file_lines(repo, commit, path, cache):
    key = (commit, path)
    if key not in cache:
        shown = subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"], capture_output=True)
        cache[key] = shown.stdout.decode("utf-8", "replace").split("\n") if shown.returncode == 0 else []
    return cache[key]


def base_rule(rule_id):
    return rule_id.split("@", 1)[0]


def run(args):
    binary = taste_binary()
    name = os.path.basename(os.path.dirname(os.path.abspath(args.repo))) if args.repo.endswith("/repo") else os.path.basename(args.repo)
    work = tempfile.mkdtemp(prefix="taste-lint-precision-")
    try:
        clone = os.path.join(work, "repo")
        subprocess.run(["git", "clone", "-q", args.repo, clone], check=True)
        env = dict(os.environ, TASTE_HOME=os.path.join(work, "home"), NO_COLOR="1")
        commits = git(clone, "rev-list", "--first-parent", "--parents", "-n", str(args.commits), "HEAD").split("\n")
        pairs = [line.split()[:2] for line in reversed(commits) if len(line.split()) >= 2]
        totals = {"commits": 0, "lines": 0, "findings": 0, "errors": 0}
        per_rule = collections.Counter()
        cache = {}
        out = open(args.out, "w") if args.out else None
        for index, (commit, parent) in enumerate(pairs):
            until = pairs[0][1] if args.mine_once else parent
            if args.mine_once and index > 0:
                mined = subprocess.CompletedProcess([], 0)
            else:
                mined = subprocess.run([binary, "mine", "--repo", clone, "--until", until], env=env, capture_output=True, text=True)
            if mined.returncode != 0:
                print(f"{commit[:10]}: mine failed: {mined.stderr.strip()}", file=sys.stderr)
                totals["errors"] += 1
                continue
            linted = subprocess.run(
                [binary, "lint", "--repo", clone, "--diff", f"{parent}..{commit}", "--format", "json"],
                env=env, capture_output=True, text=True,
            )
            if linted.returncode not in (0, 1):
                print(f"{commit[:10]}: lint failed: {linted.stderr.strip()}", file=sys.stderr)
                totals["errors"] += 1
                continue
            result = json.loads(linted.stdout)
            totals["commits"] += 1
            totals["lines"] += result["checkedLines"]
            totals["findings"] += len(result["findings"])
            for finding in result["findings"]:
                per_rule[base_rule(finding["rule"])] += 1
                lines = file_lines(clone, commit, finding["path"], cache)
                text = lines[finding["line"] - 1] if 0 < finding["line"] <= len(lines) else None
                if out:
                    record = {"repo": name, "commit": commit, "file": finding["path"], "line": finding["line"],
                              "column": finding["column"], "rule": finding["rule"], "problem": finding["problem"],
                              "sentence": finding["sentence"], "confidence": finding["confidence"], "text": text}
                    out.write(json.dumps(record) + "\n")
            if args.verbose:
                print(f"[{index + 1}/{len(pairs)}] {commit[:10]} {result['checkedLines']} lines, {len(result['findings'])} findings",
                      file=sys.stderr)
        if out:
            out.close()
        lines = totals["lines"]
        rate = lambda count: f"{1000 * count / lines:.2f}" if lines else "-"
        print(f"{name}: {totals['commits']} commits linted ({totals['errors']} failed), {lines} added lines, "
              f"{totals['findings']} findings, {rate(totals['findings'])} per 1,000 lines")
        for rule, count in per_rule.most_common():
            print(f"  {rule:40} {count:6}  {rate(count):>7} per 1,000 lines")
        if args.summary:
            with open(args.summary, "a") as handle:
                handle.write(json.dumps({"repo": name, **totals, "rules": dict(per_rule)}) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def sample(args):
    findings = []
    for path in args.findings:
        with open(path) as handle:
            findings += [json.loads(line) for line in handle if line.strip()]
    findings.sort(key=lambda f: (f["repo"], f["commit"], f["file"], f["line"], f["rule"]))
    picked = random.Random(args.seed).sample(findings, min(args.n, len(findings)))
    for number, f in enumerate(picked, 1):
        print(f"{number:2}. {f['repo']} {f['commit'][:10]} {f['file']}:{f['line']}:{f['column']} {f['rule']}")
        print(f"    {f['problem']}")
        print(f"    | {f['text']!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="lint a repository's last N first-parent commits")
    run_parser.add_argument("repo")
    run_parser.add_argument("--commits", type=int, default=200)
    run_parser.add_argument("--out", help="write every finding here, one JSON object a line")
    run_parser.add_argument("--summary", help="append the repository's totals here, one JSON object a line")
    run_parser.add_argument("--verbose", action="store_true", help="one line per commit on standard error")
    run_parser.add_argument("--mine-once", action="store_true", help="lint every commit with the skills at the oldest one's parent")
    sample_parser = commands.add_parser("sample", help="print a seeded random sample of findings")
    sample_parser.add_argument("findings", nargs="+")
    sample_parser.add_argument("--n", type=int, default=50)
    sample_parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    run(args) if args.command == "run" else sample(args)


if __name__ == "__main__":
    main()
