#!/bin/sh
# make distro-check: build what the series touches in the configurations
# its users build, the base and the series alike, and fail on an error, on
# a warning the base does not have, or on a 64-bit division helper that a
# 32-bit kernel does not export (what modpost would refuse).
#
# Configurations, as DEBARCH:NAME words (DEBARCH: amd64, i386, arm64,
# armhf, ppc64el, s390x):
# - NAME a flavour: Debian 12's own configuration, from its linux-config-6.1
#   packages (scripts/deps.sh distro downloads them to build/debian-configs/);
# - NAME rt_FLAVOUR: Debian's RT flavour, built on trees with Debian's RT
#   patch set applied under the base and under the series (build/rt-base,
#   build/rt-series; the patch set comes from the linux source package,
#   see deps.sh, since linux-source-6.1 does not carry it);
# - NAME allmodconfig: the kernel's allmodconfig (WERROR off, so that the
#   base's warnings can be compared);
# - NAME randconfig-SEED: "make randconfig" with KCONFIG_SEED=SEED in the
#   series' tree, then each option the series touches (touched below) set
#   to y, m or n at random from the same seed; the base gets the same
#   file (olddefconfig drops what it does not know);
# - NAME+iommu: the same with every IOMMU driver and KUnit test the series
#   touches that the architecture builds switched on (VT-d on i386, which
#   Debian leaves off, ipmmu-vmsa with ARM_DMA_USE_IOMMU on armhf);
# - NAME[+iommu]~SYM...: the same with each SYM switched off (the
#   configuration fails if olddefconfig turns one back on), so that the
#   series' stubs for a kernel without it build.
#   scripts/distro-check.sh [DEBARCH:NAME...]
# By default every amd64, i386, arm64, armhf, ppc64el and s390x flavour
# Debian ships, its RT flavours, and the +iommu variants.  Lists:
# "make distro-check-off" runs off_configs below (no IOMMU at all, no
# PCI_P2PDMA, no VFIO, no IOASID: nothing selecting it); IOMMU_DMA cannot
# be switched off alone on x86 or arm64 (def_bool there), armhf+iommu is
# IOMMU without IOMMU_DMA.  "make distro-check-allmod" runs allmod_configs,
# "make distro-check-rand" rand_configs (RAND_SEEDS seeds per architecture).
# For each, the base (build/lint-base, the worktree of build/linux at
# "base" that lint.sh keeps) and the series are configured from the same
# file with olddefconfig (debug info and module signing off: they do not
# change what compiles), and drivers/iommu/, drivers/vfio/ and drivers/pci/
# are built.  Warnings are compared per file without line numbers.  Then
# modpost checks the modules built there, where Debian publishes the
# flavour's Module.symvers (deps.sh keeps it as symvers.DEBARCH.FLAVOUR):
# vmlinux's exports come from it, plus what the built-in objects of the
# directories export (the series' new exports); unresolved symbols,
# section mismatches and namespace imports the base does not have fail.
# allmodconfig and randconfig have no Module.symvers of their own: the
# architecture's main Debian flavour stands in for vmlinux, plus every
# symbol the base's modules use that it lacks (the configuration's vmlinux
# exports those: the base links), on both sides, so that modpost's limit
# of 10 reported symbols hides nothing; of what the series' modules then
# add, a symbol that the tree exports (outside arch/ or in the
# architecture's; the sanitizers' entry points, exported through macros,
# by name) is counted "in tree" in the table and accepted, the rest fail.
# A randconfig whose base does not build is skipped (said in the table).
# Logs and the table in build/logs-distro/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
# the base worktree lint.sh keeps (the same commit, never modified)
base_wt=$top/build/lint-base
cfgdir=$top/build/debian-configs
out=$top/build/logs-distro
# what the series touches, and lib/kunit/ (=m in the +iommu variants,
# which Debian leaves off: modpost needs its exports)
dirs="drivers/iommu/ drivers/vfio/ drivers/pci/ lib/kunit/"
# The option-off configurations (make distro-check-off)
off_configs="amd64:amd64~IOMMU_SUPPORT amd64:amd64+iommu~PCI_P2PDMA
	amd64:amd64+iommu~VFIO arm64:arm64+iommu~ARM_SMMU_V3_SVA~IOASID_KUNIT_TEST~IOMMU_SVA~IOASID"
