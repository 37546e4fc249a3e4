#!/usr/bin/env bash
# Replays a repository's last COMMITS first-parent commits through `taste mine --until` in steps of STEP
# commits, into a fresh store, and reports every stale flag raised and every flag dropped with no new value,
# every rule re-versioned to a new value, and (given a labelled switch list) the lag in merges between each
# switch commit and the first step that flagged its rule or gave its fact the value the replay ends with.
#   scripts/drift-replay.sh TASTE REPO COMMITS [STEP] [SWITCHES] [END]
# SWITCHES: a file of tab-separated lines `repository-name  rule-id  fact  switch-sha` (docs/drift.md keeps
# the labelled set; `-` for none); lines for other repositories are ignored. END (a revision, default the
# branch tip) replays the COMMITS commits up to it instead of the latest. REPO is never written to: the replay
# mines a clone in a temporary folder.
set -euo pipefail
usage="usage: scripts/drift-replay.sh TASTE REPO COMMITS [STEP] [SWITCHES] [END]"
bin=${1:?$usage}
repo=${2:?$usage}
commits=${3:?$usage}
step=${4:-5}
switches=${5:-}
[[ "$switches" == - ]] && switches=
end=${6:-HEAD}
[[ -x "$bin" ]] || { echo "drift-replay: $bin is not an executable taste binary" >&2; exit 2; }
[[ "$commits" =~ ^[0-9]+$ && "$step" =~ ^[1-9][0-9]*$ ]] || { echo "drift-replay: COMMITS and STEP must be numbers" >&2; exit 2; }
if [[ -n "$switches" && ! -r "$switches" ]]; then echo "drift-replay: cannot read $switches" >&2; exit 2; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet --no-checkout "$repo" "$work/repo" 2>/dev/null || { echo "drift-replay: cannot clone $repo" >&2; exit 2; }
name=$(basename "$(cd "$repo" && pwd)")
[[ "$name" == repo ]] && name=$(basename "$(dirname "$(cd "$repo" && pwd)")")
name=${name##*+}
export TASTE_HOME="$work/home"
mkdir -p "$TASTE_HOME" "$work/steps"

git -C "$work/repo" rev-list --first-parent --reverse "$end" > "$work/mainline" 2>/dev/null \
  || { echo "drift-replay: $end is not a revision of $repo" >&2; exit 2; }
total=$(wc -l < "$work/mainline")
(( commits < total )) || commits=$((total - 1))
start=$((total - commits))
# Every STEP-th commit from the start, and the head.
awk -v start="$start" -v step="$step" -v total="$total" 'NR >= start && ((NR - start) % step == 0 || NR == total) { print NR "\t" $1 }' \
  "$work/mainline" > "$work/plan"

began=$(date +%s)
while IFS=$'\t' read -r index sha; do
  "$bin" mine --repo "$work/repo" --until "$sha" > /dev/null
  "$bin" skills --repo "$work/repo" --json > "$work/steps/$(printf '%06d' "$index")-$sha.json"
done < "$work/plan"
elapsed=$(( $(date +%s) - began ))

python3 - "$work/steps" "$work/mainline" "$name" "$commits" "$step" "$elapsed" "$switches" <<'PYTHON'
import json, os, sys

steps_dir, mainline_path, name, commits, step, elapsed, switches_path = sys.argv[1:8]
mainline = [line.strip() for line in open(mainline_path)]
position = {sha: index + 1 for index, sha in enumerate(mainline)}
steps = []
for file in sorted(os.listdir(steps_dir)):
    index, sha = file[:-5].split("-", 1)
    skills = json.load(open(os.path.join(steps_dir, file)))["skills"]
    rules, declared = {}, {}
    for skill in skills:
        for rule in skill["rules"]:
            # Lists compare as sets, as skill versions do: two paths trading places is no new value.
            facts = {key: sorted(value) if isinstance(value, list) else value for key, value in (rule.get("facts") or {}).items()}
            summary = {
                "facts": json.dumps(facts, sort_keys=True),
                "stale": (rule.get("stale") or {}).get("reason"),
                "since": (rule.get("since") or {}).get("commit"),
            }
            # Flags and versions are counted on mined rules, also where a configuration file agrees ("both"). A
            # switch is noticed by any rule of its id: one a configuration file states, flagged because the
            # manifest or the code moved, tells a person too.
            if rule.get("source") in ("mined", "both"):
                rules[rule["id"]] = summary
            else:
                declared[rule["id"]] = summary
    steps.append((int(index), sha, rules, declared))

raised, dropped, reversioned = [], [], []
open_flags = {}  # rule id -> (step index, facts when raised)
for (index, sha, rules, _), previous in zip(steps[1:], steps):
    before = previous[2]
    for rule_id, rule in sorted(rules.items()):
        was = before.get(rule_id)
        if was and was["facts"] != rule["facts"]:
            reversioned.append((index, rule_id, was["facts"], rule["facts"], rule["since"]))
            open_flags.pop(rule_id, None)
        if rule["stale"] and not (was and was["stale"]):
            raised.append((index, rule_id, rule["stale"]))
            open_flags[rule_id] = (index, rule["facts"])
        if was and was["stale"] and not rule["stale"] and rule_id in open_flags:
            since, facts = open_flags.pop(rule_id)
            if facts == rule["facts"]:
                dropped.append((index, rule_id, since))

first_index = steps[0][0] if steps else 0
print(f"{name}: replayed {commits} commits (mainline {first_index}..{steps[-1][0] if steps else 0}) in {len(steps) - 1} steps of {step}, {elapsed} s")
print(f"  rules at the start: {len(steps[0][2]) if steps else 0}; at the end: {len(steps[-1][2]) if steps else 0}")
print(f"  stale flags raised: {len(raised)}; dropped with no new value: {len(dropped)}; re-versioned to a new value: {len(reversioned)}")
for index, rule_id, reason in raised:
    print(f"    raised  at {index:>6} {rule_id}: {reason}")
for index, rule_id, since in dropped:
    print(f"    dropped at {index:>6} {rule_id} (raised at {since})")
for index, rule_id, old, new, since in reversioned:
    print(f"    changed at {index:>6} {rule_id}: {old} -> {new}" + (f" (switch {since[:10]})" if since else ""))
still = [rule_id for rule_id, rule in sorted(steps[-1][2].items()) if rule["stale"]] if steps else []
print(f"  stale at the end: {len(still)}" + (f" ({', '.join(still)})" if still else ""))

if switches_path:
    for line in open(switches_path):
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 4 or fields[0] != name:
            continue
        _, rule_id, fact, switch = fields
        at = next((position[sha] for sha in position if sha.startswith(switch)), None)
        if at is None:
            print(f"  switch {switch[:10]} {rule_id}: not on the mainline")
            continue
        if not steps or not steps[0][0] < at <= steps[-1][0]:
            print(f"  switch {switch[:10]} {rule_id}: at mainline {at}, outside this replay")
            continue
        # The value at the first step, None where no rule states the fact yet (flask's relative imports begin
        # with its package): stating one then notices the switch as re-versioning would. Where the replay ends
        # on another value than it began with, that value is the switch's: a rule that states the fact's old value
        # (flask's imports stating absolute ones at 294, before the package went relative) has noticed nothing.
        # A rule that goes away notices nothing.
        def value_at(step):
            rule = step[2].get(rule_id) or step[3].get(rule_id)
            return rule, json.loads(rule["facts"]).get(fact) if rule else None
        start = value_at(steps[0])[1]
        end = value_at(steps[-1])[1]
        noticed = None
        for step in steps:
            index = step[0]
            rule, value = value_at(step)
            if rule is None:
                continue
            if index >= at - 100 and (rule["stale"] or value != start and (end == start or value == end)):
                noticed = index
                break
        lag = "never noticed" if noticed is None else f"lag {noticed - at:+d} merges"
        print(f"  switch {switch[:10]} {rule_id} {fact}: {lag}")
PYTHON
