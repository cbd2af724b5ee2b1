#!/usr/bin/env bash
# Deterministic costs of a static file request through the example chain, which a busy machine does
# not blur: system calls per request (strace -c over every thread of the server) and user-space
# instructions per request (perf stat, where the machine has hardware counters). Compare two builds
# with BASE_BIN.
#
#   Benchmarks/static/counts.sh                                  # this checkout's release build
#   BASE_BIN=/other/checkout/.build/release Benchmarks/static/counts.sh   # and another build, side by side
#   REQUESTS=2000 FILES="file-1800.html" Benchmarks/static/counts.sh
#
# Each BIN directory must hold isapi-bridge and the example .so files (`swift build -c release`).
# Requests go over one keep-alive connection (curl with many URLs), after WARMUP requests.
set -euo pipefail
cd "$(dirname "$0")/../.."

REQUESTS=${REQUESTS:-2000}
WARMUP=${WARMUP:-50}
PORT=${PORT:-18291}
FILES=${FILES:-"file-1800.html file-1m.bin"}
if [ -z "${BIN:-}" ]; then
    swift build -c release >&2
    BIN=$(swift build -c release --show-bin-path)
fi
for tool in strace perf curl; do
    command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq strace linux-perf curl >/dev/null; }
done

WORK=$(mktemp -d /tmp/static-counts.XXXXXX)
server=""
stop() {
    [ -n "$server" ] || return 0
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
}
trap 'stop; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/site"
cp Examples/applicationHost.config "$WORK/"
cp -r Examples/rewrite "$WORK/"
head -c 1800 /dev/urandom | base64 -w 100 | head -c 1800 > "$WORK/site/file-1800.html"
head -c 1048576 /dev/urandom > "$WORK/site/file-1m.bin"

requests() {  # N requests for FILE on one connection
    local urls=()
    for _ in $(seq "$1"); do urls+=("http://127.0.0.1:$PORT/$2"); done
    curl -sf "${urls[@]}" >/dev/null
}
start() {  # BIN [wrapper...]: the example chain on PORT, one event loop
    local bin=$1; shift
    "$@" "$bin/isapi-bridge" serve --config "$WORK/applicationHost.config" --workers 0 --threads 1 --port "$PORT" \
        --no-request-log --log-level warning >"$WORK/server.log" 2>&1 &
    server=$!
    for _ in $(seq 600); do
        curl -sf "http://127.0.0.1:$PORT/file-1800.html" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "the server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1
}

syscalls() {  # BIN FILE: system calls per request
    start "$1"
    requests "$WARMUP" "$2"
    local attach=()
    for task in /proc/"$server"/task/*; do attach+=(-p "${task##*/}"); done
    strace -c -f -o "$WORK/strace.txt" "${attach[@]}" 2>/dev/null &
    local tracer=$!
    sleep 1
    requests "$REQUESTS" "$2"
    sleep 0.5
    kill -INT "$tracer"; wait "$tracer" 2>/dev/null || true
    stop
    # Per system call lines: % time, seconds, usecs/call, calls, [errors,] name.
    awk -v n="$REQUESTS" '$1 ~ /^[0-9.]+$/ && $NF != "total" { printf "%s %.2f, ", $NF, $4 / n >"/dev/stderr"; sum += $4 }
        END { printf "%.2f\n", sum / n }' "$WORK/strace.txt" 2>"$WORK/breakdown.txt"
}

# perf needs hardware counters (a KVM guest often has none: then "not available"). Valgrind is no
# substitute here: 3.19 cannot read the toolchain's DWARF 5 and crashes when libdispatch starts a thread.
instructions() {  # BIN FILE: user-space instructions per request in the server process
    if ! perf stat -x, -e instructions:u -- true 2>&1 | grep -q '^[0-9]'; then echo "not available (no hardware counters)"; return; fi
    start "$1"
    requests "$WARMUP" "$2"
    perf stat -x, -e instructions:u -o "$WORK/perf.txt" -p "$server" -- bash -c "$(declare -f requests); PORT=$PORT requests $REQUESTS $2"
    stop
    awk -F, -v n="$REQUESTS" '$3 ~ /instructions/ {printf "%.0f\n", $1 / n}' "$WORK/perf.txt"
}

for file in $FILES; do
    for name in ${BASE_BIN:+base} this; do
        bin=$BIN; [ "$name" = base ] && bin=$BASE_BIN
        calls=$(syscalls "$bin" "$file")
        printf "%-14s %-5s system calls per request: %s  (%s)\n" "$file" "$name" "$calls" "$(cat "$WORK/breakdown.txt")"
        printf "%-14s %-5s instructions per request: %s\n" "$file" "$name" "$(instructions "$bin" "$file")"
    done
done
