# Shared by Benchmarks/http/run.sh and extension-costs.sh (sourced, not run): building, starting
# servers pinned to SERVER_CPU, and measuring them with wrk pinned to CLIENT_CPU, best counted round.
#
# A round counts only if its server had its core to itself and was the bottleneck: server CPU at
# least MIN_CPU % of the round (read from /proc). Anything else on the machine (a compiler, another
# benchmark) shows up as less server CPU, and such rounds are repeated, up to MAX_TRIES per target.

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-3}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
MIN_CPU=${MIN_CPU:-97}
MAX_TRIES=${MAX_TRIES:-$((ROUNDS * 4))}

ensure_tools() {
    if ! command -v wrk >/dev/null; then
        echo "installing wrk..." >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
    fi
    command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 1; }
    command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }
}

# nginx from Debian's package when missing (its own service stopped: the benchmarks run their own
# instance); sets NGINX.
ensure_nginx() {
    if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
        echo "installing nginx..." >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 \
            || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
        systemctl stop nginx 2>/dev/null || service nginx stop 2>/dev/null || true
    fi
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

# nginx's configuration in $WORK/nginx: one worker, no access log, unlimited keep-alive requests,
# temporary files under $WORK; $1 goes inside `http { }` after those settings.
write_nginx_config() {
    mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
    cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000000;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
$1
}
CONF
}

# $WORK/applicationHost.config: the example configuration with its W3C logs under $WORK and its
# site and rules files by absolute path (the copy lives elsewhere).
write_example_config() {
    sed "s|<logFile directory=\"../logs\" />|<logFile directory=\"$WORK/example-logs\" />|" Examples/applicationHost.config \
        | sed "s|physicalPath=\"site\"|physicalPath=\"$PWD/Examples/site\"|; s|rulesFile=\"rewrite/IIRF.ini\"|rulesFile=\"$PWD/Examples/rewrite/IIRF.ini\"|" \
        >"$WORK/applicationHost.config"
}

# start_nginx_hello NAME PORT LABEL: nginx (master and one worker, pinned to SERVER_CPU) answering
# `return 200 "Hello World!"`; the worker, whose CPU is what counts, is the target's process.
start_nginx_hello() {
    local name=$1 port=$2 label=$3 master
    write_nginx_config "    server {
        listen 127.0.0.1:$port;
        location / { default_type text/plain; return 200 \"Hello World!\"; }
    }"
    taskset -c "$SERVER_CPU" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/logs/error.log" \
        >/dev/null 2>&1 &
    master=$!
    PIDS+=("$master")
    wait_for "$port" / 127.0.0.1
    add_target "$name" "$port" "$(pgrep -P "$master" | head -1)" / 127.0.0.1 "$label"
}

# start_bare NAME PORT LABEL [ARGS...]: BareNIOServer with one event loop, pinned to SERVER_CPU.
start_bare() {
    local name=$1 port=$2 label=$3
    shift 3
    taskset -c "$SERVER_CPU" "$BIN/BareNIOServer" --threads 1 --port "$port" "$@" >/dev/null &
    PIDS+=($!)
    add_target "$name" "$port" $! / 127.0.0.1 "$label"
    wait_for "$port" / 127.0.0.1
}

build_release() {
    if [ "${SKIP_BUILD:-0}" != 1 ]; then
        echo "building release binaries..." >&2
        swift build -c release >&2
    fi
    BIN=${BIN:-$(swift build -c release --show-bin-path)}
}

# Target registry: name -> port, pid whose CPU is read, path, Host header, label.
declare -A T_PORT T_PID T_PATH T_HOST T_LABEL T_BEST T_VALID T_TRIES T_ROUNDS T_US
TARGETS=()
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -z "${WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# add_target NAME PORT PID PATH HOST LABEL
add_target() {
    TARGETS+=("$1")
    T_PORT[$1]=$2 T_PID[$1]=$3 T_PATH[$1]=$4 T_HOST[$1]=$5 T_LABEL[$1]=$6
    T_BEST[$1]=0 T_VALID[$1]=0 T_TRIES[$1]=0 T_ROUNDS[$1]="" T_US[$1]=""
}

# wait_for PORT PATH HOST: until the server answers 200.
wait_for() {
    for _ in $(seq 200); do
        curl -sf -H "Host: $3" "http://127.0.0.1:$1$2" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "nothing answers http://127.0.0.1:$1$2 (Host: $3)" >&2
    exit 1
}

# expect_body NAME BODY: the target answers BODY, so all targets do the same work.
expect_body() {
    local got
    got=$(curl -s -H "Host: ${T_HOST[$1]}" "http://127.0.0.1:${T_PORT[$1]}${T_PATH[$1]}")
    [ "$got" = "$2" ] || { echo "${T_LABEL[$1]}: body is '$got', expected '$2'" >&2; exit 1; }
}

