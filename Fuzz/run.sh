#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a bounded time.
#
#   Fuzz/run.sh [TARGET|all] [SECONDS]     default: all, 60 seconds per target
#   Fuzz/run.sh build                      build only
#   Fuzz/run.sh replay [TARGET|all]        run the corpus once through each target (no fuzzing)
#
# Crash, leak and timeout inputs land in Fuzz/findings/<target>/ (not in the corpus); new inputs
# libFuzzer finds go to Fuzz/.build/corpus/<target>/, so the seed corpus in Fuzz/Corpus stays
# hand-made. Exits non-zero if any target found something. Runs niced: the machine is shared.
# Environment: FUZZ_JOBS (targets at once, default 1), FUZZ_SANITIZERS (default fuzzer,address),
# FUZZ_KEEP_GOING=1 (libFuzzer's fork mode: record every crash and go on until the time is up,
# instead of stopping at the first).
set -uo pipefail
# Swift's crash backtracer would outlive a crashing target and hold its output open.
export SWIFT_BACKTRACE=enable=no
# Process-lifetime statics (the sites, compiled rules) are not leaks; a run ends at its time limit.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
targets=(http-head http-date config-reader rewrite-iirf rewrite-modrewrite filter-headers)
sanitizers="${FUZZ_SANITIZERS:-fuzzer,address}"

# Per target: the longest input worth trying (bytes).
max_len() {
    case "$1" in
        http-date) echo 128 ;;
        http-head | filter-headers) echo 4096 ;;
        *) echo 16384 ;;
    esac
}

build() {
    # The main package by a path whose last component is its name: SwiftPM names a path
    # dependency after its directory, and a checkout directory called "fuzz" would clash with
    # this package's own identity.
    mkdir -p .build && ln -sfn ../.. .build/isapi-bridge
    nice -n 10 swift build -c release \
        -Xswiftc "-sanitize=$sanitizers" -Xswiftc -parse-as-library -Xswiftc -use-ld=lld
}

binary() { echo "$here/.build/release/fuzz-$1"; }

run_one() {
    local target="$1" seconds="$2"
    local findings="$here/findings/$target" work="$here/.build/corpus/$target"
    mkdir -p "$findings" "$work"
    local log="$findings/run-$(date -u +%Y%m%dT%H%M%SZ).log" started
    started="$(mktemp)"  # inputs saved after this file count as this run's findings
    echo "== $target: ${seconds}s, log $log"
    local keep_going=()
    if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
        keep_going=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
    fi
    # libFuzzer takes one dictionary: the target's tokens and the boundary integers.
    local dict="$here/.build/dict/$target.dict"
    mkdir -p "$(dirname "$dict")"
    cat "$here/Dictionaries/integers.dict" "$here/Dictionaries/$target.dict" >"$dict"
    nice -n 10 "$(binary "$target")" "$work" "$here/Corpus/$target" -dict="$dict" \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$findings/" -print_final_stats=1 -detect_leaks=0 "${keep_going[@]}" >"$log" 2>&1
    local status=$?
    # Fork mode ends by stopping its last job, which can show as a failure without any input to
    # blame: there, what counts is whether an input was saved.
    if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
        if find "$findings" -newer "$started" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | grep -q .; then
            status=1
        else
            status=0
        fi
    fi
    rm -f "$started"
    grep -E '^(#[0-9]+ +DONE|stat::|SUMMARY|==[0-9]+==ERROR|Test unit written|INFO: fuzzed for)' "$log" | sed "s/^/   /"
    grep -E '^#[0-9]+: cov:' "$log" | tail -1 | sed "s/^/   /"  # fork mode's last status line
    if [ $status -ne 0 ]; then echo "!! $target found something (exit $status); see $findings"; fi
    return $status
}

# The seeds and the saved reproducers of fixed findings (Fuzz/Regressions/<target>), once each.
replay_one() {
    local target="$1" inputs=("$here/Corpus/$target")
    [ -d "$here/Regressions/$target" ] && inputs+=("$here/Regressions/$target")
    echo "== replay $target"
    "$(binary "$target")" -runs=0 "${inputs[@]}" 2>&1 | grep -E 'INITED|DONE|ERROR|SUMMARY' | sed "s/^/   /"
    return "${PIPESTATUS[0]}"
}

mode="${1:-all}"
case "$mode" in
    build) build; exit $? ;;
    replay) shift; selected="${1:-all}"; action=replay_one ;;
    *) selected="$mode"; action=run_one ;;
esac
seconds="${2:-60}"
if [ "$selected" = all ]; then chosen=("${targets[@]}"); else chosen=("$selected"); fi
for target in "${chosen[@]}"; do
    [[ " ${targets[*]} " == *" $target "* ]] || { echo "unknown target '$target'; one of: ${targets[*]}" >&2; exit 2; }
done

build || exit 1
failed=0
jobs_at_once="${FUZZ_JOBS:-1}"
pids=()
for target in "${chosen[@]}"; do
    if [ "$action" = run_one ]; then
        run_one "$target" "$seconds" &
        pids+=($!)
        if [ "${#pids[@]}" -ge "$jobs_at_once" ]; then
            wait "${pids[0]}" || failed=1
            pids=("${pids[@]:1}")
        fi
    else
        replay_one "$target" || failed=1
    fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit $failed
