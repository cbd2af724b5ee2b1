#!/usr/bin/env bash
# Throughput of the process model: `serve --workers 0` (one process, no supervisor) against
# `--workers 1` and `--workers 2` (a supervisor and worker processes sharing the listening socket),
# each serving the example configuration's real mixed chain (C filters, C++ modules, Swift modules)
# on GET /hello.
#
# The servers run one after another, alternating, ROUNDS rounds each; wrk (one thread, pinned to
# CLIENT_CPU) drives them; the best round per mode is reported (noise only ever lowers a number).
# On a 2-core machine wrk takes one core, so --workers 2 shows the cost of two workers sharing the
# remaining core rather than a speed-up: read it as overhead, not scaling.
#
#   Benchmarks/workers/run.sh
#   DURATION=20 ROUNDS=5 MODES="0 2" Benchmarks/workers/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-3}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT=${PORT:-18181}
MODES=${MODES:-"0 1 2"}
TARGET=${TARGET:-/hello}

if ! command -v wrk >/dev/null; then
    echo "installing wrk..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

echo "building release binaries..." >&2
swift build -c release >&2
BIN=$(swift build -c release --show-bin-path)

server=""
stop() {
    [ -n "$server" ] || return 0
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
}
trap stop EXIT
trap 'exit 130' INT TERM

start() {
    "$BIN/isapi-bridge" serve --workers "$1" --port "$PORT" --no-request-log --log-level warning >/dev/null 2>&1 &
    server=$!
    for _ in $(seq 200); do
        curl -sf "http://127.0.0.1:$PORT$TARGET" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "serve --workers $1 did not start" >&2
    exit 1
}

declare -A best
for mode in $MODES; do best[$mode]=0; done
for round in $(seq "$ROUNDS"); do
    for mode in $MODES; do
        start "$mode"
        taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$PORT$TARGET" >/dev/null
        out=$(taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$PORT$TARGET")
        stop
        if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$out" >&2; fi
        rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
        printf "round %d  --workers %s  %10.0f req/s\n" "$round" "$mode" "$rps"
        best[$mode]=$(echo "$rps ${best[$mode]}" | awk '{print ($1 > $2) ? $1 : $2}')
    done
done

echo
echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(uname -sr)"
echo "wrk: 1 thread on CPU $CLIENT_CPU, $CONNECTIONS connections, ${DURATION}s per round after ${WARMUP}s warm-up; GET $TARGET; best of $ROUNDS rounds"
first=""
for mode in $MODES; do
    [ -n "$first" ] || first=$mode
    printf -- "--workers %s: %10.0f req/s  (ratio to --workers %s: %s)\n" "$mode" "${best[$mode]}" "$first" \
        "$(echo "${best[$mode]} ${best[$first]}" | awk '{printf "%.3f", $1 / $2}')"
done
