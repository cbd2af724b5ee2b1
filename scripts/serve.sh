#!/usr/bin/env bash
# Builds isapi-bridge and the example filters and modules (SwiftPM dynamic library products), then
# serves the embedded default, Examples/applicationHost.config: http://127.0.0.1:8080/ and
# http://rewrite.localhost:8080/. Extra arguments go to `isapi-bridge serve` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh
# `swift run` alone builds only the executable; `swift build` builds the example .so files too.
swift build
exec swift run --skip-build isapi-bridge serve "$@"
