#!/usr/bin/env bash
# Reverse proxy throughput, side by side in one run: GET /proxied through isapi-bridge's example
# configuration (2 C filters, 2 C++ modules, Swift modules, then ReverseProxyModule) against nginx
# proxy_pass, both forwarding to the same upstream (the bare SwiftNIO server's "Hello World!").
# Prints each target's best counted round and the ratio isapi-bridge / nginx.
#
#   Benchmarks/proxy/run.sh                         # defaults in Benchmarks/http/common.sh
#   DURATION=20 ROUNDS=5 Benchmarks/proxy/run.sh
#   DURATION=1 WARMUP=1 ROUNDS=1 MIN_CPU=0 Benchmarks/proxy/run.sh   # does it run?
#
# Both proxies run one event loop / one worker pinned to SERVER_CPU and keep upstream connections
# alive (nginx: an upstream block with keepalive, HTTP/1.1, Connection cleared). The upstream runs
# pinned to CLIENT_CPU beside wrk, the same for both targets. nginx is the Debian package, installed
# with apt-get when missing. isapi-bridge runs the example configuration with ReverseProxyModule
# added (its W3C request logs on, as a user runs it); its X-Forwarded-* and Via headers are sent,
# nginx is given the same headers to send.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Benchmarks/http/common.sh

NGINX_PORT=${NGINX_PORT:-18180}
UPSTREAM_PORT=${UPSTREAM_PORT:-18182}

ensure_tools
ensure_nginx
build_release
require_free_port "$NGINX_PORT" NGINX_PORT
require_free_port "$UPSTREAM_PORT" UPSTREAM_PORT
WORK=$(mktemp -d)

# The upstream both proxies forward to.
taskset -c "$CLIENT_CPU" "$BIN/BareNIOServer" --threads 1 --port "$UPSTREAM_PORT" >/dev/null &
PIDS+=($!)
wait_for "$UPSTREAM_PORT" / 127.0.0.1

write_nginx_config "    upstream app { server 127.0.0.1:$UPSTREAM_PORT; keepalive 64; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$host;
            proxy_set_header Via \"1.1 nginx\";
        }
    }"
taskset -c "$SERVER_CPU" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/logs/error.log" \
    >/dev/null 2>&1 &
PIDS+=($!)
NGINX_MASTER=$!
wait_for "$NGINX_PORT" /proxied 127.0.0.1
NGINX_WORKER=$(pgrep -P "$NGINX_MASTER" | head -1)
add_target nginx "$NGINX_PORT" "$NGINX_WORKER" /proxied 127.0.0.1 "nginx $("$NGINX" -v 2>&1 | sed 's|.*/||'), proxy_pass"

# The example configuration, its logs under $WORK, with ReverseProxyModule and a handler for /proxied.
sed "s|<logFile directory=\"../logs\" />|<logFile directory=\"$WORK/example-logs\" />|" Examples/applicationHost.config \
    | sed "s|physicalPath=\"site\"|physicalPath=\"$PWD/Examples/site\"|; s|rulesFile=\"rewrite/IIRF.ini\"|rulesFile=\"$PWD/Examples/rewrite/IIRF.ini\"|" \
    | sed "s|<add name=\"DefaultDocumentModule\" />|&\n      <add name=\"ReverseProxyModule\" />|" \
    | sed "s|<handlers>|&\n      <add name=\"Proxied\" path=\"/proxied\" verb=\"GET,HEAD\" modules=\"ReverseProxyModule\" scriptProcessor=\"http://127.0.0.1:$UPSTREAM_PORT\" />|" \
    >"$WORK/applicationHost.config"
grep -q 'name="Proxied"' "$WORK/applicationHost.config" || { echo "could not add the proxy handler to the example configuration" >&2; exit 1; }
start_bridge bridge /proxied 127.0.0.1 "isapi-bridge example chain + ReverseProxyModule" --config "$WORK/applicationHost.config"

for name in nginx bridge; do expect_body "$name" "Hello World!"; done

run_rounds

echo
describe_run
echo "upstream: bare SwiftNIO on CPU $CLIENT_CPU (beside wrk), the same for both targets"
printf "| %-50s | %10s | %-26s | %9s | %12s |\n" target "req/s" "counted rounds" "vs nginx" "CPU µs/req"
printf "|%s|%s|%s|%s|%s|\n" "$(printf -- '-%.0s' {1..52})" "-----------:" "----------------------------" \
    "----------:" "-------------:"
for name in "${TARGETS[@]}"; do
    printf "| %-50s | %10.0f | %-26s | %8.2fx | %12.2f |\n" "${T_LABEL[$name]}" "${T_BEST[$name]}" "${T_ROUNDS[$name]}" \
        "$(echo "${T_BEST[$name]} ${T_BEST[nginx]}" | awk '{print $1 / $2}')" "${T_US[$name]}"
done
