#!/usr/bin/env bash
# Fleet load: REPOS bare repositories on a "git server" (each a small multi-file Swift project with HISTORY commits,
# so that a pass publishes skills), with the fleet's post-receive hook installed by `taste install --server --store
# --root`; PUSHES rounds of one commit and a real `git push` to each; mined by WORKERS `taste worker` processes with
# their own caches, on a PostgreSQL server of its own on a loopback port. With KILL=1, worker w1 is killed with
# SIGKILL the first time it is seen holding a repository in the second half, and w1b started in its place. Prints
# every event's fate, heads against git, push-to-skills p50/p95, events per second per worker and whole-history
# passes per worker; asserts nothing. PUSHERS clients push at once (each to its own share of the repositories, round
# after round), as a server's many users do.
#   scripts/fleet-load.sh [REPOS] [PUSHES] [WORKERS] [KILL] [HISTORY] [PUSHERS]     defaults: 200 10 2 1 30 8
set -euo pipefail
repos=${1:-200}
pushes=${2:-10}
workers=${3:-2}
kill_one=${4:-1}
history=${5:-30}
pushers=${6:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${TASTE:-$(cd "$root" && swift build -c release --show-bin-path)/taste}
[ -x "$bin" ] || { echo "build first: swift build -c release --product taste" >&2; exit 1; }
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
export TASTE_STORE="postgres://taste@127.0.0.1:$port/postgres" TASTE_HOME="$work/home" GIT_CONFIG_GLOBAL=/dev/null \
  GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=Load GIT_AUTHOR_EMAIL=load@example.com GIT_COMMITTER_NAME=Load \
  GIT_COMMITTER_EMAIL=load@example.com
sql() { psql -X -q -At -h 127.0.0.1 -p "$port" -U taste -d postgres -c "$1"; }

# One git fast-import stream per repository, written by one python: models, a service and tests, in one style,
# HISTORY commits each.
mkdir -p "$work/srv" "$work/clones" "$work/streams"
g0=$EPOCHREALTIME
python3 - "$work/streams" "$repos" "$history" <<'PY'
import sys
folder, repos, commits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for r in range(1, repos + 1):
    with open(f"{folder}/r{r}.fi", "wb") as out:
        def blob(path, text):
            data = text.encode()
            out.write(b"M 644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
        for n in range(commits):
            kind = ("feat", "fix", "refactor", "test")[n % 4]
            message = f"{kind}(core): {('add', 'correct', 'tidy', 'cover')[n % 4]} Item{n}\n".encode()
            out.write(b"commit refs/heads/main\ncommitter Load <load@example.com> %d +0000\ndata %d\n%s" % (1_600_000_000 + n * 3600, len(message), message))
            blob(f"Sources/Core/Item{n}.swift",
                 f"import Foundation\n\n/// An item of r{r}.\npublic struct Item{n}: Equatable {{\n    public let id: Int\n    public var title: String\n\n"
                 f"    public init(id: Int, title: String) {{\n        self.id = id\n        self.title = title\n    }}\n\n"
                 f"    public func isValid() -> Bool {{\n        guard id > 0 else {{ return false }}\n        return !title.isEmpty\n    }}\n}}\n")
            blob(f"Tests/CoreTests/Item{n}Tests.swift",
                 f"import XCTest\n\n@testable import Core\n\nfinal class Item{n}Tests: XCTestCase {{\n    func testValidItem() {{\n"
                 f"        XCTAssertTrue(Item{n}(id: 1, title: \"a\").isValid())\n    }}\n}}\n")
            blob("Sources/Core/Service.swift",
                 "import Foundation\n\npublic final class Service {\n" +
                 "".join(f"    public func item{k}() -> Item{k} {{\n        Item{k}(id: {k + 1}, title: \"item {k}\")\n    }}\n\n" for k in range(n + 1)) + "}\n")
            out.write(b"\n")
PY
make_repository() {
  git init -q --bare -b main "$work/srv/r$1.git"
  git --git-dir "$work/srv/r$1.git" fast-import --quiet <"$work/streams/r$1.fi"
  git clone -q "$work/srv/r$1.git" "$work/clones/r$1"
  "$bin" repo add "r$1" "$work/srv/r$1.git" >/dev/null
}
export -f make_repository
export work bin
seq 1 "$repos" | xargs -P "$pushers" -I{} bash -c 'make_repository {}'
"$bin" install --server --store "$TASTE_STORE" --root "$work/srv" >/dev/null
echo "made $repos repositories of $history commits and installed their hooks in" \
  "$(awk -v a="$g0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s"

start_worker() { "$bin" worker --cache "$work/cache-$1" --name "$1" --lease 5 >"$work/$1.log" 2>&1 & pids+=($!); }
for w in $(seq 1 "$workers"); do start_worker "w$w"; done
# Pusher k pushes to the repositories r = k, k + PUSHERS, ..., one round after another.
pusher() {
  for p in $(seq 1 "$pushes"); do
    for r in $(seq "$1" "$pushers" "$repos"); do
      clone="$work/clones/r$r"
      printf '\nextension Service {\n    public func round%s() -> Int {\n        %s\n    }\n}\n' "$p" "$p" >>"$clone/Sources/Core/Service.swift"
      git -C "$clone" commit -qam "feat(core): add round $p" && git -C "$clone" push -q origin main
    done
  done
}
t0=$EPOCHREALTIME
pusher_pids=()
for k in $(seq 1 "$pushers"); do pusher "$k" & pusher_pids+=($!); done
# Once half the pushes are queued, w1 is killed the first time it is seen holding a repository, that is, mid-pass.
killed=0
if [ "$kill_one" = 1 ]; then
  while [ "$(sql "SELECT count(*) FROM event")" -lt $((repos * pushes / 2)) ]; do sleep 0.5; done
  for _ in $(seq 1 600); do
    held=$(sql "SELECT name FROM repository WHERE lease_worker = 'w1'")
    if [ -n "$held" ]; then
      kill -9 "${pids[0]}"
      killed=1
      echo "killed w1 (SIGKILL) while it held $held, $(sql "SELECT count(*) FROM event") pushes in"
      start_worker "w1b"
      break
    fi
    sleep 0.2
  done
  [ "$killed" = 0 ] && echo "w1 was never seen mid-pass: nothing killed"
fi
wait "${pusher_pids[@]}"
t_pushed=$EPOCHREALTIME
# The hooks queue in the background: wait for every push to be queued, then for the queue to drain.
while [ "$(sql "SELECT count(*) FROM event")" -lt $((repos * pushes)) ] && [ -z "$(ls -A "$TASTE_HOME/spool/fleet" 2>/dev/null)" ]; do
  sleep 0.2
done
while [ "$(sql "SELECT count(*) FROM event WHERE state IN ('queued', 'processing')")" != 0 ]; do sleep 0.2; done
t1=$EPOCHREALTIME
elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
echo "repositories $repos, pushes $((repos * pushes)), workers $workers, wall $elapsed s" \
  "(pushing $(awk -v a="$t0" -v b="$t_pushed" 'BEGIN { printf "%.1f", b - a }') s of it)"
echo "pushes spooled and not sent: $(find "$TASTE_HOME/spool/fleet" -name '*.json' 2>/dev/null | wc -l)"
echo "events by state: $(sql "SELECT string_agg(state || ' ' || n, ', ') FROM (SELECT state, count(*) n FROM event GROUP BY state) s")"
echo "events claimed more than once: $(sql "SELECT count(*) FROM event WHERE attempts > 1")"
stale=0
for r in $(seq 1 "$repos"); do
  [ "$(sql "SELECT head FROM repository WHERE name = 'r$r'")" = "$(git --git-dir "$work/srv/r$r.git" rev-parse main)" ] || stale=$((stale + 1))
done
echo "repositories whose stored head differs from git: $stale of $repos"
echo "repositories with published skills: $(sql "SELECT count(DISTINCT repo_id) FROM skill") of $repos;" \
  "skill versions: $(sql "SELECT count(*) FROM skill_version")"
echo "push-to-skills seconds p50 / p95: $(sql "SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s)::numeric, 2) || ' / ' ||
  round(percentile_cont(0.95) WITHIN GROUP (ORDER BY s)::numeric, 2) FROM (SELECT extract(epoch FROM finished_at - created_at) s FROM event WHERE state = 'done') x")"
echo "passes and events per worker (whole-history passes: a repository's first mined anywhere; copies: a repository's"
echo "first pass on that worker after another mined it, which copies the published tallies):"
sql "SELECT worker, count(*) FROM event WHERE state = 'done' GROUP BY worker ORDER BY worker" |
  while IFS='|' read -r worker events; do
    passes=$(grep -c ": mined r" "$work/$worker.log" || true)
    whole=$(awk -v h="$history" '/: mined r[0-9]+: [0-9]+ commits/ { for (i = 1; i < NF; i++) if ($(i + 1) == "commits,") n = $i; if (n + 0 >= h) c++ }
      END { print c + 0 }' "$work/$worker.log")
    copies=$(grep -c ": copied the tallies of" "$work/$worker.log" || true)
    awk -v w="$worker" -v p="$passes" -v e="$events" -v h="$whole" -v c="$copies" -v t="$elapsed" \
      'BEGIN { printf "  %-4s %5d passes %5d events  %.2f events/s  %4d whole-history passes  %4d copies\n", w, p, e, e / t, h, c }'
  done
