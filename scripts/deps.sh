#!/bin/sh
# Install what a fresh Debian 12 machine lacks (as root), or print the
# command to do it; then prove the toolchains: one static program is
# compiled and linked per architecture, as the kselftests are.
#
# Every package the README's commands use is listed, including those a
# Debian installation usually has (gcc's C library headers come only as a
# "Recommends", which --no-install-recommends leaves out).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

# "scripts/deps.sh distro", for make distro-check only: the 32-bit ARM
# cross compiler and Debian's own kernel configurations of each
# architecture (linux-config-6.1, through apt's multiarch), unpacked to
# build/debian-configs/.  i386 builds with the native gcc (-m32).
if [ "${1:-}" = distro ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps: run as root: scripts/deps.sh distro" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	for a in arm64 i386 armhf; do
		dpkg --print-foreign-architectures | grep -qx $a || dpkg --add-architecture $a
	done
	apt-get update -q >/dev/null
	dpkg-query -W -f '${Status}' gcc-arm-linux-gnueabihf 2>/dev/null | grep -q "ok installed" ||
		apt-get install -y -q --no-install-recommends gcc-arm-linux-gnueabihf >/dev/null
	d=$top/build/debian-configs
	mkdir -p "$d"
	for a in amd64 i386 arm64 armhf; do
		ls "$d"/config."$a"_none_*.xz >/dev/null 2>&1 && continue
		(cd "$d" && rm -f ./*.deb &&
			apt-get download -q -o APT::Sandbox::User=root linux-config-6.1:$a >/dev/null &&
			dpkg-deb --fsys-tarfile ./*.deb | tar -x --wildcards --strip-components=4 \
				"./usr/src/linux-config-6.1/config.${a}_*" && rm -f ./*.deb)
	done
	echo "deps: distro: gcc-arm-linux-gnueabihf; Debian configurations in build/debian-configs/: $(cd "$d" && ls | tr '\n' ' ')"
	exit 0
fi
pkgs="linux-source-6.1 qemu-system-x86 qemu-system-arm
gcc libc6-dev gcc-aarch64-linux-gnu libc6-dev-arm64-cross linux-libc-dev-arm64-cross
make git perl python3 flex bison bc libelf-dev libssl-dev cpio gzip
xz-utils busybox-static ccache kmod rsync dwarves sparse"
missing=
for p in $pkgs; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
arm64=yes
dpkg --print-foreign-architectures | grep -qx arm64 || arm64=
bb=$(ls "$top"/build/busybox-static_*_arm64.deb 2>/dev/null | head -1 || true)

# probe CC PACKAGE: compile and link a static C program that includes
# what the selftests include; name the package that provides it if not.
probe() {
	d=$(mktemp -d)
	cat > "$d/t.c" <<-'EOF'
	#include <stdio.h>
	#include <stdint.h>
	#include <inttypes.h>
	#include <sys/ioctl.h>
	#include <linux/types.h>
	int main(void) { printf("%" PRIu64 "\n", (uint64_t)sizeof(__u64)); return 0; }
	EOF
	if ! out=$($1 -static -O2 -o "$d/t" "$d/t.c" 2>&1); then
		echo "deps: '$1 -static' cannot build a C program; install: $2" >&2
		echo "$out" | head -5 | sed 's/^/deps:   /' >&2
		rm -rf "$d"
		return 1
	fi
	rm -rf "$d"
}
check() {
	probe gcc "gcc libc6-dev linux-libc-dev" &&
		probe aarch64-linux-gnu-gcc "gcc-aarch64-linux-gnu libc6-dev-arm64-cross linux-libc-dev-arm64-cross"
}

if [ -z "$missing" ] && [ -n "$arm64" ] && [ -n "$bb" ]; then
	check
	exit
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing${arm64:- (arm64 architecture for busybox-static:arm64)}" >&2
	echo "deps: run as root: dpkg --add-architecture arm64 && apt-get update &&" \
		"apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
[ -n "$arm64" ] || dpkg --add-architecture arm64
apt-get update -q >/dev/null
# shellcheck disable=SC2086
[ -z "$missing" ] || apt-get install -y -q --no-install-recommends $missing >/dev/null
if [ -z "$bb" ]; then
	mkdir -p "$top/build"
	(cd "$top/build" && apt-get download -q -o APT::Sandbox::User=root busybox-static:arm64 >/dev/null)
fi
check
echo "deps: installed:${missing:- nothing}; busybox-static:arm64 in build/; both toolchains link static programs"
