#!/usr/bin/env bash
# Where a request's wall-clock time goes, by layer: each server of Benchmarks/http/run.sh (nginx,
# bare SwiftNIO, the empty chain, the example configuration's GET /hello and rewrite site) under
# the same load (one event loop / worker pinned to SERVER_CPU, wrk on CLIENT_CPU), sampled by
# `perf record -e cpu-clock` with call chains. Benchmarks/profile/layers.py charges each sample to
# the layer whose code ran or called what ran (the Swift runtime, libc and the kernel in columns
# of their own), and scales the shares to the server's CPU µs per request read from /proc over the
# same window. Complements Benchmarks/chain/instructions.sh (instructions, deterministic, user
# space only): this one sees the kernel and what an instruction costs here, and so, like any wall
# clock figure, wants a quiet machine.
#
#   Benchmarks/profile/run.sh                          # all targets
#   TARGETS_WANTED="bare hello" DURATION=5 Benchmarks/profile/run.sh
#
# Needs perf (Debian's linux-perf; installed when missing) with the cpu-clock software event,
# which works where hardware counters do not.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/http/common.sh

DURATION=${DURATION:-5}
FREQUENCY=${FREQUENCY:-4000}
NGINX_PORT=${NGINX_PORT:-18280}
BARE_PORT=${BARE_PORT:-18282}
TARGETS_WANTED=${TARGETS_WANTED:-"nginx bare empty hello greeting"}

ensure_tools
if ! command -v perf >/dev/null; then
    echo "installing perf..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null
fi
wanted() { [[ " $TARGETS_WANTED " == *" $1 "* ]]; }
build_release
WORK=$(mktemp -d)

if wanted nginx; then
    ensure_nginx
    require_free_port "$NGINX_PORT" NGINX_PORT
    start_nginx_hello nginx "$NGINX_PORT" "nginx, return 200"
fi
if wanted bare; then
    require_free_port "$BARE_PORT" BARE_PORT
    start_bare bare "$BARE_PORT" "bare SwiftNIO"
fi
wanted empty && start_bridge empty / 127.0.0.1 "isapi-bridge --empty-chain" \
    --empty-chain --root "$PWD/Examples/site" --log-dir "$WORK/empty-logs"
if wanted hello || wanted greeting; then
    write_example_config
    start_bridge hello /hello 127.0.0.1 "example config, GET /hello" --config "$WORK/applicationHost.config"
    if wanted greeting; then
        add_target greeting "${T_PORT[hello]}" "${T_PID[hello]}" /greeting rewrite.localhost \
            "example config, rewrite site GET /greeting"
    fi
fi

describe_run | sed -n 1p || true
echo "wrk: 1 thread on CPU $CLIENT_CPU, $CONNECTIONS connections; ${DURATION}s sampled at ${FREQUENCY} Hz after ${WARMUP}s warm-up"
for name in "${TARGETS[@]}"; do
    wanted "$name" || continue   # hello is started for greeting too
    pid=${T_PID[$name]} url="http://127.0.0.1:${T_PORT[$name]}${T_PATH[$name]}"
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Host: ${T_HOST[$name]}" "$url" >/dev/null
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"$((DURATION + 2))s" -H "Host: ${T_HOST[$name]}" "$url" \
        >"$WORK/wrk.$name.txt" &
    client=$!
    sleep 1
    before=$(cpu_ticks "$pid")
    start=$(date +%s%N)
    perf record -q -e cpu-clock -F "$FREQUENCY" -g -p "$pid" -o "$WORK/perf.$name.data" -- sleep "$DURATION" \
        >/dev/null 2>&1
    after=$(cpu_ticks "$pid")
    elapsed_ns=$(( $(date +%s%N) - start ))
    wait $client
    # Requests in the sampled window: wrk's rate over its whole run times the window's length.
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.$name.txt")
    us=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v r="$rps" -v ns="$elapsed_ns" \
        'BEGIN {printf "%.2f", t * 1e6 / hz / (r * ns / 1e9)}')
    echo
    echo "### ${T_LABEL[$name]}: $rps req/s, server CPU $us µs/request"
    echo
    perf script -i "$WORK/perf.$name.data" -F ip,sym,dso 2>/dev/null | python3 Benchmarks/profile/layers.py "$us"
done
