#!/usr/bin/env bash
# `trustready paths` (every path, four client verdicts) beside one `openssl verify` of
# the same ATS chain against the same system bundle, as whole processes in one hyperfine
# session. Prints a markdown table of ratios.
#   bench/compare_paths.sh [BUILD_DIR]   (default build/; needs hyperfine and openssl)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh "$@"
# As ATS servers send it above their intermediate: Amazon Root CA 1 cross-signed by
# Starfield Services G2, then Services G2 cross-signed by Starfield Class 2.
target=data/certs/amazon1_x_sfsg2.pem
untrusted=data/certs/sfsg2_x_sfclass2.pem
out=$(mktemp)
chain=$(mktemp --suffix=.pem)
trap 'rm -f "$out" "$chain"' EXIT
cat "$target" "$untrusted" > "$chain"
hyperfine -N --warmup 3 --runs "${RUNS:-30}" -i --export-json "$out" \
  -n "trustready paths (all paths, 5 clients)" "$tr paths $chain --store $bundle --no-color" \
  -n "trustready paths --client ideal" "$tr paths $chain --store $bundle --client ideal --no-color" \
  -n "openssl verify (one path)" "openssl verify -CAfile $bundle -untrusted $untrusted $target" >&2
python3 bench/ratio_table.py "$out" "trustready paths"
