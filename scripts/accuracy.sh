#!/bin/sh
# Compares what Taste mines from code alone (`taste mine --ignore-config`) with what each repository's style
# configuration declares (`taste declared`), and prints a Markdown table: repository, language, fact, declared
# (file and setting), mined (value, share, confidence), and whether they agree.
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

echo "| repository | language | fact | declared | mined | agrees |"
echo "| --- | --- | --- | --- | --- | --- |"
for repo in "$@"; do
    name=$(basename "$(cd "$repo" && git rev-parse --show-toplevel 2>/dev/null || echo "$repo")")
    [ "$name" = "repo" ] && name=$(basename "$(dirname "$repo")")
    home="$work/$name"
    mkdir -p "$home"
    TASTE_HOME="$home" "$bin" mine --repo "$repo" --ignore-config >/dev/null 2>"$home/err" || { echo "| $name | | | mining failed: $(head -1 "$home/err") | | |"; continue; }
    TASTE_HOME="$home" "$bin" skills --json --repo "$repo" >"$home/skills.json"
    "$bin" declared --json --repo "$repo" >"$home/declared.json"
    python3 - "$name" "$home/skills.json" "$home/declared.json" <<'PY'
import json, sys
name, skills_path, declared_path = sys.argv[1:]
# Repository-wide rules only: a package folder's own rules (`id@folder`) are not what the root configuration declares.
rules = [rule for skill in json.load(open(skills_path))["skills"] for rule in skill["rules"] if "@" not in rule["id"]]
declared = json.load(open(declared_path))
# One row per language and fact: the strongest tool's declaration (formatter, then hook, linter, editor).
rank = {"formatter": 0, "hook": 1, "linter": 2, "editor": 3}
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
        mined, verdict = "not mined", "–"
    else:
        value = rule["facts"][fact]
        mined = "%s (%d%%, confidence %.2f)" % (show(value), round(rule["share"] * 100), rule["confidence"])
        verdict = "yes" if value == item["value"] else "**no**"
    print("| %s | %s | `%s` | %s (%s) | %s | %s |" % (name, language or "commits", fact, show(item["value"]), where, mined, verdict))
PY
done