# require_free_port PORT KNOB: nothing listens on PORT yet (else KNOB names the setting to change).
require_free_port() {
    if ss -ltn "sport = :$1" 2>/dev/null | grep -q LISTEN; then
        echo "port $1 is in use by another program: set $2 to a free port" >&2
        exit 1
    fi
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# measure NAME: one warm-up and one counted wrk run; prints "requests_per_second server_cpu_percent
# server_cpu_us_per_request". The last is the server's CPU time (user + system, from /proc, 10 ms
# ticks) over the requests wrk completed: unlike 1e6 / (req/s) it stays meaningful when the server
# was not the bottleneck, so it is the figure to compare on a busy machine.
measure() {
    local name=$1 url="http://127.0.0.1:${T_PORT[$1]}${T_PATH[$1]}" host="${T_HOST[$1]}" pid=${T_PID[$1]}
    if [ ! -d "/proc/$pid" ]; then
        echo "${T_LABEL[$name]}: the server (pid $pid) has exited; its output:" >&2
        cat "$WORK/$name.log" >&2 2>/dev/null || true
        exit 1
    fi
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Host: $host" "$url" >/dev/null
    local before after out rps requests
    before=$(cpu_ticks "$pid")
    out=$(taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -H "Host: $host" "$url")
    after=$(cpu_ticks "$pid")
    if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$out" >&2; fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "$rps $(( (after - before) * 100 / $(getconf CLK_TCK) / DURATION ))" \
        "$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {printf "%.2f", t * 1e6 / hz / n}')"
}

# run_rounds: alternates over TARGETS until each has ROUNDS counted rounds (or MAX_TRIES tries).
run_rounds() {
    local pending name rps cpu us verdict
    while :; do
        pending=0
        for name in "${TARGETS[@]}"; do
            (( T_VALID[$name] >= ROUNDS || T_TRIES[$name] >= MAX_TRIES )) && continue
            pending=1
            T_TRIES[$name]=$(( T_TRIES[$name] + 1 ))
            read -r rps cpu us < <(measure "$name")
            verdict="counted"
            if (( cpu >= MIN_CPU )); then
                T_VALID[$name]=$(( T_VALID[$name] + 1 ))
                T_BEST[$name]=$(echo "$rps ${T_BEST[$name]}" | awk '{print ($1 > $2) ? $1 : $2}')
                T_ROUNDS[$name]="${T_ROUNDS[$name]:+${T_ROUNDS[$name]} / }$(printf '%.0f' "$rps")"
                T_US[$name]=$(echo "$us ${T_US[$name]:-$us}" | awk '{print ($1 < $2) ? $1 : $2}')
            else
                verdict="discarded: server CPU below ${MIN_CPU}%, something else ran"
            fi
            printf "%-44s %10.0f req/s  server CPU %3d%%, %7.2f µs/request  (%s)\n" "${T_LABEL[$name]}" "$rps" "$cpu" "$us" \
                "$verdict" >&2
        done
        (( pending )) || break
    done
    for name in "${TARGETS[@]}"; do
        if (( T_VALID[$name] == 0 )); then
            echo "${T_LABEL[$name]}: no round had the server's core to itself; rerun on a quieter machine" >&2
            exit 1
        fi
    done
}

describe_run() {
    echo "machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//'), $(uname -sr)"
    echo "servers: one event loop / worker pinned to CPU $SERVER_CPU; wrk: 1 thread on CPU $CLIENT_CPU, $CONNECTIONS connections, ${DURATION}s per round after ${WARMUP}s warm-up; best of ${ROUNDS} counted rounds (server CPU >= ${MIN_CPU}%)"
}

# start_bridge NAME PATH HOST LABEL ARGS...: isapi-bridge serve, pinned, one process, one loop, on
# a port the system picks (other people's servers may hold any fixed one); sets T_PORT[NAME].
start_bridge() {
    local name=$1 path=$2 host=$3 label=$4 pid port=""
    shift 4
    taskset -c "$SERVER_CPU" "$BIN/isapi-bridge" serve --workers 0 --threads 1 --port 0 --log-level warning "$@" \
        >"$WORK/$name.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    for _ in $(seq 300); do
        port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$WORK/$name.log" | head -1)
        [ -n "$port" ] && break
        [ -d "/proc/$pid" ] || break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        echo "$label: the server did not start; its output:" >&2
        cat "$WORK/$name.log" >&2
        exit 1
    fi
    add_target "$name" "$port" "$pid" "$path" "$host" "$label"
    wait_for "$port" "$path" "$host"
}
