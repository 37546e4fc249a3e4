#!/usr/bin/env bash
# How long `taste lint` takes on a real change, process start included: mines a clone of REPO, picks up to
# three first-parent commits that add 400 to 700 lines, and times `taste lint --diff C^..C` on each, beside
# `git diff C^..C` as a baseline in the same run. Prints; asserts nothing.
#   scripts/bench-lint.sh /path/to/repo [RUNS]        RUNS defaults to 21
set -euo pipefail
repo=${1:?usage: scripts/bench-lint.sh /path/to/repository [RUNS]}
runs=${2:-21}
name=lint
. "$(dirname "$0")/bench-change-setup.sh"
picked=0
for commit in $(git log --first-parent --format=%H -n 400); do
  added=$(git diff --numstat "$commit^" "$commit" 2>/dev/null | awk '$1 ~ /^[0-9]+$/ { s += $1 } END { print s + 0 }')
  [ "$added" -ge 400 ] && [ "$added" -le 700 ] || continue
  lint=$(time_ms "$bin" lint --diff "$commit^..$commit" | median)
  diff=$(time_ms git diff "$commit^..$commit" | median)
  printf '%s  %4d added lines   taste lint p50 %7s ms   git diff p50 %6s ms\n' "${commit:0:10}" "$added" "$lint" "$diff"
  picked=$((picked + 1))
  [ "$picked" -ge 3 ] && break
done
[ "$picked" -gt 0 ] || echo "no first-parent commit in the last 400 adds 400 to 700 lines"
