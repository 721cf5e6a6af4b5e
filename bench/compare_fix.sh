#!/usr/bin/env bash
# `trustready fix` against the manual recipe a user would otherwise follow, in one session,
# on a Debian root tree holding this host's Mozilla roots minus the five ATS ones (a
# bundle from before 2015, without Starfield either), each run on a fresh copy (hyperfine --prepare):
#   - the plan (`fix --root R`, changes nothing) against `check --root R` (the same
#     discovery and judging): what planning costs on top;
#   - `fix --apply --root R` (backups, journal, fsyncs, update-ca-certificates in a private
#     mount namespace, check again) against the AWS article's recipe by hand: copy the five
#     roots as .crt into the anchor folder and run update-ca-certificates (in the same kind
#     of namespace), with no backup, journal or check;
#   - `rollback` against restoring a copy (`rm -rf R && cp -a R.orig R`);
#   - a JKS keystore: `fix --apply --store ks.jks` against five `keytool -importcert` runs.
#   bench/compare_fix.sh [BUILD_DIR]     (needs root: unshare --mount)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
for tool in update-ca-certificates unshare keytool; do
  command -v "$tool" >/dev/null || { echo "$me: $tool missing" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
orig="$work/orig"
share="$orig/usr/share/ca-certificates"
mkdir -p "$share/mozilla" "$orig/usr/local/share/ca-certificates" "$orig/etc/ssl/certs" "$orig/etc/ca-certificates/update.d"
: >"$orig/etc/ca-certificates.conf"
for f in /usr/share/ca-certificates/mozilla/*.crt; do
  case "$(basename "$f")" in Amazon_Root_CA_*|Starfield_*) continue ;; esac
  cp "$f" "$share/mozilla/" && echo "mozilla/$(basename "$f")" >>"$orig/etc/ca-certificates.conf"
done
printf 'ID=debian\nVERSION_ID="12"\n' >"$orig/etc/os-release"
# Runs update-ca-certificates for root $1 as fix does for a root tree without its own tool.
update_in() {
  unshare --mount sh -c "mount --bind $1/etc/ssl /etc/ssl && mount --bind $1/etc/ca-certificates /etc/ca-certificates \
    && mount --bind $1/etc/ca-certificates.conf /etc/ca-certificates.conf \
    && mount --bind $1/usr/share/ca-certificates /usr/share/ca-certificates \
    && mount --bind $1/usr/local/share/ca-certificates /usr/local/share/ca-certificates && update-ca-certificates" >/dev/null
}
export -f update_in
update_in "$orig"
mkdir -p "$work/anchors" && "$tr" migrations aws-ats --export-anchors "$work/anchors" 2>/dev/null
r="$work/r"
echo "root: $(ls "$share/mozilla" | wc -l) roots, without the five ATS ones" >&2

hyperfine -N --warmup 2 --runs 20 --export-json "$work/plan.json" \
  -n "trustready fix --root (plan)" "$tr fix --root $orig" \
  -n "trustready check --root" "$tr check --root $orig" -i >&2
hyperfine --shell=bash --warmup 1 --runs 10 --export-json "$work/apply.json" \
  --prepare "rm -rf $r && cp -a $orig $r" \
  -n "trustready fix --apply --root" "$tr fix --apply --root $r >/dev/null" \
  -n "by hand: cp *.crt + update-ca-certificates" "cp $work/anchors/*.crt $r/usr/local/share/ca-certificates/ && update_in $r" >&2
hyperfine --warmup 1 --runs 10 --export-json "$work/rollback.json" \
  --prepare "rm -rf $r && cp -a $orig $r && $tr fix --apply --root $r >/dev/null" \
  -n "trustready rollback --root" "$tr rollback --root $r >/dev/null" \
  -n "restore a copy: rm -rf + cp -a" "rm -rf $r && cp -a $orig $r" >&2
keytool -importcert -noprompt -alias isrg -file /usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt \
  -keystore "$work/ks.jks" -storetype JKS -storepass changeit >/dev/null 2>&1
import_by_hand="for f in $work/anchors/*.crt; do keytool -importcert -noprompt -alias \$(basename \$f .crt) -file \$f -keystore $work/k.jks -storetype JKS -storepass changeit >/dev/null 2>&1; done"
hyperfine --warmup 1 --runs 5 --export-json "$work/keytool.json" \
  --prepare "cp $work/ks.jks $work/k.jks && rm -rf $work/state" \
  -n "trustready fix --apply --store k.jks" "$tr fix --apply --store $work/k.jks --state-dir $work/state --system-only >/dev/null" \
  -n "by hand: 5 x keytool -importcert" "$import_by_hand" >&2
for f in plan apply rollback keytool; do python3 bench/ratio_table.py "$work/$f.json" "the first"; done
