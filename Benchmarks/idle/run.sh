#!/usr/bin/env bash
# Memory per idle keep-alive connection: opens N connections to a server, sends one request on each
# (so each has served a request and waits for the next, as a browser's does), holds them idle and
# reads the server's resident memory (VmRSS); then closes them all and reads it again.
#
#   Benchmarks/idle/run.sh                   # N=10000, three servers
#   N=2000 SERVERS="empty" Benchmarks/idle/run.sh
#
# Servers (SERVERS, any of):
#   empty    isapi-bridge serve --empty-chain (the whole request path, one Swift module)
#   example  isapi-bridge serve with Examples/applicationHost.config, GET /hello (C filters, C++ and
#            Swift modules; request log off)
#   bare     Sources/BareNIOServer: what SwiftNIO itself costs per connection, for reference
#
# "KiB per connection" is (RSS with N idle connections - RSS before) / N. "kept after close" is
# RSS after all closed - RSS before: what the process did not give back. The goal (issue 13) is
# <= 4 KiB per connection at N = 10,000, and the memory returned on close.
set -euo pipefail
cd "$(dirname "$0")/../.."

N=${N:-10000}
SERVERS=${SERVERS:-"empty example bare"}
PORT=${PORT:-18401}

ulimit -n $((N + 1000)) 2>/dev/null || { echo "cannot raise the open-file limit to $((N + 1000)); lower N" >&2; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    echo "building release binaries..." >&2
    swift build -c release >&2
fi
BIN=${BIN:-$(swift build -c release --show-bin-path)}

server=""
stop() {
    [ -n "$server" ] || return 0
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
}
trap stop EXIT
trap 'exit 130' INT TERM

limits=(--max-connections $((N + 100)) --max-connections-per-address $((N + 100)) --idle-timeout 600)
printf "| %-42s | %11s | %14s | %14s | %12s | %16s |\n" server connections "RSS before KiB" "RSS idle KiB" "KiB / conn" "kept after close"
printf "|%s|%s|%s|%s|%s|%s|\n" "--------------------------------------------" "------------:" "---------------:" "---------------:" "-------------:" "-----------------:"
for name in $SERVERS; do
    path=/
    case $name in
    empty)
        label="isapi-bridge --empty-chain"
        "$BIN/isapi-bridge" serve --empty-chain --workers 0 --threads 1 --port "$PORT" --root "$PWD/Examples/site" \
            --no-request-log --log-level warning "${limits[@]}" >/dev/null 2>&1 &
        ;;
    example)
        label="isapi-bridge example config, GET /hello"
        path=/hello
        "$BIN/isapi-bridge" serve --config Examples/applicationHost.config --workers 0 --threads 1 --port "$PORT" \
            --no-request-log --log-level warning "${limits[@]}" >/dev/null 2>&1 &
        ;;
    bare)
        label="bare SwiftNIO (reference)"
        "$BIN/BareNIOServer" --threads 1 --port "$PORT" >/dev/null 2>&1 &
        ;;
    *) echo "unknown server '$name' (empty, example, bare)" >&2; exit 1 ;;
    esac
    server=$!
    for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PORT$path" >/dev/null 2>&1 && break; sleep 0.1; done
    declare -A figure=()
    while read -r key value; do figure[$key]=$value; done < <(python3 Benchmarks/idle/idle-clients.py "$PORT" "$server" "$N" "$path")
    printf "| %-42s | %11d | %14d | %14d | %12s | %12d KiB |\n" "$label" "$N" "${figure[rss_before_kib]}" \
        "${figure[rss_idle_kib]}" "${figure[kib_per_connection]}" "${figure[kib_kept_after_close]}"
    stop
    PORT=$((PORT + 1))
done
echo
echo "machine: $(nproc) cores, $(uname -sr); one event loop per server; RSS from /proc/PID/status"
