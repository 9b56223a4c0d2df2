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

# "scripts/deps.sh distro", for make distro-check only: the cross
# compilers (32-bit ARM, ppc64el, s390x; i386 builds with the native gcc
# and -m32), and from Debian's archive, through apt and its multiarch:
# - each architecture's own kernel configurations (linux-config-6.1),
#   unpacked to build/debian-configs/;
# - the Module.symvers of each flavour, from the linux-headers package of
#   the same version as linux-source-6.1, as build/debian-configs/
#   symvers.FLAVOUR (modpost resolves what vmlinux exports against it);
# - Debian's RT patch set (debian/patches-rt/ of the linux source
#   package, which linux-source-6.1 does not carry), unpacked to
#   build/debian-rt/, with the source index of a deb-src entry kept in
#   build/apt-src/ (the machine's own apt sources are not changed).
if [ "${1:-}" = distro ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "deps: run as root: scripts/deps.sh distro" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	archs="amd64 i386 arm64 armhf ppc64el s390x"
	for a in $archs; do
		[ $a = "$(dpkg --print-architecture)" ] && continue
		dpkg --print-foreign-architectures | grep -qx $a || dpkg --add-architecture $a
	done
	apt-get update -q >/dev/null
	for p in gcc-arm-linux-gnueabihf gcc-powerpc64le-linux-gnu gcc-s390x-linux-gnu; do
		dpkg-query -W -f '${Status}' $p 2>/dev/null | grep -q "ok installed" ||
			apt-get install -y -q --no-install-recommends $p >/dev/null
	done
	d=$top/build/debian-configs
	mkdir -p "$d"
	for a in $archs; do
		ls "$d"/config."$a"_none_*.xz >/dev/null 2>&1 && continue
		(cd "$d" && rm -f ./*.deb &&
			apt-get download -q -o APT::Sandbox::User=root linux-config-6.1:$a >/dev/null &&
			dpkg-deb --fsys-tarfile ./*.deb | tar -x --wildcards --strip-components=4 \
				"./usr/src/linux-config-6.1/config.${a}_*" && rm -f ./*.deb)
	done
	ver=$(dpkg-query -W -f '${Version}' linux-source-6.1)
	for c in "$d"/config.*.xz; do
		c=${c##*/config.} c=${c%.xz}
		a=${c%%_*} flavour=${c#*_} flavour=${flavour#none_}
		flavour=$(echo "$flavour" | tr _ -)
		[ -f "$d/symvers.$a.$flavour" ] && continue
		# the headers package of linux-source-6.1's version
		pkg=
		for n in $(apt-cache search --names-only "^linux-headers-6.1.0-[0-9]+-$flavour\$" |
			   cut -d' ' -f1 | sort -rV); do
			apt-cache show "$n:$a" 2>/dev/null | grep -qx "Version: $ver" && { pkg=$n; break; }
		done
		if [ -z "$pkg" ]; then
			# distro-check says it cannot run modpost there
			echo "deps: no linux-headers-*-$flavour:$a of version $ver: no symvers.$a.$flavour" >&2
			continue
		fi
		(cd "$d" && rm -f ./*.deb &&
			apt-get download -q -o APT::Sandbox::User=root "$pkg:$a" >/dev/null &&
			dpkg-deb --fsys-tarfile ./*.deb |
				tar -xO "./usr/src/$pkg/Module.symvers" > "symvers.$a.$flavour" &&
			rm -f ./*.deb)
	done
	if [ ! -f "$top/build/debian-rt/series" ]; then
		s=$top/build/apt-src
		mkdir -p "$s/lists/partial" "$top/build/debian-rt"
		printf '%s\n' "Types: deb-src" "URIs: http://deb.debian.org/debian" \
			"Suites: bookworm" "Components: main" \
			"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" > "$s/src.sources"
		set -- -o Dir::Etc::sourcelist="$s/src.sources" -o Dir::Etc::sourceparts=- \
			-o Dir::State::Lists="$s/lists" -o APT::Sandbox::User=root
		apt-get "$@" update -q >/dev/null
		# the URI and SHA256 come from the signed source index
		uri=$(apt-get "$@" source --print-uris linux | grep "\.debian\.tar\.xz'" | head -1)
		url=$(echo "$uri" | cut -d"'" -f2) file=$(echo "$uri" | cut -d' ' -f2)
		sum=$(echo "$uri" | sed -n 's/.*SHA256://p')
		(cd "$s" && /usr/lib/apt/apt-helper -o APT::Sandbox::User=root -q download-file "$url" "$file" "SHA256:$sum" >/dev/null &&
			tar -xJf "$file" debian/patches-rt &&
			mv debian/patches-rt/* "$top/build/debian-rt/" && rm -rf debian "$file" &&
			echo "${file%.debian.tar.xz}" > "$top/build/debian-rt/version")
	fi
	echo "deps: distro: cross compilers for armhf, ppc64el, s390x; Debian configurations and Module.symvers in build/debian-configs/; RT patch set of $(cat "$top/build/debian-rt/version") in build/debian-rt/"
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
