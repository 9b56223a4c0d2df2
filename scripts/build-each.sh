#!/bin/sh
# Every patch builds: replay base..HEAD of build/linux with "git rebase
# --exec" and build drivers/iommu/, drivers/vfio/ and drivers/pci/ at each
# commit, with the configuration regenerated at each commit, for:
# - x86_64 and arm64: the test kernels' configuration (needs their object
#   directories: "make build" first);
# - i386 and 32-bit ARM: allnoconfig + configs/each-i386.config (VT-d,
#   VFIO, the suites that build on 32-bit, no PAE) and
#   configs/each-arm.config (ipmmu-vmsa with ARM_DMA_USE_IOMMU), objects
#   in build/obj-each-ARCH.
# ARCHS="..." picks some.  Fails on any error or warning.  The commits are
# unchanged afterwards.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
# setup ARCH: $obj, $frag, $cross, $cc
setup() {
	arch=$1
	case $arch in
	x86_64|arm64) obj=$top/build/obj-$arch frag=$obj/fragments.config ;;
	i386|arm) obj=$top/build/obj-each-$arch frag=$top/configs/each-$arch.config ;;
	*) echo "build-each: unknown architecture $arch" >&2; exit 1 ;;
	esac
	case $arch in
	arm64) cross=aarch64-linux-gnu- ;;
	arm) cross=arm-linux-gnueabihf- ;;
	*) cross= ;;
	esac
	cc=${cross}gcc
	command -v ccache >/dev/null 2>&1 && cc="ccache $cc"
	mkdir -p "$obj"
}
m() {
	make -s -C "$tree" O="$obj" ARCH="$arch" CROSS_COMPILE="$cross" CC="$cc" "$@"
}
if [ "${1:-}" = --one ]; then
	setup "$2"
	rc=0
	# The configuration as this commit's Kconfig makes it: options that
	# an earlier commit lacked would otherwise stay off for good
	m KCONFIG_ALLCONFIG="$frag" allnoconfig >/dev/null 2>&1
	out=$(m -j"$(nproc)" drivers/iommu/ drivers/vfio/ drivers/pci/ 2>&1) || rc=$?
	echo "build-each: $arch: $(git -C "$tree" log --format='%h %s' -1)"
	echo "$out" | grep -E "warning:|error:" || true
	[ $rc = 0 ] && ! echo "$out" | grep -q -E "warning:|error:"
	exit
fi
archs=${ARCHS:-x86_64 arm64 i386 arm}
# At HEAD every option of the 32-bit fragments must stay set: a fragment
# that Kconfig overrides would build less than it says
for arch in $archs; do
	case $arch in i386|arm) ;; *) continue ;; esac
	setup "$arch"
	m KCONFIG_ALLCONFIG="$frag" allnoconfig >/dev/null 2>&1
	sed -n 's/^\(CONFIG_[A-Z0-9_]*=[ym]\)$/\1/p' "$frag" | while read -r o; do
		grep -q "^$o\$" "$obj/.config" ||
			{ echo "build-each: $arch: $o did not stay set" >&2; exit 1; }
	done
done
cd "$tree"
head=$(git rev-parse HEAD)
for arch in $archs; do
	git rebase -q base --exec "$top/scripts/build-each.sh --one $arch" || {
		echo "build-each: $arch: a patch does not build; 'git rebase --abort' in build/linux" >&2
		exit 1
	}
done
[ "$(git rev-parse HEAD)" = "$head" ] || echo "build-each: WARNING: HEAD changed" >&2
echo "build-each: every patch builds drivers/iommu/, drivers/vfio/ and drivers/pci/ on $archs"
