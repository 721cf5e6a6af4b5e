#!/usr/bin/env bash
# Two builds of trustready side by side, in one hyperfine session: what a change costs or
# saves for the commands a user runs. Prints a markdown table per command.
#   bench/compare_builds.sh BEFORE_BINARY [BUILD_DIR]   (BUILD_DIR default build/)
# Make BEFORE_BINARY from an earlier commit: git worktree add /tmp/old REV && (cd /tmp/old &&
# scripts/setup) && cp /tmp/old/build/trustready /tmp/trustready-before
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: bench/compare_builds.sh BEFORE_BINARY [BUILD_DIR]}
shift
source bench/common.sh "$@"
[[ -x "$before" ]] || { echo "$me: $before is not an executable" >&2; exit 2; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT
for args in "--version" "migrations" "check --no-color --system-only" "check --no-color"; do
  # check exits 1 on a host that is not ready; timing is what matters here.
  hyperfine -N --warmup 5 --runs "${RUNS:-60}" -i --export-json "$out" \
    -n "after: trustready $args" "$tr $args" -n "before: trustready $args" "$before $args" >&2
  python3 bench/ratio_table.py "$out" "after: trustready $args"
  echo
done
