#!/usr/bin/env bash
# Runs the IIS documentation's C++ samples against isapi-bridge, unchanged, from a local checkout of
# the public MicrosoftDocs/iis-docs repository (nothing is copied into this repository):
#
#   scripts/iis-doc-samples.sh [--jobs N] [--out DIR] [--bin PATH] IIS_DOCS_CHECKOUT
#
# Units: every .c/.cpp file under samples/snippets/cpp/VS_Snippets_IIS that defines RegisterModule
# (native module), HttpFilterProc (ISAPI filter) or HttpExtensionProc (ISAPI extension). A file that
# includes a local header ("precomp.h") belongs to a multi-file project: its directory's sources are
# compiled together as one unit. Each unit is compiled with the project's flags
# (`c++ -shared -fPIC $(isapi-bridge cxxflags)`; `cc` and `cflags` for .c), loaded into `isapi-bridge serve` on a
# free loopback port, sent GET /, a POST with a body and a HEAD, then checked to still be running.
# Extensions are compiled only: the server does not host them yet.
#
# The first compiler error is classified (see classify_compile_error):
#   fragment     the file is no translation unit: it includes none of windows.h, httpserv.h, httpfilt.h
#   msvc-only    #import of a type library, COM (_com_error, _bstr_t, CoCreateInstance, ...), ATL, COM
#                headers (atlbase.h, comdef.h, ...), __declspec specifics
#   wide-string  a wchar_t L"..." string where the headers take UTF-16 (PCWSTR is const char16_t* here)
#   missing      a declaration the project's headers lack, with its name (an undeclared identifier, a
#                member, an interface known only by name, a missing header)
#   other        anything else (with the compiler's message)
# Load and run failures: "load: <reason>", "crash: <request> (<signal>)", "no answer: <request>".
#
# Prints one row per unit, a summary by class and kind, and last `N passed, M failed`
# (passed = compiled, loaded and answered every request without crashing). Build products, logs and
# the raw results (results.tsv) go to --out (default: a new temporary directory), never the repository.
set -uo pipefail

usage() {
    echo "usage: $0 [--jobs N] [--out DIR] [--bin PATH] IIS_DOCS_CHECKOUT" >&2
    echo "  IIS_DOCS_CHECKOUT: a checkout of https://github.com/MicrosoftDocs/iis-docs (its samples/ directory)" >&2
    exit 2
}

script_dir=$(cd "$(dirname "$0")" && pwd)
repo_root=$(cd "$script_dir/.." && pwd)

# One unit, run by xargs: `iis-doc-samples.sh --unit KIND SOURCE` with the settings in the environment.
if [ "${1:-}" = "--unit" ]; then
    source "$script_dir/iis-doc-samples-unit.sh"
    run_unit "$2" "$3"
    exit 0
fi

jobs=2
out=""
bin=""
docs=""
while [ $# -gt 0 ]; do
    case "$1" in
        --jobs) jobs="${2:?--jobs needs a number}"; shift 2 ;;
        --out) out="${2:?--out needs a directory}"; shift 2 ;;
        --bin) bin="${2:?--bin needs the isapi-bridge executable}"; shift 2 ;;
        -h|--help) usage ;;
        -*) echo "unknown option $1" >&2; usage ;;
        *) [ -z "$docs" ] || usage; docs="$1"; shift ;;
    esac
done
[ -n "$docs" ] || usage
case "$jobs" in ''|*[!0-9]*|0) echo "--jobs must be a positive number, not '$jobs'" >&2; exit 2 ;; esac

samples="$docs/samples/snippets/cpp/VS_Snippets_IIS"
if [ ! -d "$samples" ]; then
    echo "$docs has no samples/snippets/cpp/VS_Snippets_IIS: pass the root of an iis-docs checkout" >&2
    echo "  (git clone https://github.com/MicrosoftDocs/iis-docs)" >&2
    exit 2
fi
samples=$(cd "$samples" && pwd)

if [ -z "$bin" ]; then
    for candidate in "$repo_root/.build/release/isapi-bridge" "$repo_root/.build/debug/isapi-bridge"; do
        if [ -x "$candidate" ]; then bin="$candidate"; break; fi
    done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "no isapi-bridge executable: run 'swift build --product isapi-bridge' first, or pass --bin PATH" >&2
    exit 2
