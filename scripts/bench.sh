#!/bin/sh
# make bench: the replace benchmark on every platform, under -icount (one
# vCPU, guest time = instruction count) so that figures repeat run after
# run, against detach + attach on the unpatched base (the only way 6.1
# has; bench/replace-base-bench.c in build/kernel-ARCH-base), both with
# the commands the driver submits per swap read back from its queue; DMA
# during swaps (faults, lost and torn transfers); then the commands
# counted in QEMU's own trace of what its emulated IOMMU executes (which
# leaves out VT-d PASID-cache descriptors): boots of the benchmark alone,
# with N and 6N swaps, and the difference divided by 5N, so that boot
# noise cancels.
#   scripts/bench.sh PLATFORM...
# Then the mixed-domain benchmark (fixed map + unmap at 1k, 10k and 100k
# live fixed mappings), likewise under -icount, and the IOASID benchmark
# (alloc + free and find at 1k and 100k live IDs) on the series' kernel and
# on the unpatched base of scripts/bench-base.sh (build/kernel-ARCH-base),
# and P2PDMA map_sg + unmap_sg of 64 segments with 0, 50 and 100 % P2P.
# Then the userspace benchmarks (bench/user/) on both kernels, and the
# report (scripts/bench-report.py): tables, summary, bench.json.
# Logs, bench.txt and bench.json in build/logs-bench/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/logs-bench
mkdir -p "$out"
rm -rf "$out"/*
glob=iommu-edu.edu_replace_benchmark
n=100

# The trace event QEMU emits once per command of each IOMMU model
event() {
	case $1 in
	vtd|vtd-sm|vtd-cm) echo vtd_inv_desc ;;
	amd) echo amdvi_command_exec ;;
	smmuv3) echo smmuv3_cmdq_opcode ;;
	esac
}

# commands PLATFORM MODE SWAPS: commands traced during a boot of the
# benchmark; MODE replace (the series) or base (detach + attach on 6.1)
commands() {
	ev=$(event "$1")
	echo "$ev" > "$out/events"
	rm -f "$out/trace"
	if [ "$2" = base ]; then
		. "$top/platforms/$1.conf"
		KERNEL="$top/build/kernel-$ARCH-base" \
		QEMU_EXTRA="-trace events=$out/events -D $out/trace" \
		LOG="$out/$1-$2-$3.log" "$top/scripts/boot.sh" "$1" \
			"kunit.filter_glob=replace-base-bench.*" iommu_test.selftests=0 \
			"replace_base_bench.platform=$1" "replace_base_bench.swaps=$3" \
			>/dev/null 2>&1 || true
	else
		QEMU_EXTRA="-trace events=$out/events -D $out/trace" \
		LOG="$out/$1-$2-$3.log" "$top/scripts/boot.sh" "$1" \
			"kunit.filter_glob=$glob" iommu_test.selftests=0 \
			"iommu_edu_kunit.bench_only=$2" "iommu_edu_kunit.bench_swaps=$3" \
			>/dev/null 2>&1 || true
	fi
	grep -c "^[0-9]*@[0-9.]*:$ev \|^$ev " "$out/trace" || true
}

# mixed_lines LOG WORDS: the mixed-domain benchmark's lines of LOG into
# bench.txt, as "platform=P mixed[-kind] WORDS ..."
mixed_lines() {
	grep -h "iommu-bench:" "$1" |
		sed "s/.*iommu-bench: \(mixed[-a-z]*\) /platform=$p \1 $2 /" \
		>> "$out/bench.txt"
}

# BENCH_PARTS=user or mem: only the userspace or memory benchmarks (below)
for p in "$@"; do
	[ "${BENCH_PARTS:-all}" = all ] || break
	SMP=1 QEMU_EXTRA="-icount shift=0,sleep=off" LOG="$out/$p.log" \
		"$top/scripts/boot.sh" "$p" "kunit.filter_glob=$glob" \
		iommu_test.selftests=0 >/dev/null 2>&1 || true
	grep -h "iommu-bench:" "$out/$p.log" | sed 's/.*iommu-bench: //' >> "$out/bench.txt"
	# The same swaps on 6.1: detach + attach
	. "$top/platforms/$p.conf"
	if [ -f "$top/build/kernel-$ARCH-base" ]; then
		KERNEL="$top/build/kernel-$ARCH-base" SMP=1 \
		QEMU_EXTRA="-icount shift=0,sleep=off" LOG="$out/$p-base.log" \
			"$top/scripts/boot.sh" "$p" "kunit.filter_glob=replace-base-bench.*" \
			"replace_base_bench.platform=$p" iommu_test.selftests=0 \
			>/dev/null 2>&1 || true
		grep -h "iommu-bench:" "$out/$p-base.log" |
			sed 's/.*iommu-bench: //' >> "$out/bench.txt"
	fi
	# Both again on kernels without the test kernels' debugging (lockdep
	# costs each lock more than the code it guards), as config=nodebug
	if [ -f "$top/build/kernel-$ARCH-nodebug" ] &&
	   [ -f "$top/build/kernel-$ARCH-base-nodebug" ]; then
		KERNEL="$top/build/kernel-$ARCH-nodebug" SMP=1 \
		QEMU_EXTRA="-icount shift=0,sleep=off" LOG="$out/$p-nodebug.log" \
			"$top/scripts/boot.sh" "$p" "kunit.filter_glob=$glob" \
			iommu_test.selftests=0 >/dev/null 2>&1 || true
		KERNEL="$top/build/kernel-$ARCH-base-nodebug" SMP=1 \
		QEMU_EXTRA="-icount shift=0,sleep=off" LOG="$out/$p-base-nodebug.log" \
			"$top/scripts/boot.sh" "$p" "kunit.filter_glob=replace-base-bench.*" \
			"replace_base_bench.platform=$p" iommu_test.selftests=0 \
			>/dev/null 2>&1 || true
		grep -h "iommu-bench: .*detach_attach_ns=" "$out/$p-nodebug.log" \
			"$out/$p-base-nodebug.log" |
			sed 's/.*iommu-bench: platform=[^ ]* /platform='"$p"' config=nodebug /' \
			>> "$out/bench.txt"
	fi
	# DMA during swaps, the hitless replace against detach + attach: the
	# test alone, on the wall clock with two vCPUs as under make check.
	# edu makes a transfer 100 ms of guest time after it is started, at
	# one instant, so 200 back-to-back swaps would see at most one: the
	# test makes 500 (100) transfers while the swaps run, and the report
	# gives the faults per 200 of the swaps made meanwhile
	LOG="$out/$p-swap.log" "$top/scripts/boot.sh" "$p" \
		"kunit.filter_glob=iommu-edu.edu_replace_during_dma" \
		iommu_test.selftests=0 >/dev/null 2>&1 || true
	grep -h "iommu-bench: .* swap=" "$out/$p-swap.log" |
		sed 's/.*iommu-bench: //' >> "$out/bench.txt"
	line="platform=$p trace event=$(event "$p")"
	for mode in replace base; do
		a=$(commands "$p" $mode $n)
		b=$(commands "$p" $mode $((6 * n)))
		per=$(awk -v a="$a" -v b="$b" -v n="$n" 'BEGIN { printf "%.2f", (b - a) / (5 * n) }')
		line="$line cmds_per_$mode=$per"
	done
	echo "$line" >> "$out/bench.txt"

	SMP=1 QEMU_EXTRA="-icount shift=0,sleep=off" LOG="$out/$p-mixed.log" \
		"$top/scripts/boot.sh" "$p" \
		"kunit.filter_glob=iommu-mixed.mixed_benchmark" \
		iommu_mixed_kunit.bench=1 iommu_test.selftests=0 \
		>/dev/null 2>&1 || true
	mixed_lines "$out/$p-mixed.log" config=debug
	# The same without the test kernels' debugging (lockdep makes each
	# lock cost more than the code it guards), and DMA-API map + unmap per
	# second on two vCPUs (wall clock) on the device's DMA domain and on
	# it made mixed, with the default lazy unmaps and with iommu.strict=1
	# (a mixed DMA domain unmaps strictly)
	if [ -f "$top/build/kernel-$ARCH-nodebug" ]; then
		KERNEL="$top/build/kernel-$ARCH-nodebug" SMP=1 \
		QEMU_EXTRA="-icount shift=0,sleep=off" LOG="$out/$p-mixed-nodebug.log" \
			"$top/scripts/boot.sh" "$p" \
			"kunit.filter_glob=iommu-mixed.mixed_benchmark" \
			iommu_mixed_kunit.bench=1 iommu_test.selftests=0 \
			>/dev/null 2>&1 || true
		mixed_lines "$out/$p-mixed-nodebug.log" config=nodebug
		for strict in 0 1; do
			KERNEL="$top/build/kernel-$ARCH-nodebug" SMP=2 \
			LOG="$out/$p-mixed-dma-strict-$strict.log" \
				"$top/scripts/boot.sh" "$p" \
				"kunit.filter_glob=iommu-mixed.mixed_dma_benchmark" \
				iommu_mixed_kunit.bench=1 iommu_test.selftests=0 \
				"iommu.strict=$strict" >/dev/null 2>&1 || true
			mixed_lines "$out/$p-mixed-dma-strict-$strict.log" \
				"config=nodebug strict=$strict"
		done
	fi

	# IOASID sets against the 6.1 allocator, same workload, same machine
	SMP=1 QEMU_EXTRA="-icount shift=0,sleep=off" LOG="$out/$p-ioasid.log" \
		"$top/scripts/boot.sh" "$p" \
		"kunit.filter_glob=ioasid.ioasid_benchmark" \
		ioasid_kunit.bench=1 iommu_test.selftests=0 \
		>/dev/null 2>&1 || true
	. "$top/platforms/$p.conf"
	if [ -f "$top/build/kernel-$ARCH-base" ]; then
		KERNEL="$top/build/kernel-$ARCH-base" SMP=1 \
		QEMU_EXTRA="-icount shift=0,sleep=off" LOG="$out/$p-ioasid-base.log" \
			"$top/scripts/boot.sh" "$p" \
			"kunit.filter_glob=ioasid-base-bench.*" \
			iommu_test.selftests=0 >/dev/null 2>&1 || true
	fi
	cat "$out/$p-ioasid.log" "$out/$p-ioasid-base.log" 2>/dev/null |
		grep -h "iommu-bench: ioasid" |
		sed "s/.*iommu-bench: /platform=$p /" >> "$out/bench.txt"

	# map_sg + unmap_sg of 64 segments, 0, 50 and 100 % of them P2P, with
	# the test kernels' DMA-API debugging and without it (dma_debug=off):
	# it costs a bus-address segment several times what it costs another
	for dd in on off; do
		SMP=1 QEMU_EXTRA="-icount shift=0,sleep=off" \
		LOG="$out/$p-p2pdma-debug-$dd.log" "$top/scripts/boot.sh" "$p" \
			"kunit.filter_glob=iommu-p2pdma.p2p_benchmark" \
			iommu_p2pdma_kunit.bench=1 iommu_test.selftests=0 \
			dma_debug=$dd >/dev/null 2>&1 || true
		grep -h "iommu-bench: p2pdma" "$out/$p-p2pdma-debug-$dd.log" |
			sed "s/.*iommu-bench: /platform=$p dma_debug=$dd /" >> "$out/bench.txt"
	done
done

# The benchmarks that run in the guest (bench/user/run) in an initramfs of
# their own: the test initramfs with a second archive holding /bench/
# appended: the static programs of bench/user/ and the kernel's
# dma_map_benchmark tool (the series' uAPI headers; they use only 6.1's
# interfaces), and bench/mod/dma_map_ns.ko built for each kernel.
# bench_initrd ARCH -> $out/initramfs-ARCH-bench.cpio.gz
bench_initrd() {
	cross=
	[ "$1" = x86_64 ] || cross=aarch64-linux-gnu-
	root=$out/bench-root-$1
	rm -rf "$root"
	mkdir -p "$root/bench/lib"
	cp "$top/bench/user/run" "$root/bench/run"
	for c in "$top"/bench/user/*.c; do
		"${cross}gcc" -static -O2 -Wall -isystem "$top/build/headers-$1/include" \
			-I "$top/build/linux/tools/testing/selftests/vfio" \
			-o "$root/bench/lib/$(basename "${c%.c}")" "$c"
	done
	# As its Makefile builds it: installed uAPI headers, then include/
	"${cross}gcc" -static -O2 -I "$top/build/headers-$1/include" \
		-I "$top/build/linux/include" -o "$root/bench/lib/dma_map_benchmark" \
		"$top/build/linux/tools/testing/selftests/dma/dma_map_benchmark.c"
	for k in series base series-nodebug base-nodebug; do
		obj=$top/build/obj-$1
		case $k in
		series) ;;
		series-nodebug) obj=$obj-nodebug ;;
		*) obj=$obj-$k ;;
		esac
		[ -d "$obj" ] || continue
		m=$out/mod-$1-$k
		rm -rf "$m"
		cp -r "$top/bench/mod" "$m"
		make -s -C "$obj" ARCH="$1" CROSS_COMPILE="$cross" M="$m" modules \
			> "$m.log" 2>&1 || { cat "$m.log" >&2; exit 1; }
		cp "$m/dma_map_ns.ko" "$root/bench/lib/dma_map_ns-$k.ko"
	done
	(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -9n) \
		> "$out/bench-$1.cpio.gz"
	cat "$top/build/initramfs-$1.cpio.gz" "$out/bench-$1.cpio.gz" \
		> "$out/initramfs-$1-bench.cpio.gz"
}

# dma_map_page + dma_unmap_page on pci-testdev (dma_map_benchmark and
# dma_map_ns.ko) and VFIO_IOMMU_MAP_DMA + UNMAP_DMA on edu, the series'
# kernel and the base interleaved, ROUNDS times (default 3) under -icount on
# one vCPU, then as many times on the wall clock with two vCPUs; the test
# kernels' DMA-API debugging off (dma_debug=off) on both
# The order alternates (series first in odd rounds, the base first in
# even ones), so that whatever favours the first or the second boot of a
# pair on the host favours both kernels alike; BENCH_CLOCKS=wall runs only
# the wall-clock rounds.  The -icount rounds again on both kernels without
# the test kernels' debugging (lockdep makes each lock cost more than the
# code it guards), as config=nodebug; BENCH_CONFIGS=nodebug runs only those
rounds=${ROUNDS:-3}
for p in "$@"; do
	[ "${BENCH_PARTS:-all}" = all ] || [ "${BENCH_PARTS:-all}" = user ] || break
	. "$top/platforms/$p.conf"
	[ -f "$top/build/kernel-$ARCH-base" ] || continue
	[ -f "$out/initramfs-$ARCH-bench.cpio.gz" ] || bench_initrd "$ARCH"
	for cfg in ${BENCH_CONFIGS:-debug nodebug}; do
	sfx=
	[ "$cfg" = debug ] || sfx=-nodebug
	if [ ! -f "$top/build/kernel-$ARCH$sfx" ] ||
	   [ ! -f "$top/build/kernel-$ARCH-base$sfx" ]; then
		continue
	fi
	clocks=${BENCH_CLOCKS:-icount wall}
	[ "$cfg" = debug ] || clocks=icount
	for clock in $clocks; do
		r=1
		while [ $r -le "$rounds" ]; do
			order="series base"
			[ $((r % 2)) = 1 ] || order="base series"
			for k in $order; do
				kernel=$top/build/kernel-$ARCH
				[ $k = series ] || kernel=$kernel-base
				kernel=$kernel$sfx
				log=$out/$p-user-$cfg-$clock-$k-$r.log
				if [ $clock = icount ]; then
					smp=1 extra="-icount shift=0,sleep=off -device pci-testdev"
				else
					smp=2 extra="-device pci-testdev"
				fi
				KERNEL=$kernel INITRD=$out/initramfs-$ARCH-bench.cpio.gz \
				SMP=$smp QEMU_EXTRA=$extra LOG=$log \
					"$top/scripts/boot.sh" "$p" kunit.filter_glob=none.none \
					iommu_test.selftests=0 iommu_test.bench=1 dma_debug=off \
					"iommu_bench.kernel=$k$sfx" \
					>/dev/null 2>&1 || true
				grep -h "iommu-bench: " "$log" |
					sed "s/.*iommu-bench: /platform=$p kernel=$k config=$cfg clock=$clock round=$r /" \
					>> "$out/bench.txt"
			done
			r=$((r + 1))
		done
	done
	done
done
# The kernel memory of a container's domain and of its placed MSI window
# (review item A8: a window used to bring an allocator with per-CPU
# caches), both kernels,
# one boot each on MEM_CPUS vCPUs (default 16) and on one vCPU, so that the
# report gives the cost per CPU; BENCH_PARTS=mem runs only this part.
# slub_debug=U keeps every object out of the per-CPU slabs, so that
# /proc/slabinfo counts live objects exactly (and records their callers);
# -icount, so that 16 vCPUs on a 2-core host make progress in turn instead
# of starving each other into soft lockups
for p in "$@"; do
	[ "${BENCH_PARTS:-all}" = all ] || [ "${BENCH_PARTS:-all}" = mem ] || break
	. "$top/platforms/$p.conf"
	[ -f "$top/build/kernel-$ARCH-base" ] || continue
	[ -f "$out/initramfs-$ARCH-bench.cpio.gz" ] || bench_initrd "$ARCH"
	for smp in 1 "${MEM_CPUS:-16}"; do
		for k in series base; do
			kernel=$top/build/kernel-$ARCH
			[ $k = series ] || kernel=$kernel-base
			log=$out/$p-mem-$smp-$k.log
			KERNEL=$kernel INITRD=$out/initramfs-$ARCH-bench.cpio.gz \
			SMP=$smp QEMU_EXTRA="-icount shift=0,sleep=off" \
			LOG=$log "$top/scripts/boot.sh" "$p" \
				kunit.filter_glob=none.none iommu_test.selftests=0 \
				iommu_test.bench=1 iommu_bench.mem=1 slub_debug=U \
				>/dev/null 2>&1 || true
			grep -h "iommu-bench: " "$log" |
				sed "s/.*iommu-bench: /platform=$p kernel=$k /" \
				>> "$out/bench.txt"
		done
	done
done
python3 "$top/scripts/bench-report.py" "$out/bench.txt" "$out/bench.json"
