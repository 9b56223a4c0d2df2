#!/bin/sh
# The unpatched base kernel for the benchmarks' 6.1 side: the base commit
# of build/linux in a worktree of its own (build/bench-base), with the
# benchmark sources of bench/ built in, configured like the test kernels
# (options that only the series has are left out by Kconfig).
#   scripts/bench-base.sh ARCH...   -> build/kernel-base-ARCH
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
wt=$top/build/bench-base
base=$(git -C "$tree" rev-parse base)
if [ "$(git -C "$wt" rev-parse HEAD 2>/dev/null || true)" != "$base" ]; then
	git -C "$tree" worktree remove --force "$wt" >/dev/null 2>&1 || rm -rf "$wt"
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$wt" base
fi
# Start from the base itself, then add the benchmarks
git -C "$wt" checkout -q -f base
git -C "$wt" clean -fdq
for f in "$top"/bench/*.c; do
	cp "$f" "$wt/drivers/iommu/"
	echo "obj-y += $(basename "${f%.c}").o" >> "$wt/drivers/iommu/Makefile"
done

for arch in "$@"; do
	case $arch in
	x86_64) cross= ; image=arch/x86/boot/bzImage ;;
	arm64) cross=aarch64-linux-gnu- ; image=arch/arm64/boot/Image ;;
	*) echo "bench-base: unknown arch $arch" >&2; exit 1 ;;
	esac
	cc=${cross}gcc
	command -v ccache >/dev/null 2>&1 && cc="ccache $cc"
	export CCACHE_BASEDIR="$top/build"
	obj=$top/build/obj-bench-base-$arch
	mkdir -p "$obj"
	cat "$top/configs/common.config" "$top/configs/$arch.config" \
		"$top/configs/debug.config" > "$obj/fragments.config"
	start=$(date +%s)
	make -s -C "$wt" O="$obj" ARCH=$arch CROSS_COMPILE=$cross CC="$cc" \
		KCONFIG_ALLCONFIG="$obj/fragments.config" allnoconfig >/dev/null
	make -s -C "$wt" O="$obj" ARCH=$arch CROSS_COMPILE=$cross CC="$cc" \
		-j"$(nproc)" "$(basename "$image")" >"$obj/build.log" 2>&1 ||
		{ tail -20 "$obj/build.log" >&2; exit 1; }
	cp "$obj/$image" "$top/build/kernel-base-$arch"
	echo "bench-base: $arch built in $(( $(date +%s) - start ))s"
done
