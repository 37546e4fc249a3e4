#!/usr/bin/env bash
# Mines the full history of a repository into a fresh store and compares the wall time with
# `git log -p --no-merges` on the same repository, in the same run. Prints figures; asserts nothing.
#   scripts/benchmark.sh /path/to/repo
set -euo pipefail
repo=${1:?usage: scripts/benchmark.sh /path/to/repository}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(cd "$root" && swift build -c release --show-bin-path)/taste
[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT

commits=$(git -C "$repo" rev-list --first-parent --count HEAD)
echo "repository: $repo ($commits first-parent commits, $(nproc) cores)"

# Warm the page cache so neither side pays for the first read.
git -C "$repo" log -p --no-merges >/dev/null

t0=$(date +%s.%N)
git -C "$repo" log -p --no-merges >/dev/null
t1=$(date +%s.%N)
git_time=$(awk "BEGIN{print $t1 - $t0}")

summary=$(TASTE_HOME="$home" /usr/bin/time -f "%e %M" -o "$home/time" "$bin" mine --repo "$repo")
read -r taste_time peak_kb < "$home/time"
lines=$(echo "$summary" | sed -n 's/.* \([0-9,]*\) added lines read.*/\1/p' | tr -d ,)
mined=$(echo "$summary" | sed -n 's/^Mined \([0-9,]*\) new commit.*/\1/p' | tr -d ,)

awk -v g="$git_time" -v t="$taste_time" -v kb="$peak_kb" -v c="$mined" -v l="$lines" 'BEGIN {
  printf "git log -p --no-merges: %.2f s\n", g
  printf "taste mine (full):      %.2f s, peak memory %.1f MiB\n", t, kb / 1024
  printf "commits per second:     %.0f\n", c / t
  printf "diff lines per second:  %.0f\n", l / t
  printf "ratio taste / git log:  %.2fx\n", t / g
}'