fi
cflags=$("$bin" cflags) || { echo "'$bin cflags' failed" >&2; exit 2; }
cxxflags=$("$bin" cxxflags) || { echo "'$bin cxxflags' failed" >&2; exit 2; }

if [ -z "$out" ]; then
    out=$(mktemp -d "${TMPDIR:-/tmp}/iis-doc-samples.XXXXXX")
else
    mkdir -p "$out" || exit 2
    out=$(cd "$out" && pwd)
fi
case "$out/" in "$repo_root"/*) echo "--out must be outside the repository ($repo_root)" >&2; exit 2 ;; esac
mkdir -p "$out/units" "$out/site"
rm -f "$out"/units/*.tsv
printf 'iis-doc-samples\n' > "$out/site/index.html"

# The units: KIND<TAB>SOURCE, SOURCE a file, or a directory for a multi-file project.
units="$out/units.txt"
: > "$units"
while IFS= read -r file; do
    if grep -qE '\bHttpFilterProc\b' "$file"; then kind=filter
    elif grep -qE '\bHttpExtensionProc\b' "$file"; then kind=extension
    else kind=module
    fi
    if grep -qE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file"; then
        printf '%s\t%s\n' "project" "$(dirname "$file")" >> "$units"
    else
        printf '%s\t%s\n' "$kind" "$file" >> "$units"
    fi
done < <(grep -rlE --include='*.cpp' --include='*.c' \
             '\b(RegisterModule|HttpFilterProc|HttpExtensionProc)\b' "$samples" | LC_ALL=C sort)
sort -u -o "$units" "$units"
total=$(wc -l < "$units")
echo "iis-doc-samples: $total units from $samples; build products in $out; $jobs at a time" >&2

export IDS_BIN="$bin" IDS_CFLAGS="$cflags" IDS_CXXFLAGS="$cxxflags" IDS_OUT="$out" IDS_SAMPLES="$samples"
# The workers run in their own process group, so an interrupted run leaves no server behind.
# Their own standard error (the shell's notes about servers that crashed) goes to workers.log.
setsid bash -c 'tr "\t" "\n" < "$1" | tr "\n" "\0" | xargs -0 -n2 -P "$2" "$3" --unit' workers "$units" "$jobs" "$0" \
    2> "$out/workers.log" &
workers=$!
trap 'kill -TERM -- "-$workers" 2>/dev/null; exit 130' INT TERM
wait "$workers"
trap - INT TERM

# Report: one row per unit, then the summary.
results="$out/results.tsv"
LC_ALL=C sort "$out"/units/*.tsv > "$results" 2>/dev/null
awk -F'\t' '
    BEGIN { printf "%-78s %-9s %-8s %-6s %-8s %s\n", "unit", "kind", "compiled", "loaded", "answered", "first failure" }
    { printf "%-78s %-9s %-8s %-6s %-8s %s\n", $1, $2, $3, $4, $5, $7 }' "$results"

count() { awk -F'\t' "$1" "$results" | wc -l; }
echo
echo "by kind: units, compiled, loaded, answered"
for kind in module filter extension project; do
    units_of_kind=$(count "\$2 == \"$kind\"")
    [ "$units_of_kind" -gt 0 ] || continue
    printf '  %-10s %4d %4d %4d %4d\n' "$kind" "$units_of_kind" "$(count "\$2 == \"$kind\" && \$3 == \"yes\"")" \
        "$(count "\$2 == \"$kind\" && \$4 == \"yes\"")" "$(count "\$2 == \"$kind\" && \$5 == \"yes\"")"
done
echo "failures by class"
awk -F'\t' '$5 != "yes" { print $6 }' "$results" | LC_ALL=C sort | uniq -c | LC_ALL=C sort -k1,1nr -k2 |
    while read -r n class; do printf '  %-22s %4d\n' "$class" "$n"; done
echo "missing declarations by name"
awk -F'\t' '$6 == "missing" { sub(/^missing declaration: /, "", $7); print $7 }' "$results" | LC_ALL=C sort | uniq -c |
    LC_ALL=C sort -k1,1nr -k2 | while read -r n name; do printf '  %-40s %4d\n' "$name" "$n"; done
reported=$(wc -l < "$results")
[ "$reported" -eq "$total" ] || echo "warning: $((total - reported)) of $total units reported no result (see $out/units)"
passed=$(count '$5 == "yes"')
echo "$passed passed, $((total - passed)) failed"
