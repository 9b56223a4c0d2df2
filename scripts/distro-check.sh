#!/bin/sh
# make distro-check: build what the series touches in the configurations
# its users build, the base and the series alike, and fail on an error, on
# a warning the base does not have, or on a 64-bit division helper that a
# 32-bit kernel does not export (what modpost would refuse).
#
# Configurations: Debian 12's own, from its linux-config-6.1 packages
# (scripts/deps.sh distro downloads them to build/debian-configs/), as
# DEBARCH:FLAVOUR words, by default every amd64, i386, arm64 and armhf
# flavour Debian ships without the RT patch set (which linux-source-6.1
# does not carry), and FLAVOUR+iommu: the same with every IOMMU driver
# and KUnit test the series touches that the architecture builds switched
# on (VT-d on i386, which Debian leaves off, ipmmu-vmsa with
# ARM_DMA_USE_IOMMU on armhf), and FLAVOUR[+iommu]~SYM...: the same with
# each SYM switched off (the configuration fails if olddefconfig turns
# one back on), so that the series' stubs for a kernel without it build:
#   scripts/distro-check.sh [DEBARCH:FLAVOUR...]
# "make distro-check-off" runs the option-off list (off_configs below):
# no IOMMU at all, no PCI_P2PDMA, no VFIO, no IOASID (nothing selecting
# it).  IOMMU_DMA cannot be switched off alone on x86 or arm64 (it is
# def_bool there); armhf+iommu is IOMMU without IOMMU_DMA.
# For each, the base (build/lint-base, the worktree of build/linux at
# "base" that lint.sh keeps) and the series are configured from the same file with olddefconfig (debug
# info and module signing off: they do not change what compiles), and
# drivers/iommu/, drivers/vfio/ and drivers/pci/ are built.  Warnings are
# compared per file without line numbers.  Logs and the table in
# build/logs-distro/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
# the base worktree lint.sh keeps (the same commit, never modified)
base_wt=$top/build/lint-base
cfgdir=$top/build/debian-configs
out=$top/build/logs-distro
dirs="drivers/iommu/ drivers/vfio/ drivers/pci/"
# The option-off configurations (make distro-check-off)
off_configs="amd64:amd64~IOMMU_SUPPORT amd64:amd64+iommu~PCI_P2PDMA
	amd64:amd64+iommu~VFIO arm64:arm64+iommu~ARM_SMMU_V3_SVA~IOASID_KUNIT_TEST~IOMMU_SVA~IOASID"
[ "${1:-}" != off ] || { shift; set -- $off_configs "$@"; }
configs=${*:-amd64:amd64 amd64:cloud-amd64 i386:686 i386:686-pae arm64:arm64 arm64:cloud-arm64 armhf:armmp armhf:armmp-lpae amd64:amd64+iommu i386:686-pae+iommu arm64:arm64+iommu armhf:armmp+iommu}
mkdir -p "$out"

base=$(git -C "$tree" rev-parse base)
if [ "$(git -C "$base_wt" rev-parse HEAD 2>/dev/null || true)" != "$base" ]; then
	git -C "$tree" worktree remove --force "$base_wt" >/dev/null 2>&1 || rm -rf "$base_wt"
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$base_wt" base
fi

