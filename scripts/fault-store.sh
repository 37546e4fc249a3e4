#!/usr/bin/env bash
# A store that cannot be written: locked by another process, read-only (file modes, and a read-only mount), on a
# full disk (a 2 MiB tmpfs), or corrupt (garbage pages, truncated, garbage header, empty). Each case prints PASS or
# FAIL and its figure. A command that fails must say why in one line and exit non-zero (never a signal or a stack
# trace), within the store's busy timeout when locked; what the store held must still be there afterwards.
# Needs root (mount, and a second user for the file-mode case).
#   scripts/fault-store.sh [BIG_REPO]     BIG_REPO (default: the psf/requests mirror) must need more than 256 KiB
#                                       (under a minute)
set -euo pipefail
FAULT_NAME=fault-store
source "$(dirname "$0")/fault-common.sh"
big_repo=${1:-/work/.mirror/psf+requests/repo}
[ "$(id -u)" = 0 ] || { echo "fault-store.sh needs root (tmpfs mounts, a second user)" >&2; exit 1; }
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
unset XDG_RUNTIME_DIR TASTE_RUNTIME_DIR
chmod 0711 "$work"

passed=0 failed=0
verdict() {  # NAME OK FIGURE
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "PASS $1: $3"; else failed=$((failed + 1)); echo "FAIL $1: $3"; fi
}
# Runs a command; sets status, elapsed (ms), err (stderr's first line) and err_lines.
attempt() {
  local t0
  t0=$(now_ms)
  set +e
  "$@" >"$work/out" 2>"$work/err"
  status=$?
  set -e
  elapsed=$(($(now_ms) - t0))
  err_lines=$(grep -c . "$work/err" || true)
  err=$(head -1 "$work/err")
}
clean_failure() { [ "$status" -ne 0 ] && [ "$status" -lt 128 ] && [ "$err_lines" = 1 ] && ! grep -qiE "fatal error|stack|backtrace" "$work/err"; }
no_crash() { [ "$status" -lt 128 ] && ! grep -qiE "fatal error|stack dump|backtrace" "$work/err" && { [ "$status" = 0 ] || [ "$err_lines" = 1 ]; }; }
said() { if [ "$status" = 0 ]; then echo "exit 0"; else echo "exit $status in ${elapsed} ms: \"$err\""; fi; }

# A small Python repository of COUNT commits at PATH, owned by whoever runs it.
make_repo() {
  local path=$1 count=$2
  g init -q "$path"
  for i in $(seq 1 "$count"); do
    printf 'def f%d(x):\n    return x + %d\n' "$i" "$i" > "$path/m$((i % 7)).py"
    g -C "$path" add -A && g -C "$path" commit -qm "Change $i"
  done
}
add_commits() {
  for i in $(seq 1 "$2"); do
    printf 'def late%d(y):\n    return y * %d\n' "$i" "$i" > "$1/late$i.py"
    g -C "$1" add -A && g -C "$1" commit -qm "Late change $i"
  done
}
snapshot() { python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))' "$1" "$2"; }
same_content() { python3 "$root/scripts/compare-stores.py" "$@" >"$work/compare" || { head -3 "$work/compare"; return 1; }; }

# --- Locked: another process holds the write lock.
home="$work/lock"
make_repo "$work/locked-repo" 30
TASTE_HOME="$home" "$bin" mine --repo "$work/locked-repo" >/dev/null
add_commits "$work/locked-repo" 3
snapshot "$home/taste.sqlite" "$work/lock-before.sqlite"
python3 - "$home/taste.sqlite" "$work/locked" <<'EOF' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(120)
EOF
holder=$!
cleanup_hooks+=('kill $holder 2>/dev/null')
until [ -e "$work/locked" ]; do sleep 0.05; done
attempt env TASTE_HOME="$home" "$bin" mine --repo "$work/locked-repo"
ok=1; clean_failure && [ "$elapsed" -lt 15000 ] && ok=0
verdict "locked store, taste mine" "$ok" "$(said)"
attempt env TASTE_HOME="$home" "$bin" skills --repo "$work/locked-repo"
ok=1; { [ "$status" = 0 ] || clean_failure; } && [ "$elapsed" -lt 15000 ] && ok=0
verdict "locked store, taste skills" "$ok" "$(said)$([ "$status" = 0 ] && echo ": readers are not blocked by a writer (WAL)")"
attempt env TASTE_HOME="$home" "$bin" notify --repo "$work/locked-repo"
ok=1; [ "$status" = 0 ] && ok=0
verdict "locked store, taste notify (a merge must not be lost)" "$ok" "$(said)"
kill "$holder"; wait "$holder" 2>/dev/null || true
ok=1; same_content "$work/lock-before.sqlite" "$home/taste.sqlite" --current && ok=0
attempt env TASTE_HOME="$home" "$bin" mine --repo "$work/locked-repo"
[ "$status" = 0 ] || ok=1
verdict "locked store, after the lock" "$ok" "content as before the lock ($(head -1 "$work/compare")); the next mine: $(said)"

