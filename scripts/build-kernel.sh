#!/bin/sh
# Build a test kernel out of tree: scripts/build-kernel.sh x86_64|arm64
# Config: allnoconfig plus configs/{common,ARCH,debug}.config (and
# kasan.config with KASAN=1); every requested option is checked to have
# its requested value, so a dropped option (unmet dependency) fails the build
# (not with BASE=1: the unpatched base lacks the series' options).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
arch=$1
src=${TREE:-$top/build/linux}
# KASAN=1 builds a KASAN variant in its own object directory
variant=$arch
[ "${KASAN:-0}" = 0 ] || variant=$arch-kasan
# BASE=1 (scripts/bench-base.sh, with TREE= the base worktree): the
# unpatched base, whose Kconfig lacks the series' options
[ "${BASE:-0}" = 0 ] || variant=$arch-base
# NODEBUG=1 (make bench: mixed domains, replace; with BASE=1 the 6.1 side):
# without configs/debug.config,
# whose lockdep costs each lock more than the code it guards
[ "${NODEBUG:-0}" = 0 ] || variant=$variant-nodebug
# EXTRA="CONFIG_A=y ..." (experiments): options added to the fragments,
# built in an object directory of their own
[ -z "${EXTRA:-}" ] || variant=$variant-extra
obj=$top/build/obj-$variant
mkdir -p "$obj"

case $arch in
x86_64) karch=x86_64; cross=; image=arch/x86/boot/bzImage ;;
arm64) karch=arm64; cross=aarch64-linux-gnu-; image=arch/arm64/boot/Image ;;
*) echo "build-kernel: unknown arch $arch" >&2; exit 1 ;;
esac

cc=${cross}gcc
if command -v ccache >/dev/null 2>&1; then
	cc="ccache $cc"
	# The cache lives outside the checkout (ccache's default directory),
	# and paths under build/ hash relative, so a fresh clone hits it too.
	export CCACHE_BASEDIR="$top/build"
	ccache -M 8G >/dev/null
fi

frags="$top/configs/common.config $top/configs/$arch.config"
[ "${NODEBUG:-0}" != 0 ] || frags="$frags $top/configs/debug.config"
[ "${KASAN:-0}" = 0 ] || frags="$frags $top/configs/kasan.config"
cat $frags > "$obj/fragments.config"
for o in ${EXTRA:-}; do
	echo "$o" >> "$obj/fragments.config"
done
# DEBUG_KERNEL only shows options (KALLSYMS_ALL needs it); it costs nothing
[ "${NODEBUG:-0}" = 0 ] || echo CONFIG_DEBUG_KERNEL=y >> "$obj/fragments.config"

m() { make -s -C "$src" O="$obj" ARCH=$karch CROSS_COMPILE=$cross CC="$cc" "$@"; }
m KCONFIG_ALLCONFIG="$obj/fragments.config" allnoconfig >/dev/null

# Every CONFIG_X=v of the fragments must be in .config; CONFIG_X=n unset.
bad=$(awk -F= '
	FNR == NR { if ($0 ~ /^CONFIG_/) have[$1] = $2; next }
	/^CONFIG_/ {
		want = $2
		if (want == "n") { if (($1 in have) && have[$1] != "n") print $1 "=" have[$1] " (want n)" }
		else if (!($1 in have)) print $1 " unset (want " want ")"
		else if (have[$1] != want) print $1 "=" have[$1] " (want " want ")"
	}' "$obj/.config" "$obj/fragments.config")
if [ -n "$bad" ] && [ "${BASE:-0}" = 0 ]; then
	echo "build-kernel: $arch: config options not as requested:" >&2
	echo "$bad" >&2
	exit 1
fi

start=$(date +%s)
m -j"$(nproc)" "$(basename $image)" 2>&1 | grep -v '^  ' || true
[ -f "$obj/$image" ] || { echo "build-kernel: $arch: no $image" >&2; exit 1; }
# make's status is lost in the pipe: re-run to get it (no-op when built)
m -j"$(nproc)" "$(basename $image)" >/dev/null 2>&1 || { echo "build-kernel: $arch: build failed" >&2; exit 1; }
cp "$obj/$image" "$top/build/kernel-$variant"
# The modules the guests load (the vfio selftest's mtty sample), stripped,
# in build/modules-$variant/ for the initramfs
mods=$top/build/modules-$variant
rm -rf "$mods"
mkdir -p "$mods"
if grep -q '^CONFIG_MODULES=y' "$obj/.config"; then
	m -j"$(nproc)" modules >/dev/null 2>&1 ||
		{ echo "build-kernel: $arch: modules failed" >&2; m modules >&2 || true; exit 1; }
	find "$obj" -name '*.ko' | while read -r ko; do
		"${cross}strip" --strip-debug -o "$mods/$(basename "$ko")" "$ko"
	done
fi
echo "build-kernel: $variant built in $(( $(date +%s) - start ))s, $(du -k "$top/build/kernel-$variant" | cut -f1) KiB"
