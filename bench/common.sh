# Sourced by the compare scripts, with their arguments: the trustready binary to time
# ($tr, from BUILD_DIR, default build/), this host's bundle ($bundle), and hyperfine.
build=${1:-build}
tr="$build/trustready"
bundle=/etc/ssl/certs/ca-certificates.crt
me=$(basename "$0")
[[ -x "$tr" ]] || { echo "$me: $tr not built (run scripts/setup)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "$me: hyperfine missing (apt-get install hyperfine)" >&2; exit 2; }