allmod_configs="amd64:allmodconfig i386:allmodconfig arm64:allmodconfig
	armhf:allmodconfig+iommu"
rand_archs="amd64 arm64"
seeds=$(seq 1 "${RAND_SEEDS:-4}")
rand_configs=$(for a in $rand_archs; do for n in $seeds; do echo "$a:randconfig-$n"; done; done)
# what randconfig sets at random (those an architecture lacks are ignored)
touched="IOMMU_SUPPORT INTEL_IOMMU INTEL_IOMMU_SVM AMD_IOMMU ARM_SMMU_V3
	ARM_SMMU_V3_SVA PCI_P2PDMA PCI_ATS PCI_PASID IOASID VFIO
	VFIO_IOMMU_TYPE1 VFIO_PCI KUNIT IOMMU_DEFAULT_DMA_STRICT
	IOMMU_DEFAULT_PASSTHROUGH IOMMU_DMA_PCI_SAC IOMMU_EDU_TEST
	IOMMU_EDU_KUNIT_TEST IOMMU_REPLACE_KUNIT_TEST IOMMU_ENTRY_KUNIT_TEST
	IOMMU_ENTRY_CLAIM_KUNIT_TEST IOMMU_IOVA_KUNIT_TEST
	IOMMU_MIXED_KUNIT_TEST IOMMU_P2PDMA_KUNIT_TEST IOASID_KUNIT_TEST
	INTEL_IOMMU_KUNIT_TEST AMD_IOMMU_KUNIT_TEST ARM_SMMU_V3_KUNIT_TEST"
case ${1:-} in
off) shift; set -- $off_configs "$@" ;;
allmod) shift; set -- $allmod_configs "$@" ;;
rand) shift; set -- $rand_configs "$@" ;;
esac
configs=${*:-amd64:amd64 amd64:cloud-amd64 i386:686 i386:686-pae arm64:arm64 arm64:cloud-arm64 armhf:armmp armhf:armmp-lpae ppc64el:powerpc64le s390x:s390x amd64:rt_amd64 i386:rt_686-pae arm64:rt_arm64 armhf:rt_armmp amd64:amd64+iommu i386:686-pae+iommu arm64:arm64+iommu armhf:armmp+iommu amd64:rt_amd64+iommu arm64:rt_arm64+iommu}
mkdir -p "$out"

base=$(git -C "$tree" rev-parse base)
if [ "$(git -C "$base_wt" rev-parse HEAD 2>/dev/null || true)" != "$base" ]; then
	git -C "$tree" worktree remove --force "$base_wt" >/dev/null 2>&1 || rm -rf "$base_wt"
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$base_wt" base
fi

# rt_trees: build/rt-base, the base with Debian's RT patch set applied
# (one commit), and build/rt-series, the series' commits on top of it;
# remade when the base, the series or the patch set changed.  Patches of
# the set that are in the base already (stable took them) are named in
# rt_in_base and must fail to apply; any other failure stops the run.
rt_patches=$top/build/debian-rt
rt_in_base="0040-ARM-enable-irq-in-translation-section-permission-fau.patch
	0056-debugobjects-locking-Annotate-debug_object_fill_pool.patch
	0071-kvm-vmx-guard-regparm-0-on-vmread_error_trampoline-f.patch"
