#!/usr/bin/env bash
# Installs what the build needs (only when missing) and runs the whole test suite.
# Extra arguments go to `swift test` as they are (then the run is exactly what they ask for).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh
if [ "$#" -gt 0 ]; then
    exec swift test "$@"
fi
# Tests that measure the process's resident memory run in a test process of their own: in the main
# run, other suites allocating at the same time would be counted as the server's.
memory='StreamedFileTests/clientThatDoesNotRead|RawDataStreamTests/clientThatDoesNotRead'
swift test --skip "$memory"
exec swift test --skip-build --filter "$memory"
