#!/usr/bin/env bash
# Static files: isapi-bridge's example chain (`serve --config Examples/applicationHost.config`: two
# C filters, two C++ modules, Swift modules, StaticFileModule) against nginx (Debian package, one
# worker) serving the same files, in the same run; then a stall probe.
#
#   Benchmarks/static/run.sh                      # defaults below
#   DURATION=20 ROUNDS=5 Benchmarks/static/run.sh
#   PROBE_ONLY=1 Benchmarks/static/run.sh         # only the stall probe
#
# Throughput: for each file (1,800 bytes, 1 MiB) wrk (1 thread, CONNECTIONS keep-alive connections,
# pinned to CLIENT_CPU) runs against each server in turn (pinned to SERVER_CPU: isapi-bridge with
# one event loop, nginx with one worker), ROUNDS rounds alternating, best round reported with the
# ratio isapi-bridge / nginx. A third target, "static handler alone", is isapi-bridge with a
# configuration holding only StaticFileModule: the difference to the example chain is what the
# other extensions cost, not the file serving.
#
# Stall probe: while a client downloads a 1 GiB file over and over (curl, as fast as it reads,
# niced on the client core), wrk with one connection measures GET /hello latency on the same server
# (same event loop); p50/p99 with and without the download are printed, and the p99 difference
# (the goal: <= 1 ms). The file is read once before (page cache warm): a cold file's sendfile reads
# the disk on the loop, which is a separate matter (docs/performance.md, "What is left").
#
# Both servers get the same treatment: no access log (`--no-request-log`, `access_log off`),
# keep-alive without a request cap. nginx runs as a production static server is usually set up:
# `sendfile on`, `tcp_nopush on`, `open_file_cache` (isapi-bridge has its file cache too).
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-3}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BRIDGE_PORT=${BRIDGE_PORT:-18281}
ALONE_PORT=${ALONE_PORT:-18282}
NGINX_PORT=${NGINX_PORT:-18283}
PROBE_SECONDS=${PROBE_SECONDS:-10}
PROBE_ONLY=${PROBE_ONLY:-0}

need() { command -v "$1" >/dev/null || [ -x "/usr/sbin/$1" ]; }
if ! need wrk || ! need nginx || ! need curl; then
    echo "installing wrk, nginx, curl..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx curl >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "building release binaries..." >&2
    swift build -c release >&2
fi
BIN=${BIN:-$(swift build -c release --show-bin-path)}

WORK=$(mktemp -d /tmp/static-bench.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The files: the example configuration (and its rewrite rules) copied beside a site directory that
# holds the example site plus the benchmark files; %ISAPI_BRIDGE_BIN% still finds the example .so files.
mkdir -p "$WORK/site" "$WORK/nginx"
cp Examples/applicationHost.config "$WORK/"
cp -r Examples/rewrite "$WORK/"
cp -r Examples/site/. "$WORK/site/"
head -c 1800 /dev/urandom | base64 -w 100 | head -c 1800 > "$WORK/site/file-1800.html"
head -c 1048576 /dev/urandom > "$WORK/site/file-1m.bin"
truncate -s 1G "$WORK/site/file-1g.bin"   # sparse: no disk, all in the page cache's zero page
chmod -R a+rX "$WORK"   # nginx's worker runs as www-data when started by root
cat > "$WORK/alone.config" <<XML
<configuration>
  <system.applicationHost>
    <sites>
      <site name="Static" id="1">
        <application path="/"><virtualDirectory path="/" physicalPath="site" /></application>
        <bindings><binding protocol="http" bindingInformation="127.0.0.1:$ALONE_PORT:" /></bindings>
      </site>
    </sites>
  </system.applicationHost>
  <system.webServer>
    <modules><add name="StaticFileModule" /></modules>
    <handlers><add name="StaticFile" path="*" verb="GET,HEAD" modules="StaticFileModule" /></handlers>
  </system.webServer>
</configuration>
XML
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
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/site;
        location = /hello { default_type text/plain; return 200 "Hello World!"; }
    }
}
CONF

taskset -c "$SERVER_CPU" "$BIN/isapi-bridge" serve --config "$WORK/applicationHost.config" --workers 0 --threads 1 \
    --port "$BRIDGE_PORT" --no-request-log --log-level warning >"$WORK/bridge.log" 2>&1 &
pids+=($!)
BRIDGE_PID=$!
taskset -c "$SERVER_CPU" "$BIN/isapi-bridge" serve --config "$WORK/alone.config" --workers 0 --threads 1 \
    --port "$ALONE_PORT" --no-request-log --log-level warning >"$WORK/alone.log" 2>&1 &
pids+=($!)
ALONE_PID=$!
taskset -c "$SERVER_CPU" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr.log" &
pids+=($!)

