#!/usr/bin/env bash
# Merge-driven figures: the hook's own wall time (daemon up and down), the delay from the end of
# `git merge` to the updated skills being readable, and the daemon's idle memory. Prints; asserts nothing.
#   scripts/bench-daemon.sh [merges]
set -euo pipefail
merges=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$root" && swift build -c release --show-bin-path)/taste
[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }
work=$(mktemp -d /tmp/tb-XXXXXX)
export TASTE_HOME="$work/home"
daemon_pid=
cleanup() { [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

g() { git -c user.name=bench -c user.email=bench@example.com "$@"; }
now_ns() { date +%s%N; }
# percentile P of the numbers on stdin
pct() { sort -n | awk -v p="$1" '{ v[NR] = $1 } END { i = int((NR * p + 99) / 100); if (i < 1) i = 1; print v[i] }'; }

repo="$work/repo"
git init -q -b main "$repo"
cd "$repo"
for i in $(seq 1 200); do
  printf 'def f%d(x):\n    return x + %d\n' "$i" "$i" > "m$((i % 20)).py"
  g add -A && g commit -qm "Change $i"
done
"$bin" mine >/dev/null
"$bin" install >/dev/null

hook_times() {  # runs the installed post-merge hook 200 times, 50 ms apart (merges are not back to back), in ms
  for _ in $(seq 1 200); do
    t0=$EPOCHREALTIME; .git/hooks/post-merge 0; t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
    sleep 0.05
  done
}

down=$(hook_times)
echo "hook wall time, daemon down: p50 $(echo "$down" | pct 50) ms, p99 $(echo "$down" | pct 99) ms (200 runs)"
"$bin" daemon run 2>/dev/null &
daemon_pid=$!
for _ in $(seq 1 100); do "$bin" daemon status >/dev/null 2>&1 && break; sleep 0.05; done
sleep 1  # let the events queued above drain
up=$(hook_times)
echo "hook wall time, daemon up:   p50 $(echo "$up" | pct 50) ms, p99 $(echo "$up" | pct 99) ms (200 runs)"
sleep 2

latencies=$(for m in $(seq 1 "$merges"); do
  g checkout -qb "feature-$m"
  for c in $(seq 1 10); do
    printf 'def g%d_%d(y):\n    return y * %d\n' "$m" "$c" "$c" > "feature_${m}_${c}.py"
    g add -A && g commit -qm "Feature $m step $c"
  done
  g checkout -q main
  g merge -q --no-ff "feature-$m" -m "Merge feature $m"
  t0=$(now_ns)
  want=$(git rev-parse HEAD)
  until "$bin" skills --json | grep -q "\"head\" : \"$want\""; do sleep 0.005; done
  t1=$(now_ns)
  echo $(( (t1 - t0) / 1000000 ))
done)
echo "merge -> skills readable (10-commit merges): p50 $(echo "$latencies" | pct 50) ms, p95 $(echo "$latencies" | pct 95) ms ($merges merges)"
sleep 7  # the daemon frees its caches after 5 idle seconds
rss=$(awk '/^Rss:/ { print $2 }' "/proc/$daemon_pid/smaps_rollup")
anon=$(awk '/^Anonymous:/ { print $2 }' "/proc/$daemon_pid/smaps_rollup")
echo "daemon idle memory: $((rss / 1024)) MiB resident, of which $((anon / 1024)) MiB its own (anonymous); the rest is shared library pages"
