#!/usr/bin/env bash
# kill -9 during `taste mine`, then resume: the store must end equal to one clean run's, and sound after every kill.
# Mines a clone of REPO once into store A (timing it), then, into store B: starts `taste mine`, kills it -9 after a
# random delay within the clean run's duration, checks B's integrity, and starts again; a run that finishes before
# its kill ends a round: B is compared with A (scripts/compare-stores.py) and the next round starts from an empty
# store, so that kills keep landing in every phase of a pass (walk, evidence pruning, synthesis) rather than
# only on a store already complete. Stops after KILLS kills that hit a running pass; the last round is finished
# with a plain `taste mine` and compared too.
#   scripts/fault-kill-mine.sh REPO [KILLS]       KILLS defaults to 100 (2 to 4 minutes on requests)
set -euo pipefail
FAULT_NAME=fault-kill-mine
source "$(dirname "$0")/fault-common.sh"
source_repo=${1:?usage: scripts/fault-kill-mine.sh REPO [KILLS]}
kills_wanted=${2:-100}

repo="$work/repo"
clone_repo "$source_repo" "$repo"
commits=$(git -C "$repo" rev-list --first-parent --count HEAD)

started=$(now_ms)
TASTE_HOME="$work/a" "$bin" mine --repo "$repo" >/dev/null
clean_ms=$(($(now_ms) - started))
echo "clean run: $commits first-parent commits of $(repo_label "$source_repo") in ${clean_ms} ms"

kills=0 rounds=0 integrity_failures=0 differing=0 errors=0 comparisons=0
compare_round() {
  local out
  comparisons=$((comparisons + 1))
  if ! out=$(python3 "$root/scripts/compare-stores.py" "$work/a/taste.sqlite" "$work/b/taste.sqlite" --show 5); then
    differing=$((differing + $(differing_of "$out")))
    echo "round $rounds: $out"
  fi
}

rm -rf "$work/b"
while [ "$kills" -lt "$kills_wanted" ]; do
  delay=$(random_below "$clean_ms")
  TASTE_HOME="$work/b" "$bin" mine --repo "$repo" >/dev/null 2>"$work/stderr" &
  pid=$!
  sleep_ms "$delay"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    kills=$((kills + 1))
    if [ -f "$work/b/taste.sqlite" ]; then
      result=$(integrity "$work/b/taste.sqlite")
      if [ "$result" != ok ]; then
        integrity_failures=$((integrity_failures + 1))
        echo "kill $kills after ${delay} ms: integrity_check: $result"
      fi
    fi
    continue
  fi
  # The run finished before its kill.
  if ! wait "$pid"; then
    errors=$((errors + 1))
    echo "a resumed run failed: $(cat "$work/stderr")"
  fi
  rounds=$((rounds + 1))
  compare_round
  rm -rf "$work/b"
done
if [ -d "$work/b" ]; then
  TASTE_HOME="$work/b" "$bin" mine --repo "$repo" >/dev/null || errors=$((errors + 1))
  rounds=$((rounds + 1))
  compare_round
fi

echo "kills: $kills in $rounds rounds (each round killed and resumed until a run finished, then compared)"
echo "integrity failures: $integrity_failures, failed runs: $errors"
echo "differing rows: $differing over $comparisons comparisons with the clean run"
[ "$integrity_failures" -eq 0 ] && [ "$differing" -eq 0 ] && [ "$errors" -eq 0 ]
