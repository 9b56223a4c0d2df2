#!/bin/sh
# Every patch builds: replay base..HEAD of build/linux with "git rebase
# --exec" and build drivers/iommu/, drivers/vfio/ and drivers/pci/ at each
# commit for x86_64 and arm64 (needs their object directories: "make build" first),
# with the test configuration regenerated at each commit.  Fails on any
# error or warning.  The commits are unchanged afterwards.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
if [ "${1:-}" = --one ]; then
	arch=$2
	case $arch in x86_64) cross= ;; arm64) cross=aarch64-linux-gnu- ;; esac
	cc=${cross}gcc
	command -v ccache >/dev/null 2>&1 && cc="ccache $cc"
	rc=0
	# The test configuration as this commit's Kconfig makes it: options
	# that an earlier commit lacked would otherwise stay off for good
	make -s -C "$tree" O="$top/build/obj-$arch" ARCH=$arch CROSS_COMPILE=$cross \
		CC="$cc" KCONFIG_ALLCONFIG="$top/build/obj-$arch/fragments.config" \
		allnoconfig >/dev/null 2>&1
	out=$(make -s -C "$tree" O="$top/build/obj-$arch" ARCH=$arch \
		CROSS_COMPILE=$cross CC="$cc" -j"$(nproc)" drivers/iommu/ drivers/vfio/ drivers/pci/ 2>&1) || rc=$?
	echo "build-each: $arch: $(git -C "$tree" log --format='%h %s' -1)"
	echo "$out" | grep -E "warning:|error:" || true
	[ $rc = 0 ] && ! echo "$out" | grep -q -E "warning:|error:"
	exit
fi
cd "$tree"
head=$(git rev-parse HEAD)
for arch in x86_64 arm64; do
	git rebase -q base --exec "$top/scripts/build-each.sh --one $arch" || {
		echo "build-each: $arch: a patch does not build; 'git rebase --abort' in build/linux" >&2
		exit 1
	}
done
[ "$(git rev-parse HEAD)" = "$head" ] || echo "build-each: WARNING: HEAD changed" >&2
echo "build-each: every patch builds drivers/iommu/, drivers/vfio/ and drivers/pci/ on x86_64 and arm64"