rt_trees() {
	[ -f "$rt_patches/series" ] || {
		echo "distro-check: no $rt_patches/series: run scripts/deps.sh distro" >&2
		return 1
	}
	stamp="$base $(git -C "$tree" rev-parse HEAD) $(cat "$rt_patches/version")"
	[ "$(cat "$top/build/rt-series/.distro-stamp" 2>/dev/null)" = "$stamp" ] && return 0
	for w in rt-base rt-series; do
		git -C "$tree" worktree remove --force "$top/build/$w" >/dev/null 2>&1 ||
			rm -rf "${top:?}/build/$w"
	done
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$top/build/rt-base" base
	for p in $(grep -v '^#' "$rt_patches/series"); do
		if git -C "$top/build/rt-base" apply --index "$rt_patches/$p" 2>/dev/null; then
			continue
		fi
		case " $(echo $rt_in_base) " in
		*" $p "*) ;;
		*) echo "distro-check: RT patch $p does not apply to the base" >&2; return 1 ;;
		esac
	done
	git -C "$top/build/rt-base" -c user.name=distro-check -c user.email=distro-check@localhost \
		commit -q -m "Debian's RT patch set ($(cat "$rt_patches/version"))"
	git -C "$tree" worktree add -q --detach "$top/build/rt-series" \
		"$(git -C "$top/build/rt-base" rev-parse HEAD)"
	git -C "$top/build/rt-series" -c user.name=distro-check \
		-c user.email=distro-check@localhost \
		cherry-pick "base..$(git -C "$tree" rev-parse HEAD)" >/dev/null 2>&1 || {
		echo "distro-check: the series does not apply on Debian's RT patch set" >&2
		git -C "$top/build/rt-series" status --short | head >&2
		return 1
	}
	echo "$stamp" > "$top/build/rt-series/.distro-stamp"
}

# genrand DEBARCH SEED: the randconfig file of SEED for both sides
genrand() {
	gobj=$top/build/obj-distro-randgen-$1
	mkdir -p "$gobj"
	set -- -s -C "$tree" O="$gobj" ARCH="$karch" CROSS_COMPILE="$cross" CC="$cc"
	KCONFIG_SEED=$seed make "$@" randconfig >/dev/null
	# a symbol the architecture lacks is dropped by olddefconfig
	echo $touched | tr ' ' '\n' | awk -v seed="$seed" 'BEGIN { srand(seed) }
		{ v = int(rand() * 3); print (v == 0 ? "-e" : v == 1 ? "-m" : "-d"), $1 }' |
		xargs "$tree/scripts/config" --file "$gobj/.config"
	"$tree/scripts/config" --file "$gobj/.config" -d WERROR
	make "$@" olddefconfig >/dev/null
	cp "$gobj/.config" "$out/$debarch-randconfig-$seed.config"
}

# objects: the objects this configuration builds in $dirs, from each
# directory's modules.order and built-in.a (the top directories' built-in.a
# is rebuilt on every build): $obj/distro.mods (modules) and
# $obj/distro.builtin (built-in objects), absolute paths
objects() {
	: > "$obj/distro.mods"
	: > "$obj/distro.builtin"
	for d in $dirs; do
		[ -d "$obj/$d" ] || continue
		# the modules this configuration builds (an object directory
		# may hold stale ones of an earlier configuration)
		[ -f "$obj/${d}modules.order" ] &&
			sed "s|^|$obj/|; s|\.ko\$|.o|" "$obj/${d}modules.order" >> "$obj/distro.mods"
		# a thin archive names its members by absolute path
		[ -f "$obj/${d}built-in.a" ] && "${cross}ar" t "$obj/${d}built-in.a" |
			sed "s|^\([^/]\)|$obj/\1|" >> "$obj/distro.builtin"
	done
}

