#!/bin/sh
# The unpatched base kernel for the benchmarks' 6.1 side: the base commit
# of build/linux in a worktree of its own (build/bench-base), with the
# benchmark sources of bench/ built in, configured like the test kernels
# (options that only the series has are left out by Kconfig).
#   scripts/bench-base.sh ARCH...   -> build/kernel-ARCH-base
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
	TREE=$wt BASE=1 "$top/scripts/build-kernel.sh" "$arch"
done
