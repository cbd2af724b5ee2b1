#!/usr/bin/env bash
# Builds the Debian package from the tree scripts/install.sh installs (PREFIX=/usr, staged with
# DESTDIR): scripts/build-deb.sh [OUTPUT_DIR]   (default .build/deb). Prints the .deb's path last.
#
# Depends: is the Debian packages that provide the libraries the binary and the example .so files
# link (found with ldd and dpkg -S); a library no package provides (a Swift toolchain's, say) stops
# the build, so the package installs on a Debian without a Swift toolchain.
# ISAPI_BRIDGE_SKIP_BUILD=1 packages an existing release build.
set -euo pipefail
cd "$(dirname "$0")/.."
output="${1:-.build/deb}"
mkdir -p "$output"
output="$(cd "$output" && pwd)"

stage="$(mktemp -d "${TMPDIR:-/tmp}/isapi-bridge-deb.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
root="$stage/root"
DESTDIR="$root" scripts/install.sh /usr >&2   # stdout carries only the .deb path
strip --strip-unneeded "$root/usr/bin/isapi-bridge"

version="$("$root/usr/bin/isapi-bridge" --version)"
architecture="$(dpkg --print-architecture)"

packages=()
for object in "$root/usr/bin/isapi-bridge" "$root"/usr/lib/isapi-bridge/*.so; do
    while read -r library; do
        owner="$(dpkg -S "$library" 2>/dev/null | head -n1 | cut -d: -f1)" \
            || owner=""
        if [[ -z "$owner" ]]; then
            # /lib is a symlink to /usr/lib on current Debian; dpkg knows one of the two spellings.
            other="$library"
            case "$library" in /usr/lib/*) other="${library#/usr}" ;; /lib/*) other="/usr$library" ;; esac
            owner="$(dpkg -S "$other" 2>/dev/null | head -n1 | cut -d: -f1)" || owner=""
        fi
        if [[ -z "$owner" ]]; then
            echo "build-deb.sh: ${object#"$root"} links $library, which no Debian package provides" >&2
            exit 1
        fi
        packages+=("$owner")
    done < <(ldd "$object" | awk '/=> \// { print $3 }')
done
# The openssl command writes the example https site's self-signed certificate (docs/https.md).
packages+=(openssl)
depends="$(printf '%s\n' "${packages[@]}" | sort -u | paste -sd, | sed 's/,/, /g')"

install -d "$root/DEBIAN" "$root/var/log/isapi-bridge"
cat > "$root/DEBIAN/control" <<EOF
Package: isapi-bridge
Version: $version
Architecture: $architecture
Maintainer: isapi-bridge <isapi-bridge@localhost>
Depends: $depends
Section: httpd
Priority: optional
Installed-Size: $(du -sk "$root/usr" | cut -f1)
Description: IIS ISAPI filters and IIS native modules on Linux
 An HTTP server that loads IIS ISAPI filters (C, httpfilt.h) and IIS 7+ native
 modules (C++, httpserv.h) recompiled for Linux and runs them in one request
 pipeline. Includes the compatibility headers (pkg-config: isapi-bridge), the
 example filters and modules, a systemd unit and a default configuration in
 /etc/isapi-bridge.
EOF
# The configuration is the administrator's: dpkg keeps local changes on upgrade.
find "$root/etc" -type f | sed "s|^$root||" | sort > "$root/DEBIAN/conffiles"

deb="$output/isapi-bridge_${version}_${architecture}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
