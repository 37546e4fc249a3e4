#!/usr/bin/env bash
# Full-history mining against `git log -p --no-merges` on the same repositories, in the same run: wall time
# (median of RUNS runs each), the ratio, commits and added lines per second, peak memory, and where taste's
# time went (diffing, lexing, each miner, evidence, the store, synthesis; from `taste mine --profile`).
# Prints figures; asserts nothing.
#   scripts/benchmark.sh REPO [REPO...]        (RUNS=3 by default)
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/benchmark.sh /path/to/repository [...]" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${TASTE:-$(cd "$root" && swift build -c release --show-bin-path)/taste}
[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

summary="$work/summary"
printf '%-14s %8s %8s %8s %7s %9s %11s %8s\n' repository commits "git s" "taste s" ratio "commits/s" "lines/s" "peak MiB" > "$summary"
for repo in "$@"; do
  name=$(basename "$(git -C "$repo" rev-parse --absolute-git-dir)")
  [ "$name" = .git ] && name=$(basename "$(git -C "$repo" rev-parse --show-toplevel)")
  [ "$name" = repo ] && name=$(basename "$(dirname "$(git -C "$repo" rev-parse --absolute-git-dir)")")
  name=${name##*+}
  git -C "$repo" log -p --no-merges >/dev/null  # warm the page cache for both sides
  for run in $(seq "$runs"); do
    /usr/bin/time -f "%e" -o "$work/git.$run" git -C "$repo" log -p --no-merges >/dev/null
    home="$work/home.$run"
    TASTE_HOME="$home" /usr/bin/time -f "%e %M" -o "$work/taste.$run" "$bin" mine --profile --repo "$repo" \
      >"$work/out.$run" 2>"$work/profile.$run"
    rm -rf "$home"
  done
  git_s=$(cat "$work"/git.* | median)
  taste_s=$(awk '{ print $1 }' "$work"/taste.* | median)
  peak_kb=$(awk '{ print $2 }' "$work"/taste.* | sort -n | tail -1)
  out=$(cat "$work/out.1")
  mined=$(echo "$out" | sed -n 's/^Mined \([0-9,]*\) new commit.*/\1/p' | tr -d ,)
  lines=$(echo "$out" | sed -n 's/.* \([0-9,]*\) added lines read.*/\1/p' | tr -d ,)
  echo "== $name: $out"
  echo "   where the time went (run 1):"
  sed 's/^/   /' "$work/profile.1"
  awk -v n="$name" -v c="$mined" -v l="$lines" -v g="$git_s" -v t="$taste_s" -v kb="$peak_kb" 'BEGIN {
    printf "%-14s %8d %8.2f %8.2f %6.2fx %9.0f %11.0f %8.1f\n", n, c, g, t, t / g, c / t, l / t, kb / 1024 }' >> "$summary"
  rm -f "$work"/git.* "$work"/taste.* "$work"/out.* "$work"/profile.*
done
echo
echo "$(nproc) cores, median of $runs runs each; ratio = taste mine (full history, fresh store) / git log -p --no-merges"
cat "$summary"
