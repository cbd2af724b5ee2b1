#!/usr/bin/env bash
# HTTP throughput, side by side in one run: nginx, a bare SwiftNIO server (twice: flushing each
# response, and flushing once per loop turn as isapi-bridge does), isapi-bridge's empty chain, and
# isapi-bridge serving the example configuration (the default site's GET /hello through
# 2 C filters, 2 C++ modules and Swift modules; the rewrite site's GET /greeting through the rewrite
# filter). Prints each target's best counted round and its ratio to bare SwiftNIO and to nginx.
# Then runs extension-costs.sh (the per-extension table) unless EXTENSIONS=0.
#
# Every server runs one event loop (nginx: one worker) pinned to SERVER_CPU; wrk runs pinned to
# CLIENT_CPU. Targets are measured alternately, ROUNDS counted rounds each (see common.sh for the
# rule that discards rounds disturbed by other work), and the best counted round is reported: noise
# on a shared machine only ever lowers a number.
#
#   Benchmarks/http/run.sh                        # defaults below
#   DURATION=20 ROUNDS=5 Benchmarks/http/run.sh
#   DURATION=1 WARMUP=1 ROUNDS=1 MIN_CPU=0 EXTENSIONS=0 Benchmarks/http/run.sh   # does it run?
#
# "Empty chain" is `serve --empty-chain`: the whole request path with exactly one module,
# FixedResponseModule, writing "Hello World!" (docs/performance.md, HTTP throughput). nginx is the
# Debian package, installed with apt-get when missing, one worker, `return 200 "Hello World!"`,
# access log off, unlimited keep-alive requests (as the other servers). The example configuration
# runs as a user runs it, with its W3C request logs on (written under $WORK, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/http/common.sh

NGINX_PORT=${NGINX_PORT:-18080}
BARE_PORT=${BARE_PORT:-18082}
BARE_TURN_PORT=${BARE_TURN_PORT:-18083}
EXTENSIONS=${EXTENSIONS:-1}

ensure_tools
ensure_nginx
build_release
require_free_port "$NGINX_PORT" NGINX_PORT
require_free_port "$BARE_PORT" BARE_PORT
require_free_port "$BARE_TURN_PORT" BARE_TURN_PORT
WORK=$(mktemp -d)

start_nginx_hello nginx "$NGINX_PORT" "nginx $("$NGINX" -v 2>&1 | sed 's|.*/||'), return 200"
start_bare bare "$BARE_PORT" "bare SwiftNIO"
# The same server flushing once per event-loop turn, as isapi-bridge does (FlushBatch): how much of
# the difference to bare SwiftNIO that technique alone makes.
start_bare bareturn "$BARE_TURN_PORT" "bare SwiftNIO, flush per loop turn" --flush-per-turn

start_bridge empty / 127.0.0.1 "isapi-bridge --empty-chain" \
    --empty-chain --root "$PWD/Examples/site" --log-dir "$WORK/empty-logs"

# The example configuration's two sites share one port; --log-dir only applies where the
# configuration names no log directory, so a copy points its logs into $WORK.
write_example_config
start_bridge hello /hello 127.0.0.1 "example config, GET /hello" --config "$WORK/applicationHost.config"
# The same server process: its CPU counts for both targets.
add_target greeting "${T_PORT[hello]}" "${T_PID[hello]}" /greeting rewrite.localhost "example config, rewrite site GET /greeting"

for name in nginx bare bareturn empty; do expect_body "$name" "Hello World!"; done
for name in hello greeting; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: ${T_HOST[$name]}" "http://127.0.0.1:${T_PORT[$name]}${T_PATH[$name]}")
    [ "$code" = 200 ] || { echo "${T_LABEL[$name]}: status $code" >&2; exit 1; }
done

run_rounds

echo
describe_run
echo "server CPU µs/request: the server's CPU time over the requests served, lowest counted round"
printf "| %-44s | %10s | %-26s | %11s | %9s | %12s |\n" target "req/s" "counted rounds" "vs bare NIO" "vs nginx" \
    "CPU µs/req"
printf "|%s|%s|%s|%s|%s|%s|\n" "$(printf -- '-%.0s' {1..46})" "-----------:" "----------------------------" \
    "------------:" "----------:" "-------------:"
for name in "${TARGETS[@]}"; do
    printf "| %-44s | %10.0f | %-26s | %10.2fx | %8.2fx | %12.2f |\n" "${T_LABEL[$name]}" "${T_BEST[$name]}" \
        "${T_ROUNDS[$name]}" \
        "$(echo "${T_BEST[$name]} ${T_BEST[bare]}" | awk '{print $1 / $2}')" \
        "$(echo "${T_BEST[$name]} ${T_BEST[nginx]}" | awk '{print $1 / $2}')" "${T_US[$name]}"
done

if [ "$EXTENSIONS" != 0 ]; then
    echo
    cleanup
    PIDS=()
    trap - EXIT
    SKIP_BUILD=1 Benchmarks/http/extension-costs.sh
fi
