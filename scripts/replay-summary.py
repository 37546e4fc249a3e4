#!/usr/bin/env python3
"""One line per replay report of scripts/drift-replay.sh, as docs/drift.md's tables count them.

    scripts/replay-summary.py REPORT.txt...

For each report: stale flags raised and flags dropped with no new value, by kind (drift: the latest merges
contradict the rule; split: the pass no longer states it; gone: its cited files left; config: a configuration
file or a manifest changed), rules re-versioned to a new value, "returns" (a fact, lists left out, going back
to a value it held earlier in the replay) and the rules stale at the end. Asserts nothing.
"""
import collections
import json
import os
import re
import sys

KINDS = ["drift", "split", "gone", "config"]
RAISED = re.compile(r"\s+raised\s+at\s+(\d+) (\S+): (.*)")
DROPPED = re.compile(r"\s+dropped at\s+(\d+) (\S+) \(raised at (\d+)\)")
CHANGED = re.compile(r"changed at\s+(\d+) (\S+): (\{.*?\}) -> (\{.*\})( \(switch \w+\))?$")


def kind(reason):
    if reason.startswith("The last"):
        return "drift"
    if "split between conventions" in reason:
        return "split"
    if reason.startswith("None of the files"):
        return "gone"
    return "config"


def summary(path):
    lines = open(path).read().splitlines()
    raised, counts, dropped = {}, collections.Counter(), collections.Counter()
    for line in lines:
        found = RAISED.match(line)
        if found:
            raised[(found[2], found[1])] = kind(found[3])
            counts[kind(found[3])] += 1
    for line in lines:
        found = DROPPED.match(line)
        if found:
            dropped[raised.get((found[2], found[3]), "?")] += 1
    changes, versions = collections.defaultdict(list), 0
    for line in lines:
        found = CHANGED.search(line.rstrip())
        if not found:
            continue
        versions += 1
        old, new = json.loads(found[3]), json.loads(found[4])
        for key in set(old) | set(new):
            if isinstance(old.get(key), list) or isinstance(new.get(key), list):
                continue
            if old.get(key) != new.get(key):
                changes[(found[2], key)].append((json.dumps(old.get(key)), json.dumps(new.get(key))))
    returns = 0
    for moves in changes.values():
        seen = {moves[0][0]}
        for _, new in moves:
            returns += new in seen
            seen.add(new)
    end = next((line.split(":", 1)[1].strip() for line in lines if "stale at the end" in line), "?")
    name = os.path.splitext(os.path.basename(path))[0]
    return (
        f"{name}: raised {' / '.join(str(counts[k]) for k in KINDS)}; "
        f"dropped {' / '.join(str(dropped[k]) for k in KINDS)}; re-versioned {versions}; returns {returns}; stale at end {end}"
    )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().split("\n\n")[1].strip())
    for report in sys.argv[1:]:
        print(summary(report))
