#!/usr/bin/env bash
# User-space instructions per request for one server, counted by callgrind over a fixed number of
# keep-alive requests (after a warm-up), every thread of the process included (the W3C log
# writer's queue too). Deterministic: the figure does not move when other work shares the CPU,
# which wall-clock throughput does. Kernel work (loopback TCP) is not counted.
#
#   Benchmarks/chain/instructions.sh TARGET [REQUESTS]
#
# TARGET: hello (example config, GET /hello), nolog (the same with --no-request-log), rewrite (the
# rewrite site, GET /greeting; THREADING=eventLoop runs its native code on the loop), empty (serve --empty-chain), bare (BareNIOServer),
# h2empty and h2hello (empty and hello over h2c with prior knowledge: h2load, one connection, 10 streams at once),
# config:NAME (Benchmarks/http/configs/NAME.config, GET /hello, request log off: extension-costs.sh's
# configurations, one extension kind at a time; THREADING=eventLoop applies to them too).
# BIN=<dir> selects the binaries (default: `swift build -c release --show-bin-path`, built first
# unless NO_BUILD=1). The callgrind file is kept in OUT (default /tmp/chain-bench) for
# callgrind_annotate; the script prints the per-request total and the top functions.
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET=${1:?"usage: $0 hello|nolog|rewrite|empty|bare|h2empty|h2hello|config:NAME [REQUESTS]"}
REQUESTS=${2:-2000}
WARMUP=${WARMUP:-300}
PORT=${PORT:-18093}
OUT=${OUT:-/tmp/chain-bench}
# Two runs at once must not share a port: the second server would not start and its client would
# count the first server's requests.
if ss -ltn "sport = :$PORT" 2>/dev/null | grep -q LISTEN; then
    echo "port $PORT is in use (another run?): set PORT (and OUT) to run beside it" >&2
    exit 1
fi
mkdir -p "$OUT"
if [ -z "${BIN:-}" ]; then
    [ "${NO_BUILD:-0}" = 1 ] || swift build -c release >&2
    BIN=$(swift build -c release --show-bin-path)
fi
# Valgrind 3.19 cannot read the DWARF 5 of Swift 6 binaries: profile copies without debug
# information (the symbol table stays, so functions keep their names).
mkdir -p "$OUT/bin"
for file in "$BIN"/isapi-bridge "$BIN"/BareNIOServer "$BIN"/*.so; do
    objcopy --strip-debug "$file" "$OUT/bin/$(basename "$file")"
done
BIN="$OUT/bin"
# The example configuration writes its W3C logs next to itself: run a copy under OUT.
rm -rf "$OUT/Examples" "$OUT/logs" "$OUT/Benchmarks"
cp -r Examples "$OUT/Examples"
mkdir -p "$OUT/Benchmarks/http"
cp -r Benchmarks/http/configs "$OUT/Benchmarks/http/configs"
# THREADING=eventLoop runs the example's native filters and modules on the event loop (the opt-in
# fast path) instead of the default thread pool, to compare the two.
if [ "${THREADING:-pool}" = eventLoop ]; then
    sed -i 's|\(image="[^"]*\.so"\)|\1 threading="eventLoop"|; s|\(path="[^"]*\.so"\)|\1 threading="eventLoop"|' \
        "$OUT/Examples/applicationHost.config" "$OUT"/Benchmarks/http/configs/*.config
fi
# The example's https site writes its self-signed pair on first start by running openssl, which
# cannot start under valgrind: write the pair before.
if [ ! -f "$OUT/tls/example-selfsigned.pem" ]; then
    mkdir -p "$OUT/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost \
        -keyout "$OUT/tls/example-selfsigned.key" -out "$OUT/tls/example-selfsigned.pem" 2>/dev/null
fi

path=/hello host=127.0.0.1
case "$TARGET" in
    hello)   server=("$BIN/isapi-bridge" serve --config "$OUT/Examples/applicationHost.config" --threads 1 --workers 0 --port "$PORT" --log-level warning) ;;
    nolog)   server=("$BIN/isapi-bridge" serve --config "$OUT/Examples/applicationHost.config" --threads 1 --workers 0 --port "$PORT" --log-level warning --no-request-log) ;;
    rewrite) server=("$BIN/isapi-bridge" serve --config "$OUT/Examples/applicationHost.config" --threads 1 --workers 0 --port "$PORT" --log-level warning)
             path=/greeting host=rewrite.localhost ;;
    empty|h2empty)
             server=("$BIN/isapi-bridge" serve --empty-chain --threads 1 --workers 0 --port "$PORT" --log-level warning) ;;
    h2hello) server=("$BIN/isapi-bridge" serve --config "$OUT/Examples/applicationHost.config" --threads 1 --workers 0 --port "$PORT" --log-level warning) ;;
    bare)    server=("$BIN/BareNIOServer" --port "$PORT" --threads 1) ;;
    config:*)
             config="$OUT/Benchmarks/http/configs/${TARGET#config:}.config"
             [ -f "$config" ] || { echo "no $config" >&2; exit 2; }
             export ISAPI_BRIDGE_BIN="$BIN"
             server=("$BIN/isapi-bridge" serve --config "$config" --threads 1 --workers 0 --port "$PORT" --log-level warning --no-request-log) ;;
    *) echo "unknown target $TARGET" >&2; exit 2 ;;
esac
# The bridge's configured binding is 127.0.0.1:8080; --port moves it.
# Valgrind 3.19 dies in the sigsuspend of Swift's async main: see sigsuspend_copy.c.
cc -shared -fPIC -O2 Benchmarks/chain/sigsuspend_copy.c -o "$OUT/sigsuspend_copy.so"
file="$OUT/callgrind.${TARGET/:/-}.out"
rm -f "$file"*
LD_PRELOAD="$OUT/sigsuspend_copy.so" valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$file" "${server[@]}" >"$OUT/server.${TARGET/:/-}.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
    curl -s -o /dev/null -H "Host: $host" "http://127.0.0.1:$PORT$path" && break
    sleep 0.5
done
# h2load checks nothing itself: its summary must count every request as 2xx.
client() {
    case "$TARGET" in
        h2*) h2load -n "$1" -c 1 -m 10 "http://127.0.0.1:$PORT$path" >"$2"
             grep -q "status codes: $1 2xx" "$2" || { echo "h2load: not every request answered 2xx (see $2)" >&2; exit 1; } ;;
        *)   python3 Benchmarks/chain/client.py 127.0.0.1 "$PORT" "$path" "$1" 16 "$host" >"$2" ;;
    esac
}
client "$WARMUP" "$OUT/warmup.$TARGET.txt"
callgrind_control -z "$pid" >/dev/null
callgrind_control -i on "$pid" >/dev/null
client "$REQUESTS" "$OUT/client.$TARGET.txt"
# Let the W3C writer's timer (1 s) flush what these requests buffered, inside the measurement.
sleep "${SETTLE:-3}"
callgrind_control -i off "$pid" >/dev/null
callgrind_control -d "$pid" >/dev/null
sleep 1
kill -TERM $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
trap - EXIT
dump="$file.1"   # the dump taken above ("$file" itself is the empty one at exit)
total=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
echo "$TARGET: $total instructions for $REQUESTS requests = $((total / REQUESTS)) per request ($dump)"
TOP=${TOP:-25}
if [ "$TOP" -gt 0 ]; then
    callgrind_annotate --inclusive=no "$dump" 2>/dev/null | sed -n '/file:function/,$p' | head -$((TOP + 2)) | cut -c1-160
fi
