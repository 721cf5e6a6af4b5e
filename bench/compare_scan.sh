#!/usr/bin/env bash
# `trustready scan` and the walker alone against the tools a user would otherwise run, in
# one session, over one generated tree (bench/make_scan_tree.py: ~200,000 files, ~2 GB,
# a few hundred certificates, keystores and pins), warm cache, best of RUNS runs each:
#   - trustready scan DIR --format json (when the command exists);
#   - walk_bench DIR: the walker alone, counting files with "-----BEGIN CERTIFICATE";
#   - rg -l -a 'BEGIN CERTIFICATE' DIR (finds only PEM text);
#   - grep -rl 'BEGIN CERTIFICATE' DIR.
#   bench/compare_scan.sh [BUILD_DIR]     TREE=DIR (default: made in $TMPDIR and removed)
#   FILES=200000 BYTES=2000000000 RUNS=5 SEED=15 TRUSTREADY="build/trustready scan"
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
walk="$build/bench/walk_bench"
[[ -x "$walk" ]] || { echo "$me: $walk not built (ninja -C $build walk_bench)" >&2; exit 2; }
for tool in rg grep python3; do
  command -v "$tool" >/dev/null || { echo "$me: $tool missing" >&2; exit 2; }
done
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree=${TREE:-}
if [[ -z "$tree" ]]; then
  tree="$work/tree"
  python3 bench/make_scan_tree.py "$tree" --seed "${SEED:-15}" --files "${FILES:-200000}" --bytes "${BYTES:-2000000000}" >&2
fi
trustready=${TRUSTREADY:-"$tr scan"}
files=$(find "$tree" -type f | wc -l)
bytes=$(find "$tree" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
# Warm the page cache: every tool then reads from memory, as on a second run.
find "$tree" -type f -print0 | xargs -0 cat >/dev/null

commands=("$walk $tree" "rg -l -a 'BEGIN CERTIFICATE' $tree" "grep -rl 'BEGIN CERTIFICATE' $tree")
names=("walker alone (walk_bench)" "rg -l -a" "grep -rl")
# The command exists once its own help names it (an unknown subcommand prints the top-level help).
if $trustready --help 2>&1 | grep -q '^Usage: .* scan'; then
  commands=("$trustready $tree --format json" "${commands[@]}")
  names=("trustready scan --format json" "${names[@]}")
else
  echo "$me: '$trustready' not there yet: timing the walker alone" >&2
fi
echo "## scan: $files files, $((bytes / 1000000)) MB ($(nproc) cores), warm cache, best of $runs, $(date -u +%F)"
echo
echo "Files with a PEM certificate: walker $("$walk" "$tree" | sed 's/.* \([0-9]*\) with.*/\1/'), rg $(rg -l -a 'BEGIN CERTIFICATE' "$tree" | wc -l), grep $(grep -rl 'BEGIN CERTIFICATE' "$tree" | wc -l)"
echo
hyperfine --style none -i --warmup 1 --runs "$runs" --export-json "$work/scan.json" "${commands[@]}" >/dev/null
python3 - "$work/scan.json" "$files" "$bytes" "${names[@]}" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
files, size, names = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
base = results[0]["min"]
print(f"| command | best (s) | files/s | GB/s | {names[0]} is this many times faster |")
print("|---|---|---|---|---|")
for name, r in zip(names, results):
    best = r["min"]
    print(f"| {name} | {best:.3f} | {files / best:,.0f} | {size / best / 1e9:.2f} | {r['min'] / base:.2f}x |")
PY
echo
python3 bench/ratio_table.py "$work/scan.json" "${names[0]}"