# build SIDE DEBARCH FLAVOUR: configure and build the directories; leaves
# $obj/distro.warnings (file: message, sorted) and $obj/distro.div
# (object: division helper); returns make's status
build() {
	side=$1 debarch=$2 flavour=$3
	src=$tree
	[ "$side" = base ] && src=$base_wt
	name=${flavour%%[+~]*}
	case $name in
	rt_*) src=$top/build/rt-$side ;;
	esac
	obj=$top/build/obj-distro-$side-$debarch-$flavour
	mkdir -p "$obj"
	set -- -s -C "$src" O="$obj" ARCH="$karch" CROSS_COMPILE="$cross" CC="$cc"
	case $name in
	allmodconfig)
		make "$@" allmodconfig >/dev/null
		"$src/scripts/config" --file "$obj/.config" -d WERROR
		;;
	randconfig-*) cp "$out/$debarch-$name.config" "$obj/.config" ;;
	rt_*) xz -dc "$cfgdir/config.${debarch}_$name.xz" > "$obj/.config" ;;
	*) xz -dc "$cfgdir/config.${debarch}_none_$name.xz" > "$obj/.config" ;;
	esac
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
	make "$@" olddefconfig >/dev/null
	case $name in
	rt_*) grep -q '^CONFIG_PREEMPT_RT=y' "$obj/.config" || {
		echo "distro-check: $debarch:$flavour: CONFIG_PREEMPT_RT is off" >&2
		return 1
	} ;;
	esac
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
	# "../TREE/path:line:col: warning: text" -> "path: warning: text",
	# prefixed by the file being compiled ("In function", "At top level")
	# when the warning is in a header or a macro defined in one
	srcname=$(basename "$src")
	awk -v src="$src" -v tree="$srcname" '
		function rel(p) {
			if (index(p, src "/") == 1)
				return substr(p, length(src) + 2)
			sub("^(\\.\\./)*" tree "/", "", p)
			return p
		}
		/: (In function|At top level:|In member function)/ {
			ctx = $0; sub(/: .*/, "", ctx); ctx = rel(ctx); next
		}
		match($0, /^[^ :]+:[0-9]+(:[0-9]+)?: (warning|error): /) {
			head = substr($0, 1, RLENGTH); text = substr($0, RLENGTH + 1)
			file = head; sub(/:[0-9].*/, "", file); file = rel(file)
			lvl = head ~ /: warning: $/ ? "warning" : "error"
			print (ctx != "" && ctx != file ? ctx ": " : "") file ": " lvl ": " text
		}' "$obj/distro.log" | sort -u > "$obj/distro.warnings"
	objects
	# division helpers in the objects this configuration builds (an
	# object directory may hold stale ones of an earlier configuration)
	sort -u "$obj/distro.mods" "$obj/distro.builtin" | while read -r o; do
		[ -f "$o" ] || continue
		"${cross}nm" -u "$o" 2>/dev/null |
			grep -E ' (__(u)?(div|mod)di3|__aeabi_(u)?ldivmod)$' |
			sed "s|^ *U |${o#"$obj"/}: |"
	done | sort -u > "$obj/distro.div"
	[ $rc = 0 ] && modpost
	return $rc
}

