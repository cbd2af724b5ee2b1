#!/usr/bin/env bash
# HTTP throughput: isapi-bridge with an empty chain vs a bare SwiftNIO hello-world server.
#
# Both servers run one event loop pinned to one core; wrk runs pinned to the other core. The
# servers are measured alternately, ROUNDS counted rounds each, and the best counted round is
# reported (noise on a shared machine only ever lowers a number). Server CPU use during each
# round is read from /proc: see MIN_CPU below.
#
#   Benchmarks/http/run.sh                       # defaults below
#   DURATION=20 CONNECTIONS=64 ROUNDS=5 Benchmarks/http/run.sh
#
# "Empty chain" means: the whole isapi-bridge request path (HTTP parsing, IncomingRequest,
# PipelineConnection, HttpContext, all 12 stages and their post-events, SendResponse, request
# arena begin/end, response encoding) with exactly one module, FixedResponseModule, which
# writes "Hello World!" in ExecuteRequestHandler and returns FINISH_REQUEST. A chain with no
# module at all would answer an empty 200, so the bodies would differ from the baseline's.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-3}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BRIDGE_PORT=${BRIDGE_PORT:-18081}
BARE_PORT=${BARE_PORT:-18082}

if ! command -v wrk >/dev/null; then
    echo "installing wrk..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 1; }

echo "building release binaries..." >&2
swift build -c release --product isapi-bridge >&2
swift build -c release --product BareNIOServer >&2
BIN=$(swift build -c release --show-bin-path)

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

taskset -c "$SERVER_CPU" "$BIN/isapi-bridge" serve --empty-chain --workers 0 --threads 1 --port "$BRIDGE_PORT" \
    --root "$PWD/Examples/site" --log-level warning >/dev/null &
pids+=($!)
BRIDGE_PID=$!
taskset -c "$SERVER_CPU" "$BIN/BareNIOServer" --threads 1 --port "$BARE_PORT" >/dev/null &
pids+=($!)
BARE_PID=$!

wait_for() {
    for _ in $(seq 100); do
        curl -sf "http://127.0.0.1:$1/" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "server on port $1 did not start" >&2
    exit 1
}
wait_for "$BRIDGE_PORT"
wait_for "$BARE_PORT"
[ "$(curl -s "http://127.0.0.1:$BRIDGE_PORT/")" = "Hello World!" ] || { echo "isapi-bridge body differs" >&2; exit 1; }
[ "$(curl -s "http://127.0.0.1:$BARE_PORT/")" = "Hello World!" ] || { echo "BareNIOServer body differs" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# One wrk run against PORT; prints "requests_per_second server_cpu_percent".
measure() {
    local port=$1 pid=$2
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$port/" >/dev/null
    local before after out rps
    before=$(cpu_ticks "$pid")
    out=$(taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$port/")
    after=$(cpu_ticks "$pid")
    if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$out" >&2; fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    echo "$rps $(( (after - before) * 100 / $(getconf CLK_TCK) / DURATION ))"
}

# A round counts only if its server had its core to itself and was the bottleneck: server CPU at
# least MIN_CPU % of the round. Anything else on the machine (a compiler, another benchmark)
# shows up as less server CPU, and such rounds are repeated, up to MAX_TRIES per server.
MIN_CPU=${MIN_CPU:-97}
MAX_TRIES=${MAX_TRIES:-$((ROUNDS * 4))}
declare -A best=([bare]=0 [bridge]=0) valid=([bare]=0 [bridge]=0) tries=([bare]=0 [bridge]=0)
declare -A port=([bare]=$BARE_PORT [bridge]=$BRIDGE_PORT) pid=([bare]=$BARE_PID [bridge]=$BRIDGE_PID)
declare -A label=([bare]="bare SwiftNIO" [bridge]="isapi-bridge empty chain")
while :; do
    pending=0
    for name in bare bridge; do
        (( valid[$name] >= ROUNDS || tries[$name] >= MAX_TRIES )) && continue
        pending=1
        tries[$name]=$(( tries[$name] + 1 ))
        read -r rps cpu < <(measure "${port[$name]}" "${pid[$name]}")
        verdict="counted"
        if (( cpu >= MIN_CPU )); then
            valid[$name]=$(( valid[$name] + 1 ))
            best[$name]=$(echo "$rps ${best[$name]}" | awk '{print ($1 > $2) ? $1 : $2}')
        else
            verdict="discarded: server CPU below ${MIN_CPU}%, something else ran"
        fi
        printf "%-26s %10.0f req/s  server CPU %3d%%  (%s)\n" "${label[$name]}" "$rps" "$cpu" "$verdict"
    done
    (( pending )) || break
done

echo
echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(uname -sr)"
echo "wrk: 1 thread, $CONNECTIONS connections, ${DURATION}s per round after ${WARMUP}s warm-up; best of ${ROUNDS} counted rounds"
for name in bare bridge; do
    if (( valid[$name] == 0 )); then
        echo "${label[$name]}: no round had the server's core to itself; rerun on a quieter machine" >&2
        exit 1
    fi
    printf "%-26s %10.0f req/s  (%d counted rounds)\n" "${label[$name]}:" "${best[$name]}" "${valid[$name]}"
done
echo "${best[bridge]} ${best[bare]}" | awk '{printf "ratio (isapi-bridge / bare): %.3f\n", $1 / $2}'