wait_for() {
    for _ in $(seq 200); do
        curl -sf "http://127.0.0.1:$1/file-1800.html" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "server on port $1 did not start:" >&2
    cat "$WORK"/*.log "$WORK"/nginx/*.log >&2 2>/dev/null || true
    exit 1
}
for port in "$BRIDGE_PORT" "$ALONE_PORT" "$NGINX_PORT"; do wait_for "$port"; done
NGINX_WORKER=$(pgrep -P "$(cat "$WORK/nginx/nginx.pid")" | head -1)
for file in file-1800.html file-1m.bin; do
    for port in "$BRIDGE_PORT" "$ALONE_PORT"; do
        cmp -s <(curl -s "http://127.0.0.1:$port/$file") "$WORK/site/$file" || { echo "port $port: $file differs" >&2; exit 1; }
    done
    cmp -s <(curl -s "http://127.0.0.1:$NGINX_PORT/$file") "$WORK/site/$file" || { echo "nginx: $file differs" >&2; exit 1; }
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# One wrk run; prints "requests_per_second server_cpu_percent".
measure() {
    local url=$1 pid=$2
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "$url" >/dev/null
    local before after out rps
    before=$(cpu_ticks "$pid")
    out=$(taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$url")
    after=$(cpu_ticks "$pid")
    if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$out" >&2; fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    echo "$rps $(( (after - before) * 100 / $(getconf CLK_TCK) / DURATION ))"
}

declare -A port=([nginx]=$NGINX_PORT [bridge]=$BRIDGE_PORT [alone]=$ALONE_PORT)
declare -A pid=([nginx]=$NGINX_WORKER [bridge]=$BRIDGE_PID [alone]=$ALONE_PID)
declare -A label=([nginx]="nginx" [bridge]="isapi-bridge example chain" [alone]="isapi-bridge static handler alone")
declare -A best result
if [ "$PROBE_ONLY" != 1 ]; then
    for file in file-1800.html file-1m.bin; do
        for name in nginx bridge alone; do best[$name]=0; done
        for round in $(seq "$ROUNDS"); do
            for name in nginx bridge alone; do
                read -r rps cpu < <(measure "http://127.0.0.1:${port[$name]}/$file" "${pid[$name]}")
                printf "%-14s round %d  %-34s %10.0f req/s  server CPU %3d%%\n" "$file" "$round" "${label[$name]}" "$rps" "$cpu"
                best[$name]=$(echo "$rps ${best[$name]}" | awk '{print ($1 > $2) ? $1 : $2}')
            done
        done
        for name in nginx bridge alone; do result[$file,$name]=${best[$name]}; done
    done
fi

# p50 and p99 of GET /hello in ms from wrk --latency output.
latency() {
    awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
         function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
         END { printf "%.3f %.3f\n", ms(p50), ms(p99) }'
}
probe() {
    local port=$1
    local quiet loaded downloader
    # In the page cache first: a cold (sparse) file made sendfile read ahead 8 MiB at a time, up to
    # 30 ms each, and that is a disk read on the event loop, not the loop's fairness (see docs).
    cat "$WORK/site/file-1g.bin" >/dev/null
    quiet=$(taskset -c "$CLIENT_CPU" wrk -t1 -c1 -d"${PROBE_SECONDS}s" --latency "http://127.0.0.1:$port/hello" | latency)
    # niced: it shares the client core with wrk, whose own waits for the CPU would count as latency
    ( while :; do nice -n 19 taskset -c "$CLIENT_CPU" curl -s -o /dev/null "http://127.0.0.1:$port/file-1g.bin" || exit 0; done ) &
    downloader=$!
    sleep 0.5
    loaded=$(taskset -c "$CLIENT_CPU" wrk -t1 -c1 -d"${PROBE_SECONDS}s" --latency "http://127.0.0.1:$port/hello" | latency)
    kill "$downloader" 2>/dev/null || true
    wait "$downloader" 2>/dev/null || true
    echo "$quiet $loaded"
}

echo
echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(uname -sr)"
echo "nginx: $("$NGINX" -v 2>&1 | sed 's/.*: //'), 1 worker; isapi-bridge: --workers 0 --threads 1; both pinned to CPU $SERVER_CPU"
if [ "$PROBE_ONLY" != 1 ]; then
    echo "wrk: 1 thread on CPU $CLIENT_CPU, $CONNECTIONS connections, ${DURATION}s per round after ${WARMUP}s warm-up; best of $ROUNDS rounds"
    for file in file-1800.html file-1m.bin; do
        for name in nginx bridge alone; do
            printf "%-14s %-34s %10.0f req/s  ratio to nginx %s\n" "$file" "${label[$name]}" "${result[$file,$name]}" \
                "$(echo "${result[$file,$name]} ${result[$file,nginx]}" | awk '{printf "%.3f", $1 / $2}')"
        done
    done
fi
echo "stall probe: GET /hello latency, wrk 1 connection ${PROBE_SECONDS}s, without and with a 1 GiB download looping"
for name in bridge nginx; do
    read -r q50 q99 l50 l99 < <(probe "${port[$name]}")
    printf "%-34s quiet p50 %.3f ms p99 %.3f ms | downloading p50 %.3f ms p99 %.3f ms | p99 delay %.3f ms\n" \
        "${label[$name]}" "$q50" "$q99" "$l50" "$l99" "$(echo "$l99 $q99" | awk '{print $1 - $2}')"
done
