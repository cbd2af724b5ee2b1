#!/usr/bin/env bash
# Installs isapi-bridge like a server: scripts/install.sh [PREFIX]   (PREFIX defaults to /usr/local)
#
#   PREFIX/bin/isapi-bridge                     release build, Swift runtime linked statically
#   PREFIX/lib/isapi-bridge/lib*.so              the example filters, extensions and modules (cc/c++, or $CC/$CXX)
#   PREFIX/include/isapi-bridge/*.h              windows.h, httpfilt.h, httpext.h, httpserv.h and the rest
#   PREFIX/lib/pkgconfig/isapi-bridge.pc         cc $(pkg-config --cflags isapi-bridge) ...
#   PREFIX/lib/systemd/system/isapi-bridge.service
#   PREFIX/share/isapi-bridge/site/              the example site root
#   SYSCONFDIR/isapi-bridge/applicationHost.config (+ rewrite/IIRF.ini): the default configuration,
#                                                only written when absent, never overwritten
#
# SYSCONFDIR is /etc for PREFIX=/usr, else PREFIX/etc; request logs go to /var/log/isapi-bridge
# (PREFIX/var/log/isapi-bridge outside /usr and /usr/local). The configuration names everything by
# paths relative to itself, so the installed tree also works when unpacked elsewhere (dpkg -x).
#
# DESTDIR=/staging stages the tree for packaging (scripts/build-deb.sh). ISAPI_BRIDGE_SKIP_BUILD=1
# installs an existing release build.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${1:-/usr/local}"
prefix="${prefix%/}"
[[ "$prefix" == /* ]] || { echo "install.sh: PREFIX must be an absolute path (got '$prefix')" >&2; exit 2; }
destdir="${DESTDIR:-}"
destdir="${destdir%/}"
case "$prefix" in
    /usr) sysconfdir=/etc; localstatedir=/var ;;
    /usr/local) sysconfdir="$prefix/etc"; localstatedir=/var ;;
    *) sysconfdir="$prefix/etc"; localstatedir="$prefix/var" ;;
esac
logdir="$localstatedir/log/isapi-bridge"

if [[ "${ISAPI_BRIDGE_SKIP_BUILD:-}" != 1 ]]; then
    source scripts/system-packages.sh
    swift build -c release --static-swift-stdlib
fi
bin="$(swift build -c release --show-bin-path)"
[[ -x "$bin/isapi-bridge" ]] || { echo "install.sh: no release build at $bin/isapi-bridge" >&2; exit 1; }

root="$destdir$prefix"
install -d "$root/bin" "$root/lib/isapi-bridge" "$root/include/isapi-bridge" "$root/lib/pkgconfig" \
    "$root/lib/systemd/system" "$root/share/isapi-bridge/site" "$destdir$sysconfdir/isapi-bridge"
install -m 755 "$bin/isapi-bridge" "$root/bin/isapi-bridge"
# One include directory: the filter headers (windows.h first for both kinds) and the module headers.
install -m 644 Sources/ISAPIHeaders/include/*.h Sources/ModuleHeaders/include/*.h "$root/include/isapi-bridge/"
# The examples, compiled as a porter would against the installed headers: SwiftPM's .so products
# would link the Swift runtime, which a C filter or C++ module does not need.
flags=(-O2 -shared -fPIC "-I$root/include/isapi-bridge" -DISAPI_BRIDGE=1)
for directory in Examples/filters/*/; do
    name="$(basename "$directory")"
    "${CC:-cc}" "${flags[@]}" "$directory"*.c -o "$root/lib/isapi-bridge/lib${name}Filter.so"
done
for directory in Examples/extensions/*/; do
    name="$(basename "$directory")"
    "${CC:-cc}" "${flags[@]}" "$directory"*.c -o "$root/lib/isapi-bridge/lib${name}Extension.so"
done
for directory in Examples/modules/*/; do
    name="$(basename "$directory")"
    "${CXX:-c++}" -std=c++17 "${flags[@]}" "$directory"*.cpp -o "$root/lib/isapi-bridge/lib${name}Module.so"
done
chmod 644 "$root"/lib/isapi-bridge/*.so
install -m 644 Examples/site/* "$root/share/isapi-bridge/site/"

version="$("$bin/isapi-bridge" --version)"
# ${pcfiledir}/../.. is PREFIX wherever the tree is (pkg-config sets pcfiledir to this file's directory).
cat > "$root/lib/pkgconfig/isapi-bridge.pc" <<EOF
prefix=\${pcfiledir}/../..
includedir=\${prefix}/include/isapi-bridge

Name: isapi-bridge
Description: Headers for IIS ISAPI filters (windows.h, httpfilt.h) and IIS native modules (httpserv.h) hosted by isapi-bridge
Version: $version
Cflags: -I\${includedir} -DISAPI_BRIDGE=1
EOF

cat > "$root/lib/systemd/system/isapi-bridge.service" <<EOF
[Unit]
Description=isapi-bridge: IIS ISAPI filters and native modules on Linux
After=network.target

[Service]
ExecStart=$prefix/bin/isapi-bridge serve --config $sysconfdir/isapi-bridge/applicationHost.config
ExecReload=/bin/kill -HUP \$MAINPID
DynamicUser=yes
LogsDirectory=isapi-bridge
Restart=on-failure

[Install]
WantedBy=multi-user.target
EOF

# The default configuration: Examples/applicationHost.config with its paths made relative to where
# it is installed. An existing configuration is the administrator's: left alone.
config_dir="$destdir$sysconfdir/isapi-bridge"
relative() { realpath -m --relative-to="$sysconfdir/isapi-bridge" "$1"; }
if [[ -e "$config_dir/applicationHost.config" ]]; then
    echo "install.sh: kept the existing $sysconfdir/isapi-bridge/applicationHost.config"
else
    sed -e "s|%ISAPI_BRIDGE_BIN%/|%ISAPI_BRIDGE_BIN%/../lib/isapi-bridge/|g" \
        -e "s|physicalPath=\"site\"|physicalPath=\"$(relative "$prefix/share/isapi-bridge/site")\"|g" \
        -e "s|<logFile directory=\"../logs\" />|<logFile directory=\"$(relative "$logdir")\" />|" \
        -e "s|where \`swift build\` puts the example .so files|whose ../lib/isapi-bridge holds the example .so files|" \
        Examples/applicationHost.config > "$config_dir/applicationHost.config"
    chmod 644 "$config_dir/applicationHost.config"
fi
if [[ ! -e "$config_dir/rewrite/IIRF.ini" ]]; then
    install -D -m 644 Examples/rewrite/IIRF.ini "$config_dir/rewrite/IIRF.ini"
fi

echo "install.sh: installed isapi-bridge $version into ${destdir:+$destdir (staged) }$prefix"
