# One unit of scripts/iis-doc-samples.sh (sourced by it): compile, load, request, classify.
# Settings come from the environment: IDS_BIN (isapi-bridge), IDS_CFLAGS (for cc), IDS_CXXFLAGS (for c++;
# IDS_CFLAGS when unset), IDS_OUT, IDS_SAMPLES.
# Writes one line to $IDS_OUT/units/<id>.tsv:
#   unit  kind  compiled  loaded  answered  class  first-failure
# `classify_compile_error` is also usable on its own: classify_compile_error SOURCE LOG.

# Seconds: a compile, the server's start, and one request may take at most this long.
IDS_COMPILE_SECONDS=${IDS_COMPILE_SECONDS:-180}
IDS_START_SECONDS=${IDS_START_SECONDS:-20}
IDS_REQUEST_SECONDS=${IDS_REQUEST_SECONDS:-10}

# Headers the compiler lacks because only MSVC, ATL or COM provide them.
IDS_MSVC_HEADERS='atlbase\.h|atlcom\.h|atlstr\.h|comdef\.h|comutil\.h|comip\.h|comdefsp\.h|[^ ]*\.(dll|tlb|olb)'
# Identifiers of COM and compiler-specific extensions.
IDS_MSVC_NAMES='_com_error|_bstr_t|_variant_t|_com_ptr_t|CComPtr|CComBSTR|CComVariant|CoCreateInstance|CoInitialize(Ex)?|CoUninitialize|SysAllocString|SysFreeString|__uuidof|__declspec|BSTR|VARIANT'

