#!/usr/bin/env bash
# HTTPS throughput: isapi-bridge (StaticFileModule alone, one event loop, `--workers 0`) against
# nginx (Debian package, one worker) serving the same files with the SAME certificate and key, in
# the same run, over TLS 1.3 (wrk's OpenSSL client); and isapi-bridge over plain HTTP beside it, so
# the cost of TLS itself shows. Then HTTP/2 over TLS (ALPN h2) with h2load: the same files, both
# servers, STREAMS requests in flight on each of the CONNECTIONS connections (skipped with a note
# when h2load is missing; Debian package nghttp2-client).
#
#   Benchmarks/https/run.sh                       # defaults below
#   DURATION=20 ROUNDS=5 Benchmarks/https/run.sh
#
# For each file (1,800 bytes, 1 MiB) wrk (1 thread, CONNECTIONS keep-alive connections, pinned to
# CLIENT_CPU) runs against each target in turn (servers pinned to SERVER_CPU), ROUNDS rounds
# alternating; the best round of each is reported with the ratio isapi-bridge / nginx. Handshakes
# are not measured: keep-alive connections do one each, at the start.
#
# The certificate is the self-signed one isapi-bridge writes on first start (selfSignedIfMissing:
# ECDSA P-256), which nginx is then given too. Both: no access log, keep-alive without a cap,
# TLS 1.2/1.3 only. The machine is shared and its figures are noisy (see docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-3}
STREAMS=${STREAMS:-10}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BRIDGE_PORT=${BRIDGE_PORT:-18291}
PLAIN_PORT=${PLAIN_PORT:-18292}
NGINX_PORT=${NGINX_PORT:-18293}
SCRATCH=${SCRATCH:-.build}   # another build folder (.build-release) if a debug build is running

need() { command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ]; }
if ! need wrk || ! need nginx || ! need curl; then
    echo "installing wrk, nginx, curl..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx curl >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 1; }

echo "building release binaries..." >&2
swift build -c release --product isapi-bridge --scratch-path "$SCRATCH" >&2
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)

