#!/usr/bin/env bash
# Fleet load: REPOS small git repositories, PUSHES pushes each (a commit, then `taste repo push`), mined by
# WORKERS `taste worker` processes with their own caches, on a PostgreSQL server of its own on a loopback port.
# With KILL=1, one worker is killed with SIGKILL halfway through and another started in its place. Prints every
# event's fate, push-to-skills p50/p95 and events per second per worker; asserts nothing.
#   scripts/fleet-load.sh [REPOS] [PUSHES] [WORKERS] [KILL]     defaults: 200 10 2 1
set -euo pipefail
repos=${1:-200}
pushes=${2:-10}
workers=${3:-2}
kill_one=${4:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${TASTE:-$(cd "$root" && swift build -c release --show-bin-path)/taste}
[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }
pg=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/taste-fleet-load-XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres "$work"; as_pg=(runuser -u postgres --); fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  "${as_pg[@]}" "$pg/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"${as_pg[@]}" "$pg/initdb" -D "$work/data" -U taste --auth=trust --no-sync >/dev/null
"${as_pg[@]}" "$pg/pg_ctl" -D "$work/data" -l "$work/pg.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
export TASTE_STORE="postgres://taste@127.0.0.1:$port/postgres" GIT_CONFIG_GLOBAL=/dev/null
sql() { psql -X -q -At -h 127.0.0.1 -p "$port" -U taste -d postgres -c "$1"; }
commit() {  # repository, index: one Swift file more
  printf 'struct Type%s {\n    let value: Int\n\n    func doubled() -> Int {\n        value * 2\n    }\n}\n' "$2" >"$1/Type$2.swift"
  git -C "$1" add -A && git -C "$1" -c user.name=Load -c user.email=load@example.com commit -qm "feat: add Type$2"
}
mkdir -p "$work/repos"
for r in $(seq 1 "$repos"); do
  git init -q -b main "$work/repos/r$r" && commit "$work/repos/r$r" 0
  "$bin" repo add "r$r" "$work/repos/r$r" >/dev/null
done
start_worker() { "$bin" worker --cache "$work/cache-$1" --name "$1" --lease 5 >"$work/$1.log" 2>&1 & pids+=($!); }
for w in $(seq 1 "$workers"); do start_worker "w$w"; done
t0=$EPOCHREALTIME
killed=0
for p in $(seq 1 "$pushes"); do
  for r in $(seq 1 "$repos"); do
    commit "$work/repos/r$r" "$p" && "$bin" repo push "r$r" --ref refs/heads/main >/dev/null
    # From halfway on, w1 is killed the first time it is seen holding a repository, that is, mid-pass.
    if [ "$kill_one" = 1 ] && [ "$killed" = 0 ] && [ "$p" -gt $((pushes / 2)) ]; then
      held=$(sql "SELECT name FROM repository WHERE lease_worker = 'w1'")
      if [ -n "$held" ]; then
        kill -9 "${pids[0]}"
        killed=1
        echo "killed w1 (SIGKILL) while it held $held, in round $p of pushes"
        start_worker "w1b"
      fi
    fi
  done
done
[ "$kill_one" = 1 ] && [ "$killed" = 0 ] && echo "w1 was never seen mid-pass: nothing killed"
while [ "$(sql "SELECT count(*) FROM event WHERE state IN ('queued', 'processing')")" != 0 ]; do sleep 0.2; done
t1=$EPOCHREALTIME
elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
echo "repositories $repos, pushes $((repos * pushes)), workers $workers, wall $elapsed s (pushing included)"
echo "events by state: $(sql "SELECT string_agg(state || ' ' || n, ', ') FROM (SELECT state, count(*) n FROM event GROUP BY state) s")"
echo "events claimed more than once: $(sql "SELECT count(*) FROM event WHERE attempts > 1")"
echo "repositories never mined: $(sql "SELECT count(*) FROM repository WHERE head IS NULL")" \
  "(of $repos; each checked against git below)"
stale=0
for r in $(seq 1 "$repos"); do
  [ "$(sql "SELECT head FROM repository WHERE name = 'r$r'")" = "$(git -C "$work/repos/r$r" rev-parse HEAD)" ] || stale=$((stale + 1))
done
echo "repositories whose stored head differs from git: $stale"
echo "push-to-skills seconds p50 / p95: $(sql "SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s)::numeric, 2) || ' / ' ||
  round(percentile_cont(0.95) WITHIN GROUP (ORDER BY s)::numeric, 2) FROM (SELECT extract(epoch FROM finished_at - created_at) s FROM event WHERE state = 'done') x")"
echo "passes and events per worker:"
sql "SELECT worker, count(DISTINCT claimed_at), count(*) FROM event WHERE state = 'done' GROUP BY worker ORDER BY worker" |
  awk -F'|' -v t="$elapsed" '{ printf "  %-4s %4d passes %5d events  %.2f events/s\n", $1, $2, $3, $3 / t }'
