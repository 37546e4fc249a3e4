#!/usr/bin/env bash
# kill -9 the daemon while merges land in many repositories at once: every merge must end as exactly one event,
# processed ("done", none failed), and each repository's store content must equal a clean `taste mine` of it.
# Clones REPO (default: the sindresorhus/ky mirror) REPOS times and gives each clone MERGES feature branches; mines
# four in five clones beforehand (the daemon's passes over those are short and incremental; every fifth it mines
# from the start, in long passes); installs the hooks and starts the daemon. Then every clone merges its branches (all at once, a random
# pause of up to 3 s between merges) while the daemon is killed -9 KILLS times at random moments and started again
# after a random pause (merges made meanwhile wait in the queue). At the end the last daemon drains the queue and
# is stopped, and each repository is mined cleanly into another store and compared (scripts/compare-stores.py
# --current --drift: the daemon's passes write intermediate versions a single pass does not, and keep stale a rule
# an earlier pass found that later merges dropped; both are counted apart).
#   scripts/fault-daemon.sh [REPOS] [MERGES] [KILLS] [REPO]     defaults 20, 5, 5 (about 2 minutes)
set -euo pipefail
FAULT_NAME=fd  # short: the daemon's socket lives in TASTE_HOME and a socket path must fit in 108 bytes
source "$(dirname "$0")/fault-common.sh"
repos=${1:-20}
merges=${2:-5}
kills_wanted=${3:-5}
source_repo=${4:-/work/.mirror/sindresorhus+ky/repo}

export TASTE_HOME="$work/h"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_MERGE_AUTOEDIT=no GIT_EDITOR=true
unset XDG_RUNTIME_DIR TASTE_RUNTIME_DIR GIT_DIR GIT_WORK_TREE

for r in $(seq 1 "$repos"); do
  repo="$work/r$r"
  clone_repo "$source_repo" "$repo"
  (
    cd "$repo"
    main=$(git symbolic-ref --short HEAD)
    for m in $(seq 1 "$merges"); do
      g checkout -qb "feature-$m" "$main"
      for c in 1 2; do
        printf 'export function feature%d_%d(value: number): number {\n\treturn value * %d;\n}\n' "$m" "$c" "$c" > "source/feature-$m-$c.ts"
        g add -A && g commit -qm "Add feature $m step $c"
      done
      g checkout -q "$main"
    done
  )
  [ $((r % 5)) != 0 ] && TASTE_HOME="$TASTE_HOME" "$bin" mine --repo "$repo" >/dev/null
  "$bin" install --repo "$repo" >/dev/null
done
echo "$repos clones of $(repo_label "$source_repo") ($(git -C "$work/r1" rev-list --first-parent --count HEAD) first-parent commits each), $merges merges each, hooks installed"

daemon_pid=
start_daemon() {
  "$bin" daemon run >>"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 200); do "$bin" daemon status >/dev/null 2>&1 && return; sleep 0.05; done
  echo "the daemon did not start: $(tail -3 "$work/daemon.log")" >&2
  exit 1
}
cleanup_hooks+=('[ -n "$daemon_pid" ] && kill -9 "$daemon_pid" 2>/dev/null')
start_daemon

# Every clone merges its branches at once; the daemon is killed meanwhile.
started=$(now_ms)
merge_pids=()
for r in $(seq 1 "$repos"); do
  (
    cd "$work/r$r"
    for m in $(seq 1 "$merges"); do
      sleep_ms "$(random_below 3000)"
      g merge -q --no-ff -m "Merge feature $m" "feature-$m"
    done
  ) &
  merge_pids+=($!)
done
kills=0
for _ in $(seq 1 "$kills_wanted"); do
  sleep_ms "$(random_below $((merges * 1500 + 2000)))"
  kill -9 "$daemon_pid"
  wait "$daemon_pid" 2>/dev/null || true
  kills=$((kills + 1))
  sleep_ms "$(random_below 1000)"
  start_daemon
done
for pid in "${merge_pids[@]}"; do wait "$pid"; done
echo "$((repos * merges)) merges made in $(($(now_ms) - started)) ms; daemon killed -9 $kills times and restarted"

# The hooks notify in the background: wait for every event to be queued, then for the queue to drain.
expected=$((repos * merges))
query() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1], timeout=30).execute(sys.argv[2]).fetchone()[0])' "$TASTE_HOME/taste.sqlite" "$1"; }
for _ in $(seq 1 600); do
  [ "$(query "SELECT COUNT(*) FROM event WHERE state IN ('queued', 'processing')")" = 0 ] &&
    [ "$(query "SELECT COUNT(*) FROM event")" -ge "$expected" ] && break
  sleep 0.5
done
"$bin" daemon stop >/dev/null
wait "$daemon_pid" 2>/dev/null || true
daemon_pid=

events=$(query "SELECT COUNT(*) FROM event")
done_events=$(query "SELECT COUNT(*) FROM event WHERE state = 'done'")
failed=$(query "SELECT COUNT(*) FROM event WHERE state = 'failed'")
waiting=$(query "SELECT COUNT(*) FROM event WHERE state IN ('queued', 'processing')")
retried=$(query "SELECT COUNT(*) FROM event WHERE attempts > 1")
unmined=$(query "SELECT COUNT(*) FROM event e WHERE NOT EXISTS (SELECT 1 FROM mined_commit c JOIN repository r ON r.id = c.repo_id WHERE r.git_dir = e.git_dir AND c.sha = e.new_head)")
distinct=$(query "SELECT COUNT(DISTINCT git_dir || new_head) FROM event")
result=$(integrity "$TASTE_HOME/taste.sqlite")
passes=$(($(query "SELECT COUNT(*) FROM mining_pass") - (repos - repos / 5)))
echo "events: $events for $expected merges ($distinct distinct), $done_events done, $failed failed, $waiting still queued, $retried claimed again after a kill, $unmined whose merge is not mined; $passes daemon passes"
[ "$failed" = 0 ] || python3 -c 'import sqlite3, sys; [print("  failed:", *row) for row in sqlite3.connect(sys.argv[1]).execute("SELECT git_dir, error FROM event WHERE state = '"'failed'"' LIMIT 5")]' "$TASTE_HOME/taste.sqlite"
echo "integrity_check: $result"

for r in $(seq 1 "$repos"); do TASTE_HOME="$work/clean" "$bin" mine --repo "$work/r$r" >/dev/null; done
differing=0
if ! out=$(python3 "$root/scripts/compare-stores.py" "$work/clean/taste.sqlite" "$TASTE_HOME/taste.sqlite" --current --drift --show 8); then
  differing=$(differing_of "$out")
fi
echo "store against a clean taste mine of each repository: $(echo "$out" | tr "\n" " ")"
[ "$events" = "$expected" ] && [ "$distinct" = "$expected" ] && [ "$done_events" = "$expected" ] && [ "$unmined" = 0 ] &&
  [ "$result" = ok ] && [ "$differing" = 0 ]
