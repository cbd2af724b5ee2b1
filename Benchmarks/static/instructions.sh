#!/usr/bin/env bash
# User-space instructions per request for a static file, counted by callgrind over a fixed number of
# keep-alive requests after a warm-up, every thread of the server included (kernel work is not).
# Deterministic where wall-clock throughput is not: the figure does not move when other work shares
# the CPU. The server and client are Benchmarks/chain's (`instructions.sh`, `client.py`), with a
# site holding a 1,800-byte file.
#
#   Benchmarks/static/instructions.sh TARGET [REQUESTS]
#
# TARGET: alone (a configuration with only StaticFileModule, as Benchmarks/static/run.sh's "static
# handler alone") or example (Examples/applicationHost.config, the example chain, no request log).
# BIN=<dir> selects the binaries (default: the release build, built first unless NO_BUILD=1).
# OUT (default /tmp/static-instructions) keeps the callgrind file for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/../.."
TARGET=${1:?"usage: $0 alone|example [REQUESTS]"}
REQUESTS=${2:-2000}
WARMUP=${WARMUP:-300}
PORT=${PORT:-18094}
OUT=${OUT:-/tmp/static-instructions}
mkdir -p "$OUT"
if [ -z "${BIN:-}" ]; then
    [ "${NO_BUILD:-0}" = 1 ] || swift build -c release >&2
    BIN=$(swift build -c release --show-bin-path)
fi
# Valgrind 3.19 cannot read the DWARF 5 of Swift 6 binaries: profile copies without debug
# information (the symbol table stays, so functions keep their names).
mkdir -p "$OUT/bin"
for file in "$BIN"/isapi-bridge "$BIN"/*.so; do
    objcopy --strip-debug "$file" "$OUT/bin/$(basename "$file")"
done
BIN="$OUT/bin"
rm -rf "$OUT/work"
mkdir -p "$OUT/work/site"
cp Examples/applicationHost.config "$OUT/work/"
cp -r Examples/rewrite "$OUT/work/"
cp -r Examples/site/. "$OUT/work/site/"
# The same 1,800 bytes on every run (instructions do not depend on the bytes, the length does).
python3 -c 'import sys; sys.stdout.write(("static-bench " * 200)[:1800])' > "$OUT/work/site/file-1800.html"
cat > "$OUT/work/alone.config" <<XML
<configuration>
  <system.applicationHost>
    <sites>
      <site name="Static" id="1">
        <application path="/"><virtualDirectory path="/" physicalPath="site" /></application>
        <bindings><binding protocol="http" bindingInformation="127.0.0.1:$PORT:" /></bindings>
      </site>
    </sites>
  </system.applicationHost>
  <system.webServer>
    <modules><add name="StaticFileModule" /></modules>
    <handlers><add name="StaticFile" path="*" verb="GET,HEAD" modules="StaticFileModule" /></handlers>
  </system.webServer>
</configuration>
XML
case "$TARGET" in
    alone)   config="$OUT/work/alone.config" ;;
    example) config="$OUT/work/applicationHost.config" ;;
    *) echo "unknown target $TARGET" >&2; exit 2 ;;
esac
server=("$BIN/isapi-bridge" serve --config "$config" --threads 1 --workers 0 --port "$PORT" --log-level warning --no-request-log)
path=/file-1800.html
# Valgrind 3.19 dies in the sigsuspend of Swift's async main: see Benchmarks/chain/sigsuspend_copy.c.
cc -shared -fPIC -O2 Benchmarks/chain/sigsuspend_copy.c -o "$OUT/sigsuspend_copy.so"
file="$OUT/callgrind.$TARGET.out"
rm -f "$file"*
LD_PRELOAD="$OUT/sigsuspend_copy.so" valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$file" "${server[@]}" >"$OUT/server.$TARGET.log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://127.0.0.1:$PORT$path" && break
    sleep 0.5
done
python3 Benchmarks/chain/client.py 127.0.0.1 "$PORT" "$path" "$WARMUP" 16 >/dev/null
callgrind_control -z "$pid" >/dev/null
callgrind_control -i on "$pid" >/dev/null
python3 Benchmarks/chain/client.py 127.0.0.1 "$PORT" "$path" "$REQUESTS" 16 >"$OUT/client.$TARGET.txt"
sleep "${SETTLE:-1}"
callgrind_control -i off "$pid" >/dev/null
callgrind_control -d "$pid" >/dev/null
sleep 1
kill -TERM $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
trap - EXIT
dump="$file.1"
total=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
echo "$TARGET: $total instructions for $REQUESTS requests = $((total / REQUESTS)) per request ($dump)"
if [ "${TOP:-25}" -gt 0 ]; then
    callgrind_annotate --inclusive=no "$dump" 2>/dev/null | sed -n '/file:function/,$p' | head -$((TOP + 2)) | cut -c1-160
fi
