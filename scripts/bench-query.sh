#!/usr/bin/env bash
# How long an agent waits for its skills: `taste skills` (process start included) on a mined repository,
# beside `git rev-parse HEAD` as a baseline in the same run. Prints; asserts nothing.
#   scripts/bench-query.sh /path/to/repo
set -euo pipefail
repo=${1:?usage: scripts/bench-query.sh /path/to/repository}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$root" && swift build -c release --show-bin-path)/taste
[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }
export TASTE_HOME
TASTE_HOME=$(mktemp -d /tmp/tq-XXXXXX)
trap 'rm -rf "$TASTE_HOME"' EXIT
"$bin" mine --repo "$repo" >/dev/null
pct() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; print v[i] }'; }
time_ms() {  # runs the command 50 times, prints each wall time in ms
  for _ in $(seq 1 50); do
    t0=$EPOCHREALTIME; "$@" >/dev/null; t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
  done
}
for label in "git rev-parse HEAD" "taste skills" "taste skills --json" "taste skills --path src/x.py"; do
  case $label in
    git*) times=$(time_ms git -C "$repo" rev-parse HEAD) ;;
    "taste skills") times=$(time_ms "$bin" skills --repo "$repo") ;;
    "taste skills --json") times=$(time_ms "$bin" skills --json --repo "$repo") ;;
    *) times=$(time_ms "$bin" skills --repo "$repo" --path src/x.py) ;;
  esac
  printf '%-30s p50 %6s ms   p95 %6s ms\n' "$label" "$(echo "$times" | pct 50)" "$(echo "$times" | pct 95)"
done
