#!/bin/sh
# Reruns the mod_rewrite differential comparison against a real Apache httpd (not part of CI).
# Needs Debian's apache2 (`apt-get install apache2`); runs its own instance on a free loopback
# port, regenerates the observed table and runs the engine against it.
set -eu
cd "$(dirname "$0")/.."
[ -x /usr/sbin/apache2 ] || { echo "apache2 is not installed (apt-get install apache2)" >&2; exit 2; }
python3 scripts/apache-differential.py scripts/apache-cases.txt \
    --swift Tests/RewriteTests/ModRewriteApacheObserved.swift > "${TMPDIR:-/tmp}/apache-differential.txt"
echo "Apache outcomes: ${TMPDIR:-/tmp}/apache-differential.txt"
swift test --filter ModRewriteApacheVerifiedTests
git diff --stat -- Tests/RewriteTests/ModRewriteApacheObserved.swift
