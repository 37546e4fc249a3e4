#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/TasteFuzz, with AddressSanitizer) and runs each for SECONDS, one after the
# other, from its committed seeds in Fuzz/Corpus/<target>/. What the fuzzer adds goes to .build-fuzz/corpus/<target>/
# (kept between runs, never committed); a crash, hang (-timeout) or memory blow-up (-rss_limit_mb) is written to
# .build-fuzz/findings/<target>/ and makes the script exit non-zero.
#   scripts/fuzz.sh SECONDS [TARGET...]      (default: every target)
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: scripts/fuzz.sh SECONDS [TARGET...]" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=$1
shift
targets=${*:-lexer toml yaml json ini editorconfig commit template mcp control}
scratch=.build-fuzz

mkdir -p "$scratch"
# libFuzzer brings `main`: the target has none of its own (-parse-as-library), and SwiftPM links it so when told
# `--sanitize=fuzzer`. swiftc keeps only the last -sanitize flag, and SwiftPM passes one per sanitizer, so the pair
# is given once more, together, last: without it the code is built for ASan but without coverage.
if ! TASTE_FUZZ=1 swift build --product TasteFuzz --scratch-path "$scratch" --sanitize=fuzzer --sanitize=address \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >"$scratch/build.log" 2>&1; then
  grep -v 'ld.gold: warning' "$scratch/build.log" >&2
  exit 1
fi
bin=$scratch/debug/TasteFuzz

# A crash must end the run at once: Swift's backtracer would otherwise hold the process for its own report.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp:print_suppressions=0"
failed=""
printf '%-13s %10s %8s %8s %s\n' target executions seconds corpus finding
for target in $targets; do
  [ -d "Fuzz/Corpus/$target" ] || { echo "no seeds for $target in Fuzz/Corpus/" >&2; exit 2; }
  corpus="$scratch/corpus/$target" findings="$scratch/findings/$target" log="$scratch/logs/$target.log"
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  # The control target writes its input through a pipe in one call: keep inputs well below the pipe's 64 KiB.
  max_len=8192
  [ "$target" = control ] && max_len=4096
  start=$(date +%s)
  status=0
  TASTE_FUZZ_TARGET=$target "$bin" "$corpus" "Fuzz/Corpus/$target" \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1 || status=$?
  elapsed=$(($(date +%s) - start))
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  finding=""
  if [ "$status" -ne 0 ]; then
    finding=$(grep -o -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z-]+|Fatal error: .*' "$log" || echo "exit $status")
    finding="$finding; $(ls -t "$findings" | head -1) (log: $log)"
    failed="$failed $target"
  fi
  printf '%-13s %10s %8s %8s %s\n' "$target" "${runs:-?}" "$elapsed" "$(ls "$corpus" | wc -l)" "${finding:-none}"
done
if [ -n "$failed" ]; then
  echo "findings in:$failed; reproduce one with TASTE_FUZZ_TARGET=<target> $bin <file>" >&2
  exit 1
fi
