#!/usr/bin/env bash
# Pool mode's overhead in what does not depend on machine load: context switches per request,
# blocking-call pool calls per request, and the server's CPU time per request, for the example
# configuration's GET /hello with its native filters and modules in pool mode (the default) and in
# event-loop mode (`threading="eventLoop"` added to each native entry of a copy).
#
#   Benchmarks/chain/switches.sh              # builds release first unless NO_BUILD=1
#   DURATION=10 CONNECTIONS=64 Benchmarks/chain/switches.sh
#
# The server runs one event loop pinned to SERVER_CPU (its pool threads too: the affinity is the
# process's), wrk runs pinned to CLIENT_CPU. CPU µs per request counts user + system time of every
# thread of the server; on a busy machine it rises a little (caches), switches and calls do not.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PORT=${PORT:-18094}
ADMIN_PORT=${ADMIN_PORT:-18095}
[ "${NO_BUILD:-0}" = 1 ] || swift build -c release >&2
BIN=$(swift build -c release --show-bin-path)
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

sed "s|physicalPath=\"site\"|physicalPath=\"$PWD/Examples/site\"|; s|rulesFile=\"rewrite/IIRF.ini\"|rulesFile=\"$PWD/Examples/rewrite/IIRF.ini\"|; s|certificateFile=\"../tls/|certificateFile=\"$WORK/tls/|; s|certificateKeyFile=\"../tls/|certificateKeyFile=\"$WORK/tls/|" \
    Examples/applicationHost.config >"$WORK/pool.config"
sed 's|\(image="[^"]*\.so"\)|\1 threading="eventLoop"|; s|\(path="[^"]*\.so"\)|\1 threading="eventLoop"|' \
    "$WORK/pool.config" >"$WORK/eventLoop.config"

switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches/ { s += $2 } END { print s }'; }
cputicks() { awk '{ print $14 + $15 }' /proc/"$1"/stat; }
poolcalls() { curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | awk '/^isapi_bridge_thread_pool_calls_total/ { print int($2) }'; }

printf "| %-10s | %8s | %16s | %16s | %12s |\n" mode requests "switches/request" "pool calls/req" "CPU µs/req"
printf "|%s|%s|%s|%s|%s|\n" ------------ ---------: -----------------: -----------------: -------------:
for mode in pool eventLoop; do
    taskset -c "$SERVER_CPU" "$BIN/isapi-bridge" serve --config "$WORK/$mode.config" --threads 1 --workers 0 \
        --port "$PORT" --admin-port "$ADMIN_PORT" --no-request-log --log-level warning >"$WORK/$mode.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/hello" && break; sleep 0.2; done
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d2 "http://127.0.0.1:$PORT/hello" >/dev/null
    s1=$(switches $pid) t1=$(cputicks $pid) c1=$(poolcalls)
    requests=$(taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$PORT/hello" \
        | awk '/requests in/ { print $1 }')
    s2=$(switches $pid) t2=$(cputicks $pid) c2=$(poolcalls)
    ticks=$(getconf CLK_TCK)
    printf "| %-10s | %8d | %16.2f | %16.2f | %12.1f |\n" "$mode" "$requests" \
        "$(echo "$s2 $s1 $requests" | awk '{ print ($1 - $2) / $3 }')" \
        "$(echo "${c2:-0} ${c1:-0} $requests" | awk '{ print ($1 - $2) / $3 }')" \
        "$(echo "$t2 $t1 $requests $ticks" | awk '{ print ($1 - $2) * 1e6 / $4 / $3 }')"
    kill "$pid"; wait "$pid" 2>/dev/null || true
done
