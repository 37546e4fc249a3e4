#!/bin/sh
# Compares what Taste mines from code alone (`taste mine --ignore-config`) with what each repository's style
# and test-runner configuration declares (`taste declared`), and prints a Markdown table: repository, language,
# fact, declared (file and setting), mined (value, share, confidence), whether they agree, and what a naive peer
# that reads only the HEAD tree says (scripts/naive-peer.py). Then a summary by kind of fact.
#
#   scripts/accuracy.sh [--bin PATH] REPO...
#
# A declared fact no rule states is "not mined" (too little evidence, or no miner for it). Needs python3.
set -eu

bin=".build/release/taste"
if [ "${1:-}" = "--bin" ]; then bin=$2; shift 2; fi
[ "$#" -gt 0 ] || { echo "usage: scripts/accuracy.sh [--bin PATH] REPO..." >&2; exit 2; }
[ -x "$bin" ] || { echo "accuracy: no taste binary at $bin (run 'make release' or pass --bin)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

peer="$(dirname "$0")/naive-peer.py"
echo "| repository | language | fact | declared | mined | agrees | peer |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for repo in "$@"; do
    name=$(basename "$(cd "$repo" && git rev-parse --show-toplevel 2>/dev/null || echo "$repo")")
    [ "$name" = "repo" ] && name=$(basename "$(dirname "$repo")")
    home="$work/$name"
    mkdir -p "$home"
    TASTE_HOME="$home" "$bin" mine --repo "$repo" --ignore-config >/dev/null 2>"$home/err" || { echo "| $name | | | mining failed: $(head -1 "$home/err") | | | |"; continue; }
    TASTE_HOME="$home" "$bin" skills --json --repo "$repo" >"$home/skills.json"
    "$bin" declared --json --repo "$repo" >"$home/declared.json"
    python3 "$peer" "$repo" >"$home/peer.json"
    python3 - "$name" "$home/skills.json" "$home/declared.json" "$home/peer.json" "$work/rows.jsonl" <<'PY'
import json, sys
name, skills_path, declared_path, peer_path, rows_path = sys.argv[1:]
peer = json.load(open(peer_path))
# Repository-wide rules only: a package folder's own rules (`id@folder`) are not what the root configuration declares.
rules = [rule for skill in json.load(open(skills_path))["skills"] for rule in skill["rules"] if "@" not in rule["id"]]
declared = json.load(open(declared_path))
# One row per language and fact: the strongest tool's declaration (formatter, then hook, linter, editor, runner).
rank = {"formatter": 0, "hook": 1, "linter": 2, "editor": 3, "runner": 4}
chosen = {}
for item in sorted(declared, key=lambda d: (rank[d["tool"]], d["file"])):
    chosen.setdefault((item["language"], item["fact"]), item)
languages = {rule["scope"]["language"] for rule in rules}
def show(value):
    if value is None: return "no limit"
    if isinstance(value, bool): return "true" if value else "false"
    return str(value)
for (language, fact), item in sorted(chosen.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
    if language is not None and language not in languages:
        continue  # a language the repository has no mined code in
    rule = next((r for r in rules if r["scope"]["language"] == language and fact in r["facts"]), None)
    where = "`%s` %s" % (item["file"], item["setting"])
    if rule is None:
        mined, verdict, taste = "not mined", "–", None
    else:
        value = rule["facts"][fact]
        mined = "%s (%d%%, confidence %.2f)" % (show(value), round(rule["share"] * 100), rule["confidence"])
        verdict = "yes" if value == item["value"] else "**no**"
        taste = value == item["value"]
    said = peer.get(language or "", {})
    peer_right = None if fact not in said else said[fact] == item["value"]
    shown = "–" if fact not in said else "%s%s" % (show(said[fact]), "" if peer_right else " **no**")
    print("| %s | %s | `%s` | %s (%s) | %s | %s | %s |" % (name, language or "commits", fact, show(item["value"]), where, mined, verdict, shown))
    with open(rows_path, "a") as rows:
        rows.write(json.dumps({"fact": fact, "tool": item["tool"], "taste": taste, "peer": peer_right}) + "\n")
PY
done

# By kind of fact: how many declarations each recovered (equal values), stated otherwise, or left unstated.
[ -f "$work/rows.jsonl" ] && python3 - "$work/rows.jsonl" <<'PY'
import json, sys
from collections import defaultdict
rows = [json.loads(line) for line in open(sys.argv[1])]
by_fact = defaultdict(list)
for row in rows:
    by_fact[row["fact"]].append(row)
def cell(part, key):
    right = sum(1 for row in part if row[key] is True)
    wrong = sum(1 for row in part if row[key] is False)
    return "%d (%d wrong, %d unstated)" % (right, wrong, len(part) - right - wrong)
print()
print("| fact | declared | Taste recovered | peer recovered |")
print("| --- | --- | --- | --- |")
for fact in sorted(by_fact):
    part = by_fact[fact]
    print("| `%s` | %d | %s | %s |" % (fact, len(part), cell(part, "taste"), cell(part, "peer")))
print("| all | %d | %s | %s |" % (len(rows), cell(rows, "taste"), cell(rows, "peer")))
PY
