# Sourced by bench-lint.sh and bench-fix.sh, with $repo, $runs and $name set: finds the release binary, mines a
# clone of $repo in a temporary folder (removed on exit) and enters it, and defines the timing helpers.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${TASTE:-$(cd "$root" && swift build -c release --show-bin-path)/taste}
[ -x "$bin" ] || { echo "build first: make release" >&2; exit 1; }
work=$(mktemp -d "/tmp/taste-bench-$name-XXXXXX")
trap 'rm -rf "$work"' EXIT
export TASTE_HOME=$work/home
git clone -q "$repo" "$work/repo"
cd "$work/repo"
"$bin" mine --repo . | sed 's/^/mined: /' | cut -c1-120
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
time_ms() {  # runs the command $runs times, prints each wall time in ms
  for _ in $(seq 1 "$runs"); do
    t0=$EPOCHREALTIME; "$@" >/dev/null 2>&1 || true; t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
  done
}
