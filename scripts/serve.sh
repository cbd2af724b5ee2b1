#!/usr/bin/env bash
# Builds and runs isapi-bridge on its embedded default site: http://127.0.0.1:8080/
# Extra arguments go to `isapi-bridge serve` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh
exec swift run isapi-bridge serve "$@"
