#!/usr/bin/env bash
# How long `taste report` takes and how large its page is on a real repository, and how long headless Chromium
# takes to load it: mines a clone of REPO, writes the report RUNS times (process start included), then loads it
# in Chromium through scripts/report-browser.py. Prints; asserts nothing.
#   scripts/bench-report.sh /path/to/repo [RUNS]        RUNS defaults to 5
set -euo pipefail
repo=${1:?usage: scripts/bench-report.sh /path/to/repository [RUNS]}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${TASTE:-$(cd "$root" && swift build -c release --show-bin-path)/taste}
[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }
work=$(mktemp -d /tmp/taste-bench-report-XXXXXX)
trap 'rm -rf "$work"' EXIT
export TASTE_HOME=$work/home
git clone -q "$repo" "$work/repo"
cd "$work/repo"
echo "commits on the first-parent history: $(git rev-list --count --first-parent HEAD)"
"$bin" mine --repo . | sed 's/^/mined: /' | cut -c1-160
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
times=$(for _ in $(seq 1 "$runs"); do
  t0=$EPOCHREALTIME; "$bin" report --repo . --out "$work/report.html" >/dev/null; t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f\n", (b - a) * 1000 }'
done)
echo "taste report: median $(echo "$times" | median) ms of $runs runs ($(echo $times | tr ' ' ','))"
echo "page: $(wc -c <"$work/report.html") bytes, $(grep -o '<svg class="chart' "$work/report.html" | wc -l) charts"
for _ in 1 2 3; do
  python3 "$root/scripts/report-browser.py" "$work/report.html" --screenshot "$work/report.png"
done | python3 -c '
import json, sys
pages = [json.loads(line) for line in sys.stdin]
for page in pages:
    if "failure" in page: sys.exit("chromium: " + page["failure"])
loads = sorted(p["load_event_end_ms"] for p in pages)[len(pages) // 2]
navigations = sorted(p["load_ms"] for p in pages)[len(pages) // 2]
requests = sum(len(p["requests"]) for p in pages)
errors = sum(len(p["errors"]) for p in pages)
print(f"chromium: load event ends at {loads:.0f} ms, navigation to load {navigations:.0f} ms (medians of 3); {requests} requests, {errors} errors")'