# modpost: the kernel's modpost over the modules built in $dirs, against
# Debian's Module.symvers of the flavour (less what these modules export
# themselves, which modpost would call exported twice) and what the
# directories' built-in objects export that it lacks.  Leaves
# $obj/distro.modpost (its messages, paths relative to $obj, sorted) or
# removes it when Debian has no Module.symvers of the flavour.
modpost() {
	rm -f "$obj/distro.modpost"
	fl=$(echo "$name" | tr _ -)
	# allmodconfig and randconfig: the architecture's main flavour stands
	# in for vmlinux (what it lacks is reported alike on both sides)
	case $name in
	allmodconfig|randconfig-*) fl=$mainfl ;;
	esac
	symvers=$cfgdir/symvers.$debarch.$fl
	[ -f "$symvers" ] || return 0
	# "___ksymtab_gpl+sym" sections: what an object exports, and how
	exports() {
		sort -u "$1" | while read -r o; do
			[ -f "$o" ] && "${cross}objdump" -h "$o" 2>/dev/null
		done | sed -n -E 's/.* ___ksymtab(_gpl)?\+([^ ]+) .*/\2 \1/p' | sort -u
	}
	exports "$obj/distro.mods" | cut -d' ' -f1 > "$obj/distro.modexports"
	exports "$obj/distro.builtin" > "$obj/distro.builtinexports"
	{
		awk -F '\t' 'FILENAME == ARGV[1] { m[$1] = 1; next } !($2 in m)' \
			"$obj/distro.modexports" "$symvers"
		# a directory built only for modules keeps a stale built-in.a of
		# an earlier configuration: what a module exports is not built in
		awk -F '\t' 'FILENAME == ARGV[1] { have[$2] = 1; next }
			FILENAME == ARGV[2] { have[$1] = 1; next }
			{ split($0, f, " ") }
			!(f[1] in have) { printf "0x00000000\t%s\tvmlinux\tEXPORT_SYMBOL%s\t\n",
				f[1], f[2] == "_gpl" ? "_GPL" : "" }' \
			"$symvers" "$obj/distro.modexports" "$obj/distro.builtinexports"
	} > "$obj/distro.symvers"
	# allmodconfig and randconfig: what the base's modules use and the
	# stand-in lacks, the configuration's vmlinux exports (the base links):
	# added on both sides, so that modpost reports what the series adds
	# (its limit of 10 unresolved symbols would hide it)
	case $name in
	allmodconfig|randconfig-*)
		if [ "$side" = base ]; then
			sort -u "$obj/distro.mods" | while read -r o; do
				"${cross}nm" -u "$o" 2>/dev/null
			done | awk '{ print $NF }' | sort -u |
			awk -F '\t' 'NR == FNR { have[$2] = 1; next }
				FILENAME == ARGV[2] { have[$1] = 1; next }
				!($1 in have)' "$obj/distro.symvers" \
				"$obj/distro.modexports" - > "$obj/distro.baseundef"
		fi
		awk '{ printf "0x00000000\t%s\tvmlinux\tEXPORT_SYMBOL\t\n", $1 }' \
			"$top/build/obj-distro-base-$debarch-$flavour/distro.baseundef" \
			>> "$obj/distro.symvers"
		;;
	esac
	set --
	grep -q '^CONFIG_MODVERSIONS=y' "$obj/.config" && set -- "$@" -m
	grep -q '^CONFIG_SECTION_MISMATCH_WARN_ONLY=y' "$obj/.config" || set -- "$@" -E
	grep -q '^CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS=y' "$obj/.config" &&
		set -- "$@" -N
	# -w: every unresolved symbol is reported, and compared with the base's
	(cd "$obj" && sed "s|^$obj/||" distro.mods | sort -u |
		scripts/mod/modpost "$@" -w -i distro.symvers -o distro.modpost.symvers -T - \
		> distro.modpost.log 2>&1) || true
	sed -E 's/^(WARNING|ERROR): modpost: //' "$obj/distro.modpost.log" | sort -u > "$obj/distro.modpost"
	echo "$(wc -l < "$obj/distro.mods") modules" > "$obj/distro.modcount"
}

# Whether the series' tree exports SYM somewhere (allmodconfig and
# randconfig: their vmlinux exports what Debian's flavour, the stand-in,
# lacks, such as the entry points of the debugging and sanitizer options
# they turn on; the sanitizers export theirs through macros)
exported_in_tree() {
	case $1 in
	__asan_*|__kasan_*|__ubsan_*|__tsan_*|__kcsan_*|__sanitizer_cov_*) return 0 ;;
	esac
	# outside arch/, or in this architecture's
	git -C "$tree" grep -l -E "EXPORT_SYMBOL(_GPL|_NS|_NS_GPL)?\($1[,)]" -- '*.c' '*.S' '*.h' |
		grep -q -E "^(arch/$srcarch/|[^a])"
}