# build SIDE DEBARCH FLAVOUR: configure and build the directories; leaves
# $obj/distro.warnings (file: message, sorted) and $obj/distro.div
# (object: division helper); returns make's status
build() {
	side=$1 debarch=$2 flavour=$3
	src=$tree
	[ "$side" = base ] && src=$base_wt
	obj=$top/build/obj-distro-$side-$debarch-$flavour
	mkdir -p "$obj"
	xz -dc "$cfgdir/config.${debarch}_none_${flavour%%[+~]*}.xz" > "$obj/.config"
	# FLAVOUR+iommu: Debian's configuration with every IOMMU driver and
	# test the series touches that the architecture can build switched on
	case $flavour in
	*+iommu|*+iommu~*)
		"$src/scripts/config" --file "$obj/.config" -e IOMMU_SUPPORT \
			-e PCI_P2PDMA -e IOASID -m KUNIT -m IOASID_KUNIT_TEST \
			-m IOMMU_IOVA_KUNIT_TEST -m IOMMU_REPLACE_KUNIT_TEST \
			-m IOMMU_ENTRY_KUNIT_TEST -m IOMMU_ENTRY_CLAIM_KUNIT_TEST \
			-m IOMMU_EDU_TEST -m IOMMU_EDU_KUNIT_TEST \
			-m IOMMU_MIXED_KUNIT_TEST -m VFIO -m VFIO_IOMMU_TYPE1 $extra
		;;
	esac
	"$src/scripts/config" --file "$obj/.config" \
		-d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT -d DEBUG_INFO_DWARF4 \
		-d DEBUG_INFO_DWARF5 -e DEBUG_INFO_NONE -d DEBUG_INFO_BTF \
		-d MODULE_SIG_ALL --set-str MODULE_SIG_KEY "" \
		--set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS ""
	# FLAVOUR~SYM~SYM2: each switched off
	off=$(echo "$flavour" | tr '~' ' ' | cut -s -d' ' -f2-)
	for sym in $off; do
		"$src/scripts/config" --file "$obj/.config" -d "$sym"
	done
	set -- -s -C "$src" O="$obj" ARCH="$karch" CROSS_COMPILE="$cross" CC="$cc"
	make "$@" olddefconfig >/dev/null
	for sym in $off; do
		if grep -q "^CONFIG_$sym=[ym]" "$obj/.config"; then
			echo "distro-check: $debarch:$flavour: CONFIG_$sym is still on (selected)" >&2
			return 1
		fi
	done
	make "$@" -j"$(nproc)" prepare >/dev/null 2>&1 || {
		make "$@" prepare 2>&1 | tail -5
		return 1
	}
	rc=0
	make "$@" -j"$(nproc)" $dirs > "$obj/distro.log" 2>&1 || rc=$?
	# "../TREE/path:line:col: warning: text" -> "path: warning: text"
	name=$(basename "$src")
	sed -n -E 's#^([^ :]*/)?'"$name"'/([^ :]*):[0-9]+:([0-9]+:)? (warning|error): #\2: \4: #p' \
		"$obj/distro.log" | sort -u > "$obj/distro.warnings"
	: > "$obj/distro.div"
	for d in $dirs; do
		[ -d "$obj/$d" ] || continue
		find "$obj/$d" -name '*.o' ! -name '*.mod.o' ! -name 'built-in.a' |
		while read -r o; do
			"${cross}nm" -u "$o" 2>/dev/null |
				grep -E ' (__(u)?(div|mod)di3|__aeabi_(u)?ldivmod)$' |
				sed "s|^ *U |${o#"$obj"/}: |"
		done
	done | sort -u > "$obj/distro.div"
	return $rc
}

bad=0
printf '%-22s %-14s %-14s %s\n' configuration base series result > "$out/table.txt"
for c in $configs; do
	debarch=${c%%:*} flavour=${c#*:}
	case $debarch in
	amd64) karch=x86_64 cross= extra="-e INTEL_IOMMU -e INTEL_IOMMU_SVM
		-m INTEL_IOMMU_KUNIT_TEST -e AMD_IOMMU -m AMD_IOMMU_KUNIT_TEST" ;;
	i386) karch=i386 cross= extra="-e INTEL_IOMMU -e INTEL_IOMMU_SVM
		-m INTEL_IOMMU_KUNIT_TEST" ;;
	arm64) karch=arm64 cross=aarch64-linux-gnu- extra="-e ARM_SMMU_V3
		-e ARM_SMMU_V3_SVA -m ARM_SMMU_V3_KUNIT_TEST" ;;
	armhf) karch=arm cross=arm-linux-gnueabihf- extra="-e ARCH_RENESAS
		-e IPMMU_VMSA" ;;
	*) echo "distro-check: unknown Debian architecture $debarch" >&2; exit 1 ;;
	esac
	if [ ! -f "$cfgdir/config.${debarch}_none_${flavour%%[+~]*}.xz" ]; then
		echo "distro-check: no $cfgdir/config.${debarch}_none_${flavour%%[+~]*}.xz: run scripts/deps.sh distro" >&2
		exit 1
	fi
	cc=${cross}gcc
	command -v ccache >/dev/null 2>&1 && cc="ccache $cc"
	res=ok
	t0=$(date +%s)
	build base "$debarch" "$flavour" && rb=ok || rb=failed
	t1=$(date +%s)
	bobj=$obj
	build series "$debarch" "$flavour" && rs=ok || rs=failed
	t2=$(date +%s)
	sobj=$obj
	new=$(comm -13 "$bobj/distro.warnings" "$sobj/distro.warnings")
	div=$(comm -13 "$bobj/distro.div" "$sobj/distro.div")
	if [ "$rb" != ok ]; then
		res="FAILED: the base does not build (no comparison)"
	elif [ "$rs" != ok ]; then
		res="FAILED: the series does not build"
	elif [ -n "$new" ]; then
		res="FAILED: new warnings"
	elif [ -n "$div" ] && [ "$debarch" = i386 -o "$debarch" = armhf ]; then
		res="FAILED: 64-bit division helpers"
	fi
	printf '%-22s %-14s %-14s %s\n' "$c" "$rb $((t1 - t0))s" "$rs $((t2 - t1))s" "$res" |
		tee -a "$out/table.txt"
	if [ "$res" != ok ]; then
		bad=1
		{ echo "$new"; echo "$div"; grep -E 'error' "$sobj/distro.log" | head -20; } |
			sed '/^$/d; s/^/distro-check:   /'
	fi
done
[ $bad = 0 ] && echo "distro-check: the series builds $dirs in every configuration, with no warning the base does not have"
exit $bad