# --- Read-only by file modes: the store file 0444, its folder 0555, for a user that is not root.
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$work/ro" TASTE_HOME="$work/ro/h" "$@"; }
mkdir -p "$work/ro" && chown 65534:65534 "$work/ro"
as_nobody bash -c "$(declare -f g make_repo); make_repo '$work/ro/repo' 30"
as_nobody "$bin" mine --repo "$work/ro/repo" >/dev/null
as_nobody bash -c "$(declare -f g add_commits); add_commits '$work/ro/repo' 3"
chmod 0444 "$work/ro/h"/taste.sqlite*
chmod 0555 "$work/ro/h"
attempt as_nobody "$bin" skills --repo "$work/ro/repo"
# Reading needs nothing written: the skills are shown.
ok=1; [ "$status" = 0 ] && ok=0
verdict "read-only store (modes), taste skills" "$ok" "$(said)"
attempt as_nobody "$bin" mine --repo "$work/ro/repo"
ok=1; clean_failure && ok=0
verdict "read-only store (modes), taste mine" "$ok" "$(said)"

# --- Read-only mount: even root cannot write.
mkdir -p "$work/rofs"
mount -t tmpfs -o size=64m tmpfs "$work/rofs"
cleanup_hooks+=('umount "$work/rofs" 2>/dev/null')
make_repo "$work/rofs-repo" 30
TASTE_HOME="$work/rofs" "$bin" mine --repo "$work/rofs-repo" >/dev/null
add_commits "$work/rofs-repo" 3
mount -o remount,ro "$work/rofs"
attempt env TASTE_HOME="$work/rofs" "$bin" skills --repo "$work/rofs-repo"
# Reading needs nothing written: the skills are shown.
ok=1; [ "$status" = 0 ] && ok=0
verdict "read-only mount, taste skills" "$ok" "$(said)"
attempt env TASTE_HOME="$work/rofs" "$bin" mine --repo "$work/rofs-repo"
ok=1; clean_failure && ok=0
verdict "read-only mount, taste mine" "$ok" "$(said)"

# --- Full disk: a 2 MiB tmpfs holds a small repository's store and a file that leaves 256 KiB free; mining a
# large repository fills it.
mkdir -p "$work/full"
mount -t tmpfs -o size=2m tmpfs "$work/full"
cleanup_hooks+=('umount "$work/full" 2>/dev/null')
make_repo "$work/small" 30
TASTE_HOME="$work/full" "$bin" mine --repo "$work/small" >/dev/null
snapshot "$work/full/taste.sqlite" "$work/full-before.sqlite"
clone_repo "$big_repo" "$work/big"
# Whatever the large store would need, only 256 KiB are left for it.
free_kb=$(df -k --output=avail "$work/full" | tail -1 | tr -d ' ')
[ "$free_kb" -gt 256 ] && dd if=/dev/zero of="$work/full/filler" bs=1024 count=$((free_kb - 256)) status=none
attempt env TASTE_HOME="$work/full" "$bin" mine --repo "$work/big"
ok=1; clean_failure && ok=0
verdict "full disk, taste mine of $(git -C "$work/big" rev-list --first-parent --count HEAD) commits" "$ok" "$(said); $(df -k --output=used "$work/full" | tail -1 | tr -d ' ') KiB of 2048 used"
result=$(integrity "$work/full/taste.sqlite")
ok=1; [ "$result" = ok ] && same_content "$work/full-before.sqlite" "$work/full/taste.sqlite" --repo small && ok=0
verdict "full disk, the store afterwards" "$ok" "integrity_check $result; the small repository's content $(head -1 "$work/compare")"
attempt env TASTE_HOME="$work/full" "$bin" skills --repo "$work/small"
ok=1; [ "$status" = 0 ] && ok=0
verdict "full disk, taste skills of what was there" "$ok" "$(said)"

# --- Corrupt: copies of a sound store, damaged four ways.
make_repo "$work/corrupt-repo" 120
TASTE_HOME="$work/sound" "$bin" mine --repo "$work/corrupt-repo" >/dev/null
snapshot "$work/sound/taste.sqlite" "$work/sound.sqlite"
pages=$(($(stat -c %s "$work/sound.sqlite") / 4096))
damage() {  # KIND FILE
  case $1 in
    garbage-pages) for _ in 1 2 3 4 5 6; do dd if=/dev/urandom of="$2" bs=4096 count=1 seek=$((1 + $(random_below $((pages - 1))))) conv=notrunc status=none; done ;;
    truncated) truncate -s $((pages / 2 * 4096)) "$2" ;;
    garbage-header) dd if=/dev/urandom of="$2" bs=100 count=1 conv=notrunc status=none ;;
    empty) : > "$2" ;;
  esac
}
for kind in garbage-pages truncated garbage-header empty; do
  home="$work/corrupt-$kind"
  mkdir -p "$home"
  cp "$work/sound.sqlite" "$home/taste.sqlite"
  damage "$kind" "$home/taste.sqlite"
  for command in skills mine; do
    attempt env TASTE_HOME="$home" "$bin" "$command" --repo "$work/corrupt-repo"
    ok=1; no_crash && ok=0
    verdict "corrupt store ($kind), taste $command" "$ok" "$(said)"
  done
done

echo "store faults: $passed passed, $failed failed"
[ "$failed" = 0 ]