# The class and description of the first error in compiler output LOG for SOURCE (a file or a
# project directory). Prints "CLASS<TAB>DESCRIPTION".
classify_compile_error() {
    local source="$1" log="$2" line message name
    line=$(grep -m1 -E '(fatal )?error:' "$log")
    message=${line#*error: }
    [ -n "$line" ] || message="compiler failed without an error line ($(tail -n1 "$log"))"
    if [ -f "$source" ] && ! grep -qiE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](windows|httpserv|httpfilt)\.h[>"]' "$source"; then
        printf 'fragment\tfragment: includes none of windows.h, httpserv.h, httpfilt.h (%s)\n' "$message"
        return
    fi
    if [[ "$message" =~ ^([^:\ ]+):\ No\ such\ file\ or\ directory ]]; then
        name=${BASH_REMATCH[1]}
        if [[ "$name" =~ ^($IDS_MSVC_HEADERS)$ ]]; then
            if grep -qE "^[[:space:]]*#[[:space:]]*import[[:space:]].*$name" "$source" 2>/dev/null ||
               [[ "$name" =~ \.(dll|tlb|olb)$ ]]; then
                printf 'msvc-only\tmsvc-only: #import %s\n' "$name"
            else
                printf 'msvc-only\tmsvc-only: <%s>\n' "$name"
            fi
        else
            printf 'missing\tmissing declaration: <%s>\n' "$name"
        fi
        return
    fi
    if [[ "$message" =~ \'($IDS_MSVC_NAMES)\' ]]; then
        printf 'msvc-only\tmsvc-only: %s\n' "${BASH_REMATCH[1]}"
        return
    fi
    if [[ "$message" == *wchar_t* ]]; then
        printf 'wide-string\twide-string: %s\n' "$message"
        return
    fi
    name=""
    if [[ "$message" =~ ^\'([^\']+)\'\ (was\ not\ declared|has\ not\ been\ declared|does\ not\ name\ a\ type) ]]; then
        name=${BASH_REMATCH[1]}
    elif [[ "$message" =~ ^invalid\ use\ of\ incomplete\ type\ \'(class|struct)\ ([^\']+)\' ]]; then
        name=${BASH_REMATCH[2]}
    elif [[ "$message" =~ ^\'(class\ |struct\ )?([^\']+)\'.*has\ no\ member\ named\ \'([^\']+)\' ]]; then
        name="${BASH_REMATCH[2]}::${BASH_REMATCH[3]}"
    elif [[ "$message" =~ ^\'([^\']+)\'\ is\ not\ a\ member\ of\ \'([^\']+)\' ]]; then
        name="${BASH_REMATCH[2]}::${BASH_REMATCH[1]}"
    fi
    if [ -n "$name" ]; then
        printf 'missing\tmissing declaration: %s\n' "$name"
    else
        printf 'other\tother: %s\n' "$message"
    fi
}

# The reason in a server's standard error why it did not start or a filter did not load.
load_failure() {
    local log="$1" reason
    # The assembler's diagnostic names the cause; the last line only counts the errors.
    reason=$(grep -E ': error: ' "$log" | head -n1)
    [ -n "$reason" ] || reason=$(grep -E -i 'error|cannot|failed|not starting' "$log" | tail -n1)
    [ -n "$reason" ] || reason=$(grep -v '^[[:space:]]*$' "$log" | tail -n1)
    printf '%s' "${reason:0:200}" | tr '\t' ' '
}

# Whether the server's standard error LOG shows a crash (the Swift runtime's backtracer keeps a
# crashed process alive while it writes the backtrace, so the process may not have exited yet).
crashed() {
    grep -qE '^\*\*\* (Program crashed|Signal [0-9]+)|^Fatal error' "$1"
}

# What crashed: the backtracer's summary line, or the runtime's fatal error.
crash_reason() {
    grep -m1 -oE 'Program crashed: [^*]*|^Fatal error: .*' "$1" | sed 's/[[:space:]]*$//' | cut -c1-160
}

# Exit status STATUS of a server process as words ("SIGSEGV", "exit 1").
exit_words() {
    local status="$1"
    if [ "$status" -gt 128 ]; then printf 'SIG%s' "$(kill -l $((status - 128)) 2>/dev/null || echo $((status - 128)))"
    else printf 'exit %s' "$status"
    fi
}

# Stops server PID: TERM, then KILL after 5 seconds.
stop_server() {
    local pid="$1" waited=0
    kill -TERM "$pid" 2>/dev/null || return 0
    while kill -0 "$pid" 2>/dev/null && [ $waited -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    return 0
}

run_unit() {
    local kind="$1" source="$2"
    local unit=${source#"$IDS_SAMPLES"/}
    local id=${unit//[^A-Za-z0-9_-]/_}
    local base="$IDS_OUT/units/$id" so="$IDS_OUT/units/$id.so"
    local compiled=no loaded=no answered=no class="" failure=""

    local -a sources compiler includes=()
    if [ "$kind" = project ]; then
        mapfile -t sources < <(find "$source" -maxdepth 1 \( -name '*.cpp' -o -name '*.c' \) | LC_ALL=C sort)
        compiler=(c++)
        includes=(-I "$source")
    else
        sources=("$source")
        case "$source" in *.c) compiler=(cc) ;; *) compiler=(c++) ;; esac
    fi

    local flags="$IDS_CFLAGS"
    [ "${compiler[0]}" = c++ ] && flags="${IDS_CXXFLAGS:-$IDS_CFLAGS}"
    # shellcheck disable=SC2086 # the flags are a list
    local note=""
    if LC_ALL=C timeout -s KILL "$IDS_COMPILE_SECONDS" "${compiler[@]}" -shared -fPIC $flags "${includes[@]}" \
            "${sources[@]}" -o "$so" > "$base.compile.log" 2>&1; then
        compiled=yes
    elif [ "$kind" = filter ] && [ "${compiler[0]}" = c++ ] &&
         LC_ALL=C timeout -s KILL "$IDS_COMPILE_SECONDS" cc -x c -shared -fPIC $IDS_CFLAGS "${sources[@]}" -o "$so" \
            > "$base.compile-c.log" 2>&1; then
        # ISAPI filters are a C interface: a filter that fails as C++ is tried as C, unchanged.
        compiled=yes
        local classified
        classified=$(classify_compile_error "$source" "$base.compile.log")
        note="compiled as C; as C++: ${classified#*$'\t'}"
    else
        local classified
        if [ "$(wc -c < "$base.compile.log")" -eq 0 ]; then
            classified=$(printf 'other\tother: compiler killed after %ss' "$IDS_COMPILE_SECONDS")
        else
            classified=$(classify_compile_error "$source" "$base.compile.log")
        fi
        class=${classified%%$'\t'*}
        failure=${classified#*$'\t'}
    fi

    if [ $compiled = yes ] && [ "$kind" = extension ]; then
        class="extension"
        failure="extension: not hosted yet"
    elif [ $compiled = yes ]; then
        local -a load
        if [ "$kind" = filter ]; then load=(--filter "$so"); else load=(--native-module "Sample=$so"); fi
        : > "$base.serve.out"
        "$IDS_BIN" serve "${load[@]}" --workers 0 --port 0 --root "$IDS_OUT/site" --no-request-log --threads 1 \
            > "$base.serve.out" 2> "$base.serve.err" < /dev/null &
        local pid=$! url="" waited=0
        while [ $waited -lt $((IDS_START_SECONDS * 10)) ]; do
            url=$(grep -o -m1 'listening on http://[^ ]*' "$base.serve.out" | sed 's/^listening on //')
            [ -n "$url" ] && break
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
            waited=$((waited + 1))
        done
        if [ -z "$url" ]; then
            if kill -0 "$pid" 2>/dev/null; then
                failure="load: not listening after ${IDS_START_SECONDS}s"
                stop_server "$pid"
            else
                wait "$pid"
                local status=$?
                failure="load: $(load_failure "$base.serve.err")"
                [ "$status" -gt 128 ] && failure="crash: at load ($(exit_words "$status")) $(load_failure "$base.serve.err")"
            fi
            class=${failure%%:*}
        else
            url=${url%/}
            loaded=yes
            local request code
            for request in "GET /" "POST /" "HEAD /"; do
                case "$request" in
                    GET*) code=$(curl -s -o /dev/null -w '%{http_code}' --max-time "$IDS_REQUEST_SECONDS" "$url/") ;;
                    POST*) code=$(curl -s -o /dev/null -w '%{http_code}' --max-time "$IDS_REQUEST_SECONDS" \
                                  -H 'Content-Type: application/x-www-form-urlencoded' --data 'name=value&text=hello+world' "$url/") ;;
                    HEAD*) code=$(curl -s -o /dev/null -w '%{http_code}' --max-time "$IDS_REQUEST_SECONDS" -I "$url/") ;;
                esac
                if [ "$kind" = filter ] && [ "$request" = "GET /" ] && [ "$code" = 503 ]; then
                    loaded=no
                    failure="load: filter refused (503): $(load_failure "$base.serve.err")"
                    class=load
                    break
                fi
                if [ "$code" = 000 ] || [ -z "$code" ]; then
                    if crashed "$base.serve.err"; then
                        failure="crash: $request ($(crash_reason "$base.serve.err"))"
                        class=crash
                    elif kill -0 "$pid" 2>/dev/null; then
                        failure="no answer: $request (no response within ${IDS_REQUEST_SECONDS}s)"
                        class="no answer"
                    else
                        wait "$pid"
                        failure="crash: $request ($(exit_words $?))"
                        class=crash
                    fi
                    break
                fi
            done
            if [ -z "$class" ]; then
                sleep 0.2
                if crashed "$base.serve.err"; then
                    failure="crash: after the requests ($(crash_reason "$base.serve.err"))"
                    class=crash
                elif kill -0 "$pid" 2>/dev/null; then
                    answered=yes
                else
                    wait "$pid"
                    failure="crash: after the requests ($(exit_words $?))"
                    class=crash
                fi
            fi
            stop_server "$pid"
        fi
    fi
    [ -z "$note" ] || failure="${failure:-passed}${failure:+;} ($note)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$unit" "$kind" "$compiled" "$loaded" "$answered" "${class:--}" \
        "$(printf '%s' "${failure:--}" | tr '\t\n' '  ' | cut -c1-220)" > "$base.tsv"
}
