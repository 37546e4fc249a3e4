#!/usr/bin/env bash
# How long `taste lint` takes on a real change, process start included: mines a clone of REPO, picks up to
# three first-parent commits that add 400 to 700 lines, and times `taste lint --diff C^..C` on each, beside
# `git diff C^..C` as a baseline in the same run. Prints; asserts nothing.
#   scripts/bench-lint.sh /path/to/repo [RUNS]        RUNS defaults to 21
set -euo pipefail
repo=${1:?usage: scripts/bench-lint.sh /path/to/repository [RUNS]}
runs=${2:-21}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${TASTE:-$(cd "$root" && swift build -c release --show-bin-path)/taste}
[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }
work=$(mktemp -d /tmp/taste-bench-lint-XXXXXX)
trap 'rm -rf "$work"' EXIT
export TASTE_HOME=$work/home
git clone -q "$repo" "$work/repo"
cd "$work/repo"
"$bin" mine --repo . | sed 's/^/mined: /' | cut -c1-120
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
time_ms() {  # runs the command $runs times, prints each wall time in ms
  for _ in $(seq 1 "$runs"); do
    t0=$EPOCHREALTIME; "$@" >/dev/null 2>&1 || true; t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
  done
}
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
