#!/usr/bin/env bash
# Installs what the build needs (only when missing) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh
exec swift test "$@"
