#!/usr/bin/env bash
# Whole-process timings of `trustready check` beside the tools an operator would
# otherwise run, in the same hyperfine session. Prints a markdown table of ratios.
#   bench/compare.sh [BUILD_DIR]     (default build/; needs hyperfine, openssl; uses
#                                     keytool and p11-kit's trust when installed)
# `trustready check` reads every store (Java keystores natively, no JVM); `keytool -list
# -cacerts` reads one of them, in a JVM: the comparison the application-store work answers to.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh "$@"

cmds=(-n "trustready check" "$tr check --no-color"
      -n "trustready check --system-only" "$tr check --no-color --system-only"
      -n "openssl crl2pkcs7 | pkcs7 -print_certs" "sh -c 'openssl crl2pkcs7 -nocrl -certfile $bundle | openssl pkcs7 -print_certs -noout'")
if command -v trust >/dev/null; then cmds+=(-n "trust list (p11-kit)" "trust list"); fi
if command -v keytool >/dev/null; then cmds+=(-n "keytool -list -cacerts" "keytool -list -cacerts -storepass changeit"); fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
# trustready check exits 1 on a host that is not ready; timing is what matters here.
hyperfine -N --warmup 3 --runs "${RUNS:-30}" -i --export-json "$out" "${cmds[@]}" >&2
python3 bench/ratio_table.py "$out" "trustready check"
