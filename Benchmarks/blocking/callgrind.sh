#!/usr/bin/env bash
# The instruction cost of pool mode per notification (docs/performance.md, "Blocking filters and
# modules"): callgrind counts the instructions the whole server process (every thread) executes for
# REQUESTS sequential keep-alive requests to /hello, with the benchmark's sleep filter (one
# PREPROC_HEADERS notification per request) or sleep module (one OnBeginRequest), in pool mode and
# in event-loop mode. The sleeper never sleeps here (no /sleep), so the difference per request is
# what pool mode adds to one notification: submit, the pool thread's wake-up, the parked sink, the
# hop back. Start-up runs uninstrumented; counting starts after WARMUP requests
# (`callgrind_control -i on`) and ends with a dump (`callgrind_control -d`).
#
#   Benchmarks/blocking/callgrind.sh              # REQUESTS=2000 WARMUP=200, the debug build
#   BUILD=release Benchmarks/blocking/callgrind.sh
#
# Instruction counts do not depend on the machine's load (the event loop's timers add a few
# instructions per elapsed second, the same in both modes within noise).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-debug}
REQUESTS=${REQUESTS:-2000}
WARMUP=${WARMUP:-200}
PORT=${PORT:-18096}
[ "${SKIP_BUILD:-0}" = 1 ] || swift build -c "$BUILD" --product isapi-bridge >/dev/null
BIN=${BIN:-$(swift build -c "$BUILD" --show-bin-path)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cc -shared -fPIC -O2 $("$BIN/isapi-bridge" cflags) Benchmarks/blocking/sleep_filter.c -o "$WORK/libSleepFilter.so"
c++ -shared -fPIC -O2 $("$BIN/isapi-bridge" cxxflags) Benchmarks/blocking/sleep_module.cpp -o "$WORK/libSleepModule.so"
mkdir -p "$WORK/site"

# The same configurations as run.sh.
sed -n '/^config() {/,/^}/p' Benchmarks/blocking/run.sh >"$WORK/config.sh"
# shellcheck disable=SC1091
source "$WORK/config.sh"

requests() {  # count
    python3 - "$PORT" "$1" <<'PY'
import http.client, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
connection = http.client.HTTPConnection("127.0.0.1", port)
for index in range(count):
    connection.request("GET", f"/hello?i={index}")
    response = connection.getresponse()
    response.read()
    assert response.status == 200, response.status
PY
}

# As Benchmarks/chain/instructions.sh: valgrind 3.19 cannot read Swift 6's DWARF 5 (profile a copy
# without debug information) and dies in the sigsuspend of Swift's async main (preload a copy
# that hands the kernel a writable mask).
objcopy --strip-debug "$BIN/isapi-bridge" "$WORK/isapi-bridge"
cc -shared -fPIC -O2 Benchmarks/chain/sigsuspend_copy.c -o "$WORK/sigsuspend_copy.so"

declare -A TOTAL
for kind in filter module; do
    for threading in pool eventLoop; do
        config "$kind" "$threading" >"$WORK/$kind-$threading.config"
        LD_PRELOAD="$WORK/sigsuspend_copy.so" valgrind --tool=callgrind --instr-atstart=no \
            --callgrind-out-file="$WORK/cg.$kind.$threading.%p" "$WORK/isapi-bridge" serve --config "$WORK/$kind-$threading.config" --workers 0 --threads 1 \
            --no-request-log >"$WORK/server.log" 2>&1 &
        SERVER=$!
        for _ in $(seq 600); do
            curl -s -o /dev/null "http://127.0.0.1:$PORT/hello" && break
            sleep 0.5
        done
        requests "$WARMUP"
        callgrind_control -i on "$SERVER" >/dev/null
        requests "$REQUESTS"
        callgrind_control -d "$SERVER" >/dev/null
        kill "$SERVER"
        wait "$SERVER" 2>/dev/null || true
        dump=$(ls "$WORK"/cg."$kind"."$threading".*.1 | head -1)
        TOTAL[$kind-$threading]=$(awk '/^(summary|totals):/ { print $2; exit }' "$dump")
        printf '%-7s %-10s instructions per request: %d\n' "$kind" "$threading" $((TOTAL[$kind-$threading] / REQUESTS))
    done
    printf '%-7s pool mode adds %d instructions per pooled notification\n' "$kind" \
        $(((TOTAL[$kind-pool] - TOTAL[$kind-eventLoop]) / REQUESTS))
done
