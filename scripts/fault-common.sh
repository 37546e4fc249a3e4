# Shared by the fault-*.sh scripts (sourced): the binary, a work folder removed on exit, and store checks.
# TASTE=/path/to/taste overrides the release build; KEEP=1 keeps the work folder for a look afterwards.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${TASTE:-$(cd "$root" && swift build -c release --show-bin-path)/taste}
[ -x "$bin" ] || { echo "build first: make release (or set TASTE=/path/to/taste)" >&2; exit 1; }
work=$(mktemp -d "/tmp/${FAULT_NAME:-fault}-XXXXXX")
cleanup_hooks=()
cleanup() {
  for hook in "${cleanup_hooks[@]}"; do eval "$hook" || true; done
  wait 2>/dev/null || true
  if [ "${KEEP:-0}" = 1 ]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

g() { git -c user.name=fault -c user.email=fault@example.com -c init.defaultBranch=main "$@"; }

# A non-bare clone of REPO (a bare mirror or a work tree) at DEST.
clone_repo() { git clone -q "$1" "$2"; }

# A repository's name for figures: the mirror folder's (owner+name/repo) or the folder's own.
repo_label() { local path=${1%/}; path=${path%/repo}; path=${path%.git}; basename "$path"; }

# `PRAGMA integrity_check` of a store: prints "ok" when sound.
integrity() {
  python3 - "$1" <<'EOF'
import sqlite3, sys
try:
    print(sqlite3.connect(sys.argv[1], timeout=30).execute("PRAGMA integrity_check").fetchone()[0])
except sqlite3.Error as error:
    print(f"error: {error}")
EOF
}

# A random whole number in [0, N).
random_below() { echo $(((RANDOM * 32768 + RANDOM) % $1)); }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Sleeps MS milliseconds.
sleep_ms() { sleep "$(awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }')"; }

# The count in scripts/compare-stores.py's "<n> differing rows" line.
differing_of() { echo "$1" | awk '/differing rows/ { print $1; exit }'; }
