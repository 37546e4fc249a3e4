#!/usr/bin/env python3
"""Compares two `taste skills --json` snapshots rule by rule: facts, confidence beyond 0.02, rules gained or lost.

    scripts/compare-facts.py BEFORE_DIR AFTER_DIR     (every NAME.json present in both)
"""
import json
import os
import sys


def rules(path):
    with open(path) as handle:
        data = json.load(handle)
    found = {}
    for skill in data["skills"]:
        for rule in skill["rules"]:
            found[rule["id"]] = rule
    return found


def compare(name, before, after):
    lines = []
    for rule_id in sorted(set(before) | set(after)):
        old, new = before.get(rule_id), after.get(rule_id)
        if old is None:
            lines.append(f"  + {rule_id}: {json.dumps(new['facts'], sort_keys=True)}")
        elif new is None:
            lines.append(f"  - {rule_id}: {json.dumps(old['facts'], sort_keys=True)}")
        elif old["facts"] != new["facts"]:
            lines.append(f"  ~ {rule_id}: {json.dumps(old['facts'], sort_keys=True)} -> {json.dumps(new['facts'], sort_keys=True)}")
        elif abs(old["confidence"] - new["confidence"]) > 0.02:
            lines.append(f"  ~ {rule_id}: confidence {old['confidence']:.2f} -> {new['confidence']:.2f}")
    print(f"{name}: {len(before)} rules before, {len(after)} after, {len(lines)} differences")
    for line in lines:
        print(line)
    return len(lines)


def main():
    before_dir, after_dir = sys.argv[1], sys.argv[2]
    names = sorted(n[:-5] for n in os.listdir(before_dir) if n.endswith(".json") and os.path.exists(os.path.join(after_dir, n)))
    total = sum(compare(n, rules(os.path.join(before_dir, n + ".json")), rules(os.path.join(after_dir, n + ".json"))) for n in names)
    print(f"{len(names)} repositories, {total} differences")


if __name__ == "__main__":
    main()
