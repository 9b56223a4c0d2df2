#!/bin/sh
# Build the test initramfs: scripts/build-initramfs.sh x86_64|arm64
# busybox from Debian's busybox-static (the arm64 one unpacked from its
# .deb), the series' kselftests (static), platforms/init and the modules
# of build/modules-ARCH/ in /lib/modules/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
arch=$1
src=${TREE:-$top/build/linux}
out=$top/build/initramfs-$arch
targets=$(sed -n 's/^KSELFTEST_TARGETS=//p' "$top/series.conf" | tr -d '"')

case $arch in
x86_64) cross=; busybox=/bin/busybox ;;
arm64)
	cross=aarch64-linux-gnu-
	busybox=$top/build/busybox-arm64/bin/busybox
	if [ ! -x "$busybox" ]; then
		deb=$(ls "$top"/build/busybox-static_*_arm64.deb 2>/dev/null | head -1 || true)
		if [ -z "$deb" ]; then
			(cd "$top/build" && apt-get download -q -o APT::Sandbox::User=root busybox-static:arm64) || {
				echo "initramfs: cannot download busybox-static:arm64; run: make deps" >&2
				exit 1
			}
			deb=$(ls "$top"/build/busybox-static_*_arm64.deb | head -1)
		fi
		rm -rf "$top/build/busybox-arm64"
		dpkg -x "$deb" "$top/build/busybox-arm64"
	fi ;;
*) echo "initramfs: unknown arch $arch" >&2; exit 1 ;;
esac

rm -rf "$out" "$top/build/kselftest-$arch"
mkdir -p "$out/bin" "$out/proc" "$out/sys" "$out/dev" "$out/tmp"
cp "$busybox" "$out/bin/busybox"
cp "$top/platforms/init" "$out/init"
# Modules of the kernel just built (KASAN=1: of the KASAN kernel)
suffix=
[ "${KASAN:-0}" = 0 ] || suffix=-kasan
mkdir -p "$out/lib/modules"
for ko in "$top/build/modules-$arch$suffix"/*.ko; do
	if [ -f "$ko" ]; then cp "$ko" "$out/lib/modules/"; fi
done
cp "$top/platforms/show" "$out/show"
chmod 755 "$out/show"
chmod 755 "$out/init"

# The series' uAPI headers, not the build machine's: the kselftests use
# what the series adds
hdr=$top/build/headers-$arch
rm -rf "$hdr"
make -s -C "$src" O="$top/build/obj-headers-$arch" ARCH="$arch" CROSS_COMPILE="$cross" \
	INSTALL_HDR_PATH="$hdr" headers_install >/dev/null
make -s -C "$src/tools/testing/selftests" TARGETS="$targets" \
	O="$top/build/kselftest-$arch" CC="${cross}gcc" \
	ARCH="$arch" CROSS_COMPILE="$cross" LDFLAGS=-static \
	KHDR_INCLUDES="-isystem $hdr/include" \
	INSTALL_PATH="$out/kselftest" install >"$top/build/kselftest-$arch.log" 2>&1 || {
	echo "initramfs: kselftests failed to build, see build/kselftest-$arch.log" >&2
	cat "$top/build/kselftest-$arch.log" >&2
	exit 1
}
(cd "$out" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -9n) \
	> "$top/build/initramfs-$arch.cpio.gz"
echo "initramfs: $arch: $(du -k "$top/build/initramfs-$arch.cpio.gz" | cut -f1) KiB"
