#!/usr/bin/env bash
# `trustready probe` against the tools a user would otherwise run, in one session, against
# one nginx on 127.0.0.1 (2 workers) serving an RSA 2048 chain (leaf, intermediate):
#   - trustready probe over N targets (default 2000), judged against 3 stores;
#   - one `openssl s_time -new -time 10` process (handshakes only, no validation; its
#     connections are counted by the wall clock, since its own rate is per CPU second);
#   - a shell loop of `openssl s_client -verify_return_error` per target (LOOP targets);
#   - testssl.sh on one target, when installed (Debian packages it; sslyze it does not);
#   - the cost of stores: 1, 3 and 10 stores over N targets with distinct names (one
#     chain, verified once; each name checked by every engine of every store);
#   - peak RSS at 10,000 targets (/usr/bin/time -v).
#   bench/compare_probe.sh [BUILD_DIR]     N=2000 LOOP=200 environment variables
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
tr="$build/trustready"
[[ -x "$tr" ]] || { echo "compare_probe: $tr not built (run scripts/setup)" >&2; exit 2; }
for tool in nginx openssl python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "compare_probe: $tool missing" >&2; exit 2; }
done
n=${N:-2000}
loop=${LOOP:-200}
work=$(mktemp -d)
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

# A test PKI: root, intermediate, a leaf for localhost and *.bench.test.
cd "$work"
openssl req -x509 -newkey rsa:2048 -nodes -keyout root.key -out root.pem -subj /CN=Bench-Root -days 30 \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout ca.key -out ca.csr -subj /CN=Bench-CA 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' >ca.ext
openssl x509 -req -in ca.csr -CA root.pem -CAkey root.key -CAcreateserial -out ca.pem -days 20 -extfile ca.ext 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost,DNS:*.bench.test\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n' >leaf.ext
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out leaf.pem -days 10 -extfile leaf.ext 2>/dev/null
cat leaf.pem ca.pem >chain.pem
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p tmp
cat >nginx.conf <<CONF
worker_processes 2;
daemon on;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$port ssl backlog=4096;
    ssl_certificate $work/chain.pem; ssl_certificate_key $work/leaf.key;
    ssl_session_cache off; ssl_session_tickets off;
    location / { return 200 "ok\n"; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
# Stores: the root alone, and the root inside copies of this host's bundle.
cp root.pem s1.pem
for i in $(seq 2 10); do cat /etc/ssl/certs/ca-certificates.crt root.pem >"s$i.pem"; done
stores() { for i in $(seq "$1"); do printf -- '--store %s ' "$work/s$i.pem"; done; }
for i in $(seq "$n"); do echo "tls://localhost:$port"; done >same.txt
for i in $(seq "$n"); do echo "tls://h$i.bench.test:$port"; done >distinct.txt
for i in $(seq 10000); do echo "tls://h$i.bench.test:$port"; done >ten_thousand.txt
cd - >/dev/null

wall() {  # seconds a command takes, by the wall clock
  local start end
  start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.3f}')"
}
rate() { python3 -c "print(f'{$1 / $2:.0f}')"; }
probe="$tr probe --format json --per-host 0 --no-http --connect-to ::127.0.0.1:$port"

echo "## probe: $n targets, one nginx on 127.0.0.1 ($(nproc) cores), $(date -u +%F)"
echo
echo "| what | targets | seconds | handshakes/s |"
echo "|---|---|---|---|"
t=$(wall $probe $(stores 3) -f "$work/same.txt")
echo "| trustready probe, 3 stores (one name: each chain judged once) | $n | $t | $(rate "$n" "$t") |"
stime_out=$(openssl s_time -connect "127.0.0.1:$port" -new -time 10 2>/dev/null | grep -E 'connections in [0-9]+ real' || true)
stime_n=$(awk '{print $1}' <<<"$stime_out")
stime_t=$(awk '{print $4}' <<<"$stime_out")
echo "| openssl s_time -new -time 10 (one process, no validation) | ${stime_n:-?} | ${stime_t:-?} | $(rate "${stime_n:-0}" "${stime_t:-1}") |"
loop_run() {
  for _ in $(seq "$loop"); do
    openssl s_client -connect "127.0.0.1:$port" -servername localhost -CAfile "$work/s1.pem" -no-CApath -no-CAstore \
      -verify_return_error -verify_hostname localhost </dev/null >/dev/null 2>&1
  done
}
t=$(wall loop_run)
echo "| shell loop of openssl s_client -verify_return_error, 1 store | $loop | $t | $(rate "$loop" "$t") |"
if command -v testssl.sh >/dev/null || command -v testssl >/dev/null; then
  testssl=$(command -v testssl.sh || command -v testssl)
  t=$(wall "$testssl" --quiet --color 0 --warnings off -S --add-ca "$work/s1.pem" "localhost:$port")
  echo "| testssl.sh -S (server defaults, chain of trust), serial | 1 | $t | $(rate 1 "$t") |"
else
  echo "| testssl.sh: not installed (apt-get install testssl.sh) | | | |"
fi
echo "| sslyze: not packaged by Debian 12 | | | |"
echo
echo "| stores (distinct names: the chain verified once, each name checked per engine) | targets | seconds | per target |"
echo "|---|---|---|---|"
for k in 1 3 10; do
  t=$(wall $probe $(stores "$k") -f "$work/distinct.txt")
  echo "| $k | $n | $t | $(python3 -c "print(f'{$t / $n * 1000:.2f} ms')") |"
done
echo
rss=$( { /usr/bin/time -v $probe $(stores 3) -f "$work/ten_thousand.txt" >/dev/null; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
echo "Peak RSS, 10,000 targets (distinct names), 3 stores: $((rss / 1024)) MB"