bad=0
rt_done=
printf '%-26s %-12s %-12s %-34s %s\n' configuration base series modpost result > "$out/table.txt"
for c in $configs; do
	debarch=${c%%:*} flavour=${c#*:}
	name=${flavour%%[+~]*}
	case $debarch in
	amd64) karch=x86_64 srcarch=x86 cross= mainfl=amd64 extra="-e INTEL_IOMMU -e INTEL_IOMMU_SVM
		-m INTEL_IOMMU_KUNIT_TEST -e AMD_IOMMU -m AMD_IOMMU_KUNIT_TEST" ;;
	i386) karch=i386 srcarch=x86 cross= mainfl=686-pae extra="-e INTEL_IOMMU -e INTEL_IOMMU_SVM
		-m INTEL_IOMMU_KUNIT_TEST" ;;
	arm64) karch=arm64 srcarch=arm64 cross=aarch64-linux-gnu- mainfl=arm64 extra="-e ARM_SMMU_V3
		-e ARM_SMMU_V3_SVA -m ARM_SMMU_V3_KUNIT_TEST" ;;
	armhf) karch=arm srcarch=arm cross=arm-linux-gnueabihf- mainfl=armmp extra="-e ARCH_RENESAS
		-e IPMMU_VMSA" ;;
	ppc64el) karch=powerpc srcarch=powerpc cross=powerpc64le-linux-gnu- mainfl=powerpc64le extra= ;;
	s390x) karch=s390 srcarch=s390 cross=s390x-linux-gnu- mainfl=s390x extra= ;;
	*) echo "distro-check: unknown Debian architecture $debarch" >&2; exit 1 ;;
	esac
	case $name in
	allmodconfig|randconfig-*) f= ;;
	rt_*) f=$cfgdir/config.${debarch}_$name.xz ;;
	*) f=$cfgdir/config.${debarch}_none_$name.xz ;;
	esac
	if [ -n "$f" ] && [ ! -f "$f" ]; then
		echo "distro-check: no $f: run scripts/deps.sh distro" >&2
		exit 1
	fi
	cc=${cross}gcc
	command -v ccache >/dev/null 2>&1 && cc="ccache $cc"
	case $name in
	rt_*) [ -n "$rt_done" ] || rt_trees || exit 1; rt_done=1 ;;
	randconfig-*) seed=${name#randconfig-}; genrand "$debarch" ;;
	esac
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
	mp="none"
	newmp=
	if [ -f "$sobj/distro.modpost" ] && [ -f "$bobj/distro.modpost" ]; then
		mp="$(cat "$sobj/distro.modcount"), base $(wc -l < "$bobj/distro.modpost")"
		newmp=$(comm -13 "$bobj/distro.modpost" "$sobj/distro.modpost")
		case $name in
		allmodconfig|randconfig-*)
			: > "$sobj/distro.modpost.intree"
			newmp=$(echo "$newmp" | while IFS= read -r l; do
				sym=$(echo "$l" | sed -n 's/^"\([^"]*\)" \[.*\] undefined!$/\1/p')
				if [ -n "$sym" ] && exported_in_tree "$sym"; then
					echo "$l" >> "$sobj/distro.modpost.intree"
				else
					echo "$l"
				fi
			done)
			n=$(sed '/^$/d' "$sobj/distro.modpost.intree" | wc -l)
			[ "$n" = 0 ] || mp="$mp, $n in tree"
			;;
		esac
	fi
	if [ "$rb" != ok ]; then
		case $name in
		randconfig-*) res="skipped: the base does not build ($rs on the series)" ;;
		*) res="FAILED: the base does not build (no comparison)" ;;
		esac
	elif [ "$rs" != ok ]; then
		res="FAILED: the series does not build"
	elif [ -n "$new" ]; then
		res="FAILED: new warnings"
	elif [ -n "$div" ] && [ "$debarch" = i386 -o "$debarch" = armhf ]; then
		res="FAILED: 64-bit division helpers"
	elif [ -n "$newmp" ]; then
		res="FAILED: new modpost messages"
	fi
	printf '%-26s %-12s %-12s %-34s %s\n' "$c" "$rb $((t1 - t0))s" "$rs $((t2 - t1))s" \
		"$mp" "$res" | tee -a "$out/table.txt"
	case $res in
	ok|skipped*) ;;
	*)
		bad=1
		{ echo "$new"; echo "$div"; echo "$newmp"; grep -E 'error' "$sobj/distro.log" | head -20; } |
			sed '/^$/d; s/^/distro-check:   /'
		;;
	esac
done
[ $bad = 0 ] && echo "distro-check: the series builds $dirs in every configuration, with no warning or modpost message the base does not have"
exit $bad
