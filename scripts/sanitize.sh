#!/usr/bin/env bash
# The whole test suite under AddressSanitizer (.build-asan), then the daemon's tests under ThreadSanitizer
# (.build-tsan). The CLI tests run the `taste` built beside the tests, so the commands and daemons they start are
# sanitized too; every process writes its reports to one folder, and any report fails the run.
#   scripts/sanitize.sh [address|thread]      (default: both)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
kinds=${*:-address thread}
# The tests that start daemons, queue events and run hooks: where threads meet.
daemon_tests='Daemon|Durability|ManyRepositories|Hook|EventQueue|MergeNotice'
reports=$(mktemp -d)
trap 'rm -rf "$reports"' EXIT
# A test run must not pick another build's binary, and a crash must leave the sanitizer's report, not wait on
# Swift's backtracer.
unset TASTE_BINARY
export SWIFT_BACKTRACE=enable=no

failed=""
for kind in $kinds; do
  case $kind in
    address) scratch=.build-asan filter=() ;;
    thread) scratch=.build-tsan filter=(--filter "$daemon_tests") ;;
    *) echo "usage: scripts/sanitize.sh [address|thread]" >&2; exit 2 ;;
  esac
  start=$(date +%s)
  swift build --build-tests --sanitize="$kind" --scratch-path "$scratch" 2>&1 | grep -E 'error|Compiling|Build complete' | grep -v '^\[' || true
  built=$(date +%s)
  # Leaks are left to the fuzzer (libFuzzer checks them per input): here the runtime's and Foundation's caches would drown them.
  export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=0" TSAN_OPTIONS="log_path=$reports/tsan"
  status=0
  swift test --skip-build --sanitize="$kind" --scratch-path "$scratch" "${filter[@]}" >"$scratch/sanitize.log" 2>&1 || status=$?
  tail -3 "$scratch/sanitize.log"
  found=$(find "$reports" -type f -name "${kind:0:1}san*" | wc -l)
  echo "$kind: build $((built - start)) s, tests $(($(date +%s) - built)) s, exit $status, $found report file(s)"
  if [ "$status" -ne 0 ] || [ "$found" -ne 0 ]; then
    failed="$failed $kind"
    mkdir -p "$scratch/reports"
    find "$reports" -type f -name "${kind:0:1}san*" -exec cp {} "$scratch/reports/" \;
    for report in "$scratch"/reports/*; do [ -f "$report" ] && head -40 "$report"; done
  fi
done
[ -z "$failed" ] || { echo "sanitizer findings:$failed (reports in .build-*/reports/, logs in .build-*/sanitize.log)" >&2; exit 1; }
