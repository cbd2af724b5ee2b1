#!/usr/bin/env bash
# Blocking native code, pool mode against event-loop mode (docs/performance.md, "Blocking filters
# and modules"). A C filter sleeps 200 ms in SF_NOTIFY_PREPROC_HEADERS, or a C++ module sleeps
# 200 ms in OnBeginRequest, on /sleep; one client loops on /sleep while CLIENTS clients request
# /hello, each RATE times a second on a fixed schedule (latency counted from when a request was
# due). For each of the four runs the script prints the /hello clients' p50/p99/max latency with
# the sleeper ("stall") and without it ("paced"), then the same clients in a closed loop without
# the sleeper ("cost": requests per second at saturation, where pool mode pays its hop per pooled
# notification). The server runs on SERVER_CPU, the clients on CLIENT_CPU (taskset).
# One event loop (--threads 1), one process (--workers 0), so the stall is not diluted.
#
#   Benchmarks/blocking/run.sh                 # DURATION=10 CLIENTS=50 RATE=20, the debug build
#   BUILD=release Benchmarks/blocking/run.sh
#
# Latency on a shared machine is noisy; the gap measured here (about 200 ms against a few ms) is
# far larger than the noise.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-debug}
DURATION=${DURATION:-10}
CLIENTS=${CLIENTS:-50}
RATE=${RATE:-20}
KINDS=${KINDS:-filter module}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT=${PORT:-18095}
[ "${SKIP_BUILD:-0}" = 1 ] || swift build -c "$BUILD" --product isapi-bridge >/dev/null
BIN=${BIN:-$(swift build -c "$BUILD" --show-bin-path)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cc -shared -fPIC -O2 $("$BIN/isapi-bridge" cflags) Benchmarks/blocking/sleep_filter.c -o "$WORK/libSleepFilter.so"
c++ -shared -fPIC -O2 $("$BIN/isapi-bridge" cxxflags) Benchmarks/blocking/sleep_module.cpp -o "$WORK/libSleepModule.so"
mkdir -p "$WORK/site"

config() {  # kind (filter|module), threading (pool|eventLoop)
    local native
    if [ "$1" = filter ]; then
        native="<isapiFilters><filter name=\"Sleep\" path=\"$WORK/libSleepFilter.so\" threading=\"$2\"/></isapiFilters>
    <modules><add name=\"IsapiFilterModule\"/><add name=\"HelloModule\" type=\"IsapiBridge.HelloModule\"/></modules>"
    else
        native="<globalModules><add name=\"Sleep\" image=\"$WORK/libSleepModule.so\" threading=\"$2\"/></globalModules>
    <modules><add name=\"Sleep\"/><add name=\"HelloModule\" type=\"IsapiBridge.HelloModule\"/></modules>"
    fi
    cat <<CONF
<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.applicationHost>
    <sites>
      <site name="Bench" id="1">
        <application path="/"><virtualDirectory path="/" physicalPath="$WORK/site" /></application>
        <bindings><binding protocol="http" bindingInformation="127.0.0.1:$PORT:" /></bindings>
      </site>
    </sites>
  </system.applicationHost>
  <system.webServer>
    $native
    <handlers><add name="Hello" path="*" verb="GET" modules="HelloModule" /></handlers>
  </system.webServer>
</configuration>
CONF
}

for kind in $KINDS; do
    for threading in pool eventLoop; do
        config "$kind" "$threading" >"$WORK/$kind-$threading.config"
        taskset -c "$SERVER_CPU" "$BIN/isapi-bridge" serve --config "$WORK/$kind-$threading.config" --workers 0 --threads 1 >"$WORK/server.log" 2>&1 &
        SERVER=$!
        for _ in $(seq 100); do
            curl -s -o /dev/null "http://127.0.0.1:$PORT/hello" && break
            sleep 0.1
        done
        printf '%-7s %-10s stall: ' "$kind" "$threading"
        taskset -c "$CLIENT_CPU" python3 Benchmarks/blocking/clients.py "$PORT" "$DURATION" "$CLIENTS" 1 "$RATE"
        printf '%-7s %-10s paced: ' "$kind" "$threading"
        taskset -c "$CLIENT_CPU" python3 Benchmarks/blocking/clients.py "$PORT" "$DURATION" "$CLIENTS" 0 "$RATE"
        printf '%-7s %-10s cost:  ' "$kind" "$threading"
        taskset -c "$CLIENT_CPU" python3 Benchmarks/blocking/clients.py "$PORT" "$DURATION" "$CLIENTS" 0 0
        kill "$SERVER"
        wait "$SERVER" 2>/dev/null || true
    done
done
