#!/usr/bin/env bash
# What each kind of extension costs per request: the same GET /hello (answered by the Swift
# HelloModule) through configurations that add one extension at a time to a baseline
# (Benchmarks/http/configs/*.config), and the baseline with its W3C request log on.
#
# With the server pinned to one core and busy (server CPU >= MIN_CPU), 1e6 / (req/s) is the server's
# time per request in µs. The table also prints the server's CPU time per request read from /proc,
# which stays meaningful when something else slowed the client, and its difference to the baseline:
# what the added extension costs. Same measuring rules as run.sh (common.sh).
#
#   Benchmarks/http/extension-costs.sh
#   DURATION=1 WARMUP=1 ROUNDS=1 MIN_CPU=0 Benchmarks/http/extension-costs.sh   # does it run?
#
# The configurations (all: one site, GET /hello -> HelloModule, request log off unless stated):
#   base          HelloModule only
#   log           base with the W3C request log on (--log-dir; one line per request)
#   c-filter      + a C ISAPI filter (ResponseHeaders: SEND_RESPONSE, adds two headers) and IsapiFilterModule
#   cpp-module    + a C++ native module (HeaderEcho)
#   swift-module  + a Swift module (PoweredByModule: adds X-Powered-By)
#   rewrite       + the rewrite filter with Examples/rewrite/IIRF.ini (no rule matches) and IsapiFilterModule
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/http/common.sh

CONFIGS=Benchmarks/http/configs

ensure_tools
build_release
WORK=$(mktemp -d)

start_config() { # NAME LABEL CONFIG [ARGS...]
    local name=$1 label=$2 config=$3
    shift 3
    start_bridge "$name" /hello 127.0.0.1 "$label" --config "$config" "$@"
}
start_config base "baseline: HelloModule (Swift), no log" "$CONFIGS/base.config" --no-request-log
start_config log "baseline + W3C request log" "$CONFIGS/base.config" --log-dir "$WORK/logs"
start_config c-filter "+ C filter (ResponseHeaders)" "$CONFIGS/c-filter.config" --no-request-log
start_config cpp-module "+ C++ module (HeaderEcho)" "$CONFIGS/cpp-module.config" --no-request-log
start_config swift-module "+ Swift module (PoweredByModule)" "$CONFIGS/swift-module.config" --no-request-log
start_config rewrite "+ rewrite filter (3 rules, none match)" "$CONFIGS/rewrite.config" --no-request-log

run_rounds
[ -n "$(find "$WORK/logs" -name '*.log' -size +0 2>/dev/null)" ] || { echo "the log configuration wrote no W3C log" >&2; exit 1; }

echo
describe_run
echo "µs/request: 1e6 / req/s (valid when the server used its whole core) and the server's CPU time per request"
echo "(lowest counted round; meaningful on a busy machine too); \"over base\" is the CPU figure minus the baseline's"
printf "| %-40s | %10s | %-26s | %12s | %12s | %12s |\n" configuration "req/s" "counted rounds" "1e6 / req/s" \
    "CPU µs/req" "over base"
printf "|%s|%s|%s|%s|%s|%s|\n" "$(printf -- '-%.0s' {1..42})" "-----------:" "----------------------------" \
    "-------------:" "-------------:" "-------------:"
for name in "${TARGETS[@]}"; do
    printf "| %-40s | %10.0f | %-26s | %12.2f | %12.2f | %12s |\n" "${T_LABEL[$name]}" "${T_BEST[$name]}" \
        "${T_ROUNDS[$name]}" "$(echo "${T_BEST[$name]}" | awk '{print 1e6 / $1}')" "${T_US[$name]}" \
        "$( [ "$name" = base ] && echo "—" || echo "${T_US[$name]} ${T_US[base]}" | awk '{printf "%+.2f", $1 - $2}')"
done
