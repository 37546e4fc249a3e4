#!/usr/bin/env bash
# Mines each repository into a fresh store with one taste binary and saves `taste skills --json` per
# repository, so that two builds can be compared fact by fact (scripts/compare-facts.py). MINE_FLAGS adds
# flags to `taste mine` (MINE_FLAGS=--ignore-config: what the code alone says).
#   scripts/snapshot-facts.sh /path/to/taste OUTDIR REPO...
set -euo pipefail
bin=${1:?usage: scripts/snapshot-facts.sh TASTE OUTDIR REPO...}
out=${2:?usage: scripts/snapshot-facts.sh TASTE OUTDIR REPO...}
shift 2
mkdir -p "$out"
for repo in "$@"; do
  name=$(basename "$(cd "$repo" && git rev-parse --show-toplevel 2>/dev/null || dirname "$(git -C "$repo" rev-parse --absolute-git-dir)")")
  name=${name##*+}
  home=$(mktemp -d)
  # shellcheck disable=SC2086 # MINE_FLAGS is a list of flags
  TASTE_HOME="$home" "$bin" mine --repo "$repo" ${MINE_FLAGS:-} > "$out/$name.mine.txt"
  TASTE_HOME="$home" "$bin" skills --repo "$repo" --json > "$out/$name.json"
  rm -rf "$home"
  echo "$name: $(cat "$out/$name.mine.txt")"
done
