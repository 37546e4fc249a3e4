#!/usr/bin/env bash
# How long `taste fix --dry-run` takes on a real change, process start included: mines a clone of REPO, picks up
# to three first-parent commits that add 400 to 700 lines, checks each out and times `taste fix --dry-run --diff
# C^..C` (reading the change, lexing, every repair and its token check, the diff), beside `taste lint` on the same
# change and `git diff` as a baseline, in the same run. A committed change is already clean, so each file's added
# lines are also disturbed first (tabs for spaces, trailing spaces) and timed as `taste fix --dry-run` on the work
# tree, where every repair has work to do. Prints; asserts nothing.
#   scripts/bench-fix.sh /path/to/repo [RUNS]        RUNS defaults to 21
set -euo pipefail
repo=${1:?usage: scripts/bench-fix.sh /path/to/repository [RUNS]}
runs=${2:-21}
name=fix
. "$(dirname "$0")/bench-change-setup.sh"
# Every added line of the commit's files in a language Taste reads: indentation to tabs, two trailing spaces.
disturb() {
  git diff -U0 "$1^" "$1" --name-only --diff-filter=AM | while IFS= read -r path; do
    case "$path" in *.swift|*.py|*.js|*.ts|*.go|*.rs|*.java|*.kt|*.rb|*.c|*.h) ;; *) continue ;; esac
    [ -f "$path" ] || continue
    lines=$(git diff -U0 "$1^" "$1" -- "$path" | sed -n 's/^@@ -[0-9,]* +\([0-9]*\)\(,\([0-9]*\)\)\{0,1\} @@.*/\1 \3/p' |
      awk '{ n = ($2 == "") ? 1 : $2; for (i = 0; i < n; i++) printf "%d,", $1 + i }')
    awk -v lines=",$lines" 'index(lines, "," FNR ",") { sub(/^    /, "\t"); $0 = $0 "  " } { print }' "$path" >"$path.disturbed"
    mv "$path.disturbed" "$path"
  done
}
picked=0
for commit in $(git log --first-parent --format=%H -n 400); do
  added=$(git diff --numstat "$commit^" "$commit" 2>/dev/null | awk '$1 ~ /^[0-9]+$/ { s += $1 } END { print s + 0 }')
  [ "$added" -ge 400 ] && [ "$added" -le 700 ] || continue
  git checkout -q -f "$commit"
  fix=$(time_ms "$bin" fix --dry-run --diff "$commit^..$commit" | median)
  lint=$(time_ms "$bin" lint --diff "$commit^..$commit" | median)
  diff=$(time_ms git diff "$commit^..$commit" | median)
  disturb "$commit"
  fixes=$({ "$bin" fix --dry-run --format json 2>/dev/null || true; } | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["changes"]))')
  disturbed=$(time_ms "$bin" fix --dry-run | median)
  git checkout -q -f "$commit"
  printf '%s  %4d added   fix --dry-run p50 %7s ms   disturbed: %4s repairs, p50 %7s ms   lint p50 %7s ms   git diff p50 %6s ms\n' \
    "${commit:0:10}" "$added" "$fix" "$fixes" "$disturbed" "$lint" "$diff"
  picked=$((picked + 1))
  [ "$picked" -ge 3 ] && break
done
[ "$picked" -gt 0 ] || echo "no first-parent commit in the last 400 adds 400 to 700 lines"
