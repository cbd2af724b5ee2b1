#!/usr/bin/env bash
# Installs the Debian packages the build needs, only those that are missing.
# Sourced by serve.sh and test.sh; add a package here when a target starts to need one.
set -euo pipefail

needed=(libpcre2-dev    # PCRE2 for the rewrite filter (CPCRE2)
        openssl)        # the command: self-signed certificates of the example https site, TLS tests
missing=()
for package in "${needed[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing missing system packages: ${missing[*]}" >&2
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
