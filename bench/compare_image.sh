#!/usr/bin/env bash
# `trustready check --image` and `scan --image` on a ~1 GB `docker save` archive (legacy
# layout, uncompressed layers as docker writes them) against what a user would otherwise
# run without Docker: `tar -tf` (lists the outer archive only), and every layer listed
# through a pipe (`tar -xOf IMAGE LAYER | tar -t`, the least that reads each layer's
# headers), warm cache, best of RUNS; peak RSS from GNU time.
#   bench/compare_image.sh [BUILD_DIR]       FILES=60000 BYTES=1000000000 RUNS=3 SEED=15
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Layer 1: an application tree (bench/make_scan_tree.py); layer 2: a system bundle of the
# catalog's roots, an os-release, and a whiteout removing a file of layer 1.
python3 bench/make_scan_tree.py "$work/app" --seed "${SEED:-15}" --files "${FILES:-60000}" --bytes "${BYTES:-1000000000}" >&2
mkdir -p "$work/sys/etc/ssl/certs"
cat data/certs/*.pem >"$work/sys/etc/ssl/certs/ca-certificates.crt"
printf 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' >"$work/sys/etc/os-release"
first=$(cd "$work/app" && find . -type f -print -quit)
mkdir -p "$work/sys/$(dirname "$first")"
touch "$work/sys/$(dirname "$first")/.wh.$(basename "$first")"
tar -C "$work/app" -cf "$work/l1.tar" .
tar -C "$work/sys" -cf "$work/l2.tar" .
printf '{"format": "docker", "out": "%s", "images": [{"name": "bench:1", "layers": ["%s", "%s"]}]}' \
  "$work/image.tar" "$work/l1.tar" "$work/l2.tar" >"$work/spec.json"
python3 tests/image/make_image.py image "$work/spec.json"
rm -f "$work/l1.tar" "$work/l2.tar"
rm -rf "$work/app" "$work/sys"
image="$work/image.tar"
size=$(stat -c %s "$image")
cat "$image" >/dev/null  # warm
layers=$(tar -tf "$image" | grep '/layer.tar$' | tr '\n' ' ')
list_layers="for l in $layers; do tar -xOf $image \$l | tar -t >/dev/null; done"
echo "## image: $((size / 1000000)) MB docker save archive, $(nproc) cores, warm cache, best of $runs, $(date -u +%F)"
echo
hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/image.json" -i \
  "$tr check --image $image --format json" "$tr scan --no-progress --image $image --format json" \
  "tar -tf $image" "bash -c '$list_layers'" >/dev/null
python3 - "$work/image.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
names = ["trustready check --image", "trustready scan --image", "tar -tf (outer archive)", "tar -xOf LAYER | tar -t (every layer)"]
print("| command | best (s) | check --image / this |")
print("|---|---|---|")
for n, x in zip(names, r):
    print(f"| {n} | {x['min']:.3f} | {r[0]['min'] / x['min']:.2f}x |")
PY
echo
for cmd in "check --image $image --format json" "scan --no-progress --image $image --format json"; do
  rss=$(/usr/bin/time -f %M "$tr" $cmd 2>&1 >/dev/null | tail -1)
  echo "peak RSS of trustready ${cmd%% *} --image: $((rss / 1024)) MB"
done