WORK=$(mktemp -d /tmp/https-bench.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK/site" "$WORK/nginx" "$WORK/tls"
head -c 1800 /dev/urandom | base64 -w 100 | head -c 1800 > "$WORK/site/file-1800.html"
head -c 1048576 /dev/urandom > "$WORK/site/file-1m.bin"
chmod a+X "$WORK"; chmod -R a+rX "$WORK/site"   # the work folder too: nginx's worker runs as www-data when started by root
config() {  # protocol port [certificate attributes]
    cat <<XML
<configuration>
  <system.applicationHost>
    <sites>
      <site name="Static" id="1">
        <application path="/"><virtualDirectory path="/" physicalPath="site" /></application>
        <bindings><binding protocol="$1" bindingInformation="127.0.0.1:$2:" $3 /></bindings>
      </site>
    </sites>
  </system.applicationHost>
  <system.webServer>
    <modules><add name="StaticFileModule" /></modules>
    <handlers><add name="StaticFile" path="*" verb="GET,HEAD" modules="StaticFileModule" /></handlers>
  </system.webServer>
</configuration>
XML
}
config https "$BRIDGE_PORT" 'certificateFile="tls/bench.pem" certificateKeyFile="tls/bench.key" selfSignedIfMissing="true"' > "$WORK/https.config"
config http "$PLAIN_PORT" "" > "$WORK/http.config"

taskset -c "$SERVER_CPU" "$BIN/isapi-bridge" serve --config "$WORK/https.config" --workers 0 --threads 1 \
    --no-request-log --log-level warning >"$WORK/bridge.log" 2>&1 &
pids+=($!)
BRIDGE_PID=$!
taskset -c "$SERVER_CPU" "$BIN/isapi-bridge" serve --config "$WORK/http.config" --workers 0 --threads 1 \
    --no-request-log --log-level warning >"$WORK/plain.log" 2>&1 &
pids+=($!)
PLAIN_PID=$!

wait_for() {  # url
    for _ in $(seq 300); do
        curl -skf "$1/file-1800.html" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "$1 did not start:" >&2
    cat "$WORK"/*.log "$WORK"/nginx/*.log >&2 2>/dev/null || true
    exit 1
}
wait_for "https://127.0.0.1:$BRIDGE_PORT"   # the certificate exists from here on

cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 100000000;
    open_file_cache max=1000 inactive=20s;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT ssl http2;
        ssl_certificate $WORK/tls/bench.pem;
        ssl_certificate_key $WORK/tls/bench.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        root $WORK/site;
    }
}
CONF
taskset -c "$SERVER_CPU" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr.log" &
pids+=($!)
wait_for "https://127.0.0.1:$NGINX_PORT"
wait_for "http://127.0.0.1:$PLAIN_PORT"
NGINX_WORKER=$(pgrep -P "$(cat "$WORK/nginx/nginx.pid")" | head -1)

declare -A url=([nginx]="https://127.0.0.1:$NGINX_PORT" [bridge]="https://127.0.0.1:$BRIDGE_PORT" [plain]="http://127.0.0.1:$PLAIN_PORT")
declare -A pid=([nginx]=$NGINX_WORKER [bridge]=$BRIDGE_PID [plain]=$PLAIN_PID)
declare -A label=([nginx]="nginx https" [bridge]="isapi-bridge https" [plain]="isapi-bridge plain http")
for file in file-1800.html file-1m.bin; do
    for name in nginx bridge plain; do
        cmp -s <(curl -sk "${url[$name]}/$file") "$WORK/site/$file" || { echo "${label[$name]}: $file differs" >&2; exit 1; }
    done
done
# Both TLS servers present the same certificate.
fingerprint() { echo | openssl s_client -connect "127.0.0.1:$1" 2>/dev/null | openssl x509 -noout -fingerprint -sha256 2>/dev/null || true; }
if command -v openssl >/dev/null; then
    [ "$(fingerprint "$BRIDGE_PORT")" = "$(fingerprint "$NGINX_PORT")" ] || { echo "the two servers present different certificates" >&2; exit 1; }
fi

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() {  # url pid -> "requests_per_second server_cpu_percent"
    local target=$1 process=$2
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "$target" >/dev/null
    local before after out rps
    before=$(cpu_ticks "$process")
    out=$(taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$target")
    after=$(cpu_ticks "$process")
    if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$out" >&2; fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    echo "$rps $(( (after - before) * 100 / $(getconf CLK_TCK) / DURATION ))"
}

declare -A best result
for file in file-1800.html file-1m.bin; do
    for name in nginx bridge plain; do best[$name]=0; done
    for round in $(seq "$ROUNDS"); do
        for name in nginx bridge plain; do
            read -r rps cpu < <(measure "${url[$name]}/$file" "${pid[$name]}")
            printf "%-14s round %d  %-24s %10.0f req/s  server CPU %3d%%\n" "$file" "$round" "${label[$name]}" "$rps" "$cpu"
            best[$name]=$(echo "$rps ${best[$name]}" | awk '{print ($1 > $2) ? $1 : $2}')
        done
    done
    for name in nginx bridge plain; do result[$file,$name]=${best[$name]}; done
done

echo
echo "best of $ROUNDS rounds, ${DURATION}s each, $CONNECTIONS connections (noisy: shared machine)"
printf "%-14s %14s %14s %10s %16s %12s\n" file "nginx https" "bridge https" "bridge/nginx" "bridge plain" "https/plain"
for file in file-1800.html file-1m.bin; do
    n=${result[$file,nginx]} b=${result[$file,bridge]} p=${result[$file,plain]}
    printf "%-14s %14.0f %14.0f %10.2f %16.0f %12.2f\n" "$file" "$n" "$b" "$(echo "$b $n" | awk '{print $1/$2}')" "$p" "$(echo "$b $p" | awk '{print $1/$2}')"
done

if ! command -v h2load >/dev/null; then
    echo
    echo "h2load not installed (Debian package nghttp2-client): HTTP/2 not measured"
    exit 0
fi
h2_measure() {  # url pid -> "requests_per_second server_cpu_percent"
    local target=$1 process=$2 before after out
    taskset -c "$CLIENT_CPU" h2load -t1 -c"$CONNECTIONS" -m"$STREAMS" -D"$WARMUP" "$target" >/dev/null 2>&1
    before=$(cpu_ticks "$process")
    out=$(taskset -c "$CLIENT_CPU" h2load -t1 -c"$CONNECTIONS" -m"$STREAMS" -D"$DURATION" "$target" 2>&1)
    after=$(cpu_ticks "$process")
    if ! echo "$out" | grep -q "Application protocol: h2"; then echo "not HTTP/2: $target" >&2; echo "$out" >&2; fi
    echo "$(echo "$out" | awk '/^finished in/ {print $4}') $(( (after - before) * 100 / $(getconf CLK_TCK) / DURATION ))"
}
declare -A h2best h2result
for file in file-1800.html file-1m.bin; do
    for name in nginx bridge; do h2best[$name]=0; done
    for round in $(seq "$ROUNDS"); do
        for name in nginx bridge; do
            read -r rps cpu < <(h2_measure "${url[$name]}/$file" "${pid[$name]}")
            printf "%-14s round %d  %-24s %10.0f req/s  server CPU %3d%%  (h2)\n" "$file" "$round" "${label[$name]}" "$rps" "$cpu"
            h2best[$name]=$(echo "$rps ${h2best[$name]}" | awk '{print ($1 > $2) ? $1 : $2}')
        done
    done
    for name in nginx bridge; do h2result[$file,$name]=${h2best[$name]}; done
done
echo
echo "HTTP/2 (h2load, $CONNECTIONS connections x $STREAMS streams): best of $ROUNDS rounds, ${DURATION}s each (noisy: shared machine)"
printf "%-14s %14s %14s %10s\n" file "nginx h2" "bridge h2" "bridge/nginx"
for file in file-1800.html file-1m.bin; do
    n=${h2result[$file,nginx]} b=${h2result[$file,bridge]}
    printf "%-14s %14.0f %14.0f %10.2f\n" "$file" "$n" "$b" "$(echo "$b $n" | awk '{print $1/$2}')"
done
