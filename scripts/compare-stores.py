#!/usr/bin/env python3
"""Compares what two Taste stores hold for the same repositories, row by row, by content: repositories, mined
commits, tallies, evidence, counters, skills and every skill version. Row ids, timestamps and the log of passes
are left out: they differ between any two runs.

    scripts/compare-stores.py A.sqlite B.sqlite [--repo GIT_DIR] [--current] [--show N]

--repo      compare only this repository (its name or git folder, as `taste` stored them); default: every one
--current   skills by their current content only, not their version history nor version number (passes split
            differently write different intermediate versions)
--drift     with --current: a skill of B that differs from A's only by rules A lacks and B keeps stale (a rule an
            earlier pass found, which later history no longer supports, stays flagged: drift memory, by design)
            is counted apart, not as a difference
Prints "<n> differing rows" (and the first N of them, `-` only in A, `+` only in B); exits 1 when n > 0.
"""
import argparse
import json
import sqlite3
import sys
from collections import Counter


def canonical(text, drop=()):
    """JSON with sorted keys, `drop` keys removed at the top level."""
    value = json.loads(text)
    for key in drop:
        value.pop(key, None)
    return json.dumps(value, sort_keys=True)


def rows(path, repo, current):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    found = Counter()
    where, arguments = ("WHERE git_dir = ? OR name = ?", [repo, repo]) if repo else ("", [])
    for repo_id, git_dir, name, ref, head, miners in db.execute(
        f"SELECT id, git_dir, name, ref, head, miners FROM repository {where}", arguments
    ):
        tag = git_dir if repo is None else ""
        found[("repository", tag, name, ref, head, miners)] += 1
        for row in db.execute(
            "SELECT sha, time, author, files, lines, skipped FROM mined_commit WHERE repo_id = ?", [repo_id]
        ):
            found[("commit", tag) + row] += 1
        for row in db.execute("SELECT miner, scope, key, value FROM counter WHERE repo_id = ?", [repo_id]):
            found[("counter", tag) + row] += 1
        for row in db.execute("SELECT miner, scope, key, value, sha, count FROM tally WHERE repo_id = ?", [repo_id]):
            found[("tally", tag) + row] += 1
        for row in db.execute(
            "SELECT miner, scope, key, value, sha, commit_sha, path, line, snippet FROM evidence WHERE repo_id = ?",
            [repo_id],
        ):
            found[("evidence", tag) + row] += 1
        for skill_id, skill, current_json, pinned, muted in db.execute(
            "SELECT id, name, current, pinned, muted FROM skill WHERE repo_id = ?", [repo_id]
        ):
            drop = ("version",) if current else ()
            found[("skill", tag, skill, pinned, muted, canonical(current_json, drop))] += 1
            if current:
                continue
            for row in db.execute(
                """SELECT version, status, semantic_key, mined_from, mined_through, author, content
                   FROM skill_version WHERE skill_id = ?""",
                [skill_id],
            ):
                found[("version", tag, skill) + row[:-1] + (canonical(row[-1]),)] += 1
    db.close()
    return found


def json_differences(old, new, path=""):
    """Where two JSON values differ, as `path: old -> new` lines."""
    if isinstance(old, dict) and isinstance(new, dict):
        lines = []
        for key in sorted(set(old) | set(new)):
            lines += json_differences(old.get(key), new.get(key), f"{path}.{key}")
        return lines
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        lines = []
        for index, (a, b) in enumerate(zip(old, new)):
            lines += json_differences(a, b, f"{path}[{index}]")
        return lines
    return [] if old == new else [f"{path}: {json.dumps(old)[:150]} -> {json.dumps(new)[:150]}"]


def explain(only_a, only_b, limit):
    """Skills and versions present on both sides with other content: the JSON paths that differ."""
    def by_identity(rows):
        return {key[:-1]: key[-1] for key in rows if key[0] in ("skill", "version")}

    old, new = by_identity(only_a), by_identity(only_b)
    for identity in sorted(set(old) & set(new))[:limit]:
        print("  ~ " + " | ".join(str(cell) for cell in identity))
        for line in json_differences(json.loads(old[identity]), json.loads(new[identity]))[:limit]:
            print("      " + line)


def drift_only(a_json, b_json):
    """The rules B keeps stale that A lacks, when they are the only difference (besides the status they cause)."""
    a, b = json.loads(a_json), json.loads(b_json)
    known = {rule["id"] for rule in a.get("rules", [])}
    kept = [rule for rule in b.get("rules", []) if rule["id"] not in known and rule.get("stale")]
    if not kept:
        return None
    b = dict(b, rules=[rule for rule in b.get("rules", []) if rule not in kept], status=a.get("status"))
    return [rule["id"] for rule in kept] if json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True) else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--repo")
    parser.add_argument("--current", action="store_true")
    parser.add_argument("--drift", action="store_true")
    parser.add_argument("--show", type=int, default=10)
    options = parser.parse_args()
    a = rows(options.a, options.repo, options.current)
    b = rows(options.b, options.repo, options.current)
    only_a, only_b = a - b, b - a
    if options.drift:
        skills_a = {key[:-1]: key for key in only_a if key[0] == "skill"}
        kept = []
        for key in [key for key in only_b if key[0] == "skill"]:
            other = skills_a.get(key[:-1])
            rules = other and drift_only(other[-1], key[-1])
            if rules:
                del only_a[other], only_b[key]
                kept += rules
        if kept:
            print(f"drift memory: {len(kept)} rules kept stale in B that A never had: {', '.join(sorted(kept))}")
    differing = sum(only_a.values()) + sum(only_b.values())
    print(f"{differing} differing rows ({sum(a.values())} rows in A, {sum(b.values())} in B)")
    shown = sorted([("-",) + key for key in only_a] + [("+",) + key for key in only_b], key=lambda r: r[1:] + r[:1])
    for line in shown[: options.show]:
        print("  " + " | ".join(str(cell)[:160] for cell in line))
    explain(only_a, only_b, options.show)
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
