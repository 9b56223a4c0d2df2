#!/bin/sh
# Install what a fresh Debian 12 machine lacks (as root), or print the
# command to do it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
pkgs="linux-source-6.1 qemu-system-x86 qemu-system-arm gcc-aarch64-linux-gnu
gcc make git perl python3 flex bison bc libelf-dev libssl-dev cpio gzip
xz-utils busybox-static ccache kmod rsync dwarves"
missing=
for p in $pkgs; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
arm64=yes
dpkg --print-foreign-architectures | grep -qx arm64 || arm64=
bb=$(ls "$top"/build/busybox-static_*_arm64.deb 2>/dev/null | head -1 || true)

if [ -z "$missing" ] && [ -n "$arm64" ] && [ -n "$bb" ]; then
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing${arm64:- (arm64 architecture for busybox-static:arm64)}" >&2
	echo "deps: run as root: dpkg --add-architecture arm64 && apt-get update &&" \
		"apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
[ -n "$arm64" ] || dpkg --add-architecture arm64
apt-get update -q >/dev/null
[ -z "$missing" ] || apt-get install -y -q --no-install-recommends $missing >/dev/null
if [ -z "$bb" ]; then
	mkdir -p "$top/build"
	(cd "$top/build" && apt-get download -q -o APT::Sandbox::User=root busybox-static:arm64 >/dev/null)
fi
echo "deps: installed:${missing:- nothing}; busybox-static:arm64 in build/"
