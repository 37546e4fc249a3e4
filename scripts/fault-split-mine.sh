#!/usr/bin/env bash
# Any split of a history into passes must give the store of one full pass. Mines a clone of REPO once into
# store A; then, TRIALS times, into a fresh store: `taste mine --until` at K random first-parent commits, oldest
# first, then `taste mine`; compares with A by content (scripts/compare-stores.py --current: tallies, commits,
# evidence, counters and each skill's current content; the versions written on the way naturally differ). A rule
# an earlier pass found that later history no longer supports stays in the skill, flagged stale (drift memory,
# by design): such rules are counted apart (compare-stores.py --drift), every other difference fails.
# Trial 0 is the issue's own case: one pass `--until` the 1,000th first-parent commit, then the rest.
#   scripts/fault-split-mine.sh REPO [K] [TRIALS]     K defaults to 10, TRIALS to 10 (under a minute on requests)
set -euo pipefail
FAULT_NAME=fault-split-mine
source "$(dirname "$0")/fault-common.sh"
source_repo=${1:?usage: scripts/fault-split-mine.sh REPO [K] [TRIALS]}
splits=${2:-10}
trials=${3:-10}

repo="$work/repo"
clone_repo "$source_repo" "$repo"
git -C "$repo" rev-list --first-parent HEAD > "$work/chain"  # newest first
commits=$(wc -l < "$work/chain")
TASTE_HOME="$work/a" "$bin" mine --repo "$repo" >/dev/null
echo "clean run: $commits first-parent commits of $(repo_label "$source_repo")"

differing=0 kept_stale=0
for trial in $(seq 0 "$trials"); do
  home="$work/split-$trial"
  # K distinct positions in the chain, oldest first (highest line number first), never the tip itself.
  if [ "$trial" = 0 ]; then
    [ "$commits" -gt 1000 ] || continue
    positions=$((commits - 999))
  else
    positions=$(shuf -i 2-"$commits" -n "$splits" | sort -rn)
  fi
  for position in $positions; do
    TASTE_HOME="$home" "$bin" mine --repo "$repo" --until "$(sed -n "${position}p" "$work/chain")" >/dev/null
  done
  TASTE_HOME="$home" "$bin" mine --repo "$repo" >/dev/null
  at=$(echo "$positions" | awk -v n="$commits" '{ printf "%s%d", sep, n - $1 + 1; sep = "," }')
  out=$(python3 "$root/scripts/compare-stores.py" "$work/a/taste.sqlite" "$home/taste.sqlite" --current --drift --show 8) || true
  differing=$((differing + $(differing_of "$out")))
  kept_stale=$((kept_stale + $(echo "$out" | awk '/^drift memory:/ { print $3 }' | grep . || echo 0)))
  echo "trial $trial: passes ending at first-parent commits $at, then the tip:"
  echo "$out" | sed 's/^/  /'
done
echo "differing rows: $differing over $trials trials of $((splits + 1)) passes each (and the 1,000th-commit split when the history is longer)"
echo "rules kept stale from an earlier pass's skills (drift memory, by design): $kept_stale"
[ "$differing" -eq 0 ]
