#!/bin/sh
# make bench: the replace benchmark on every platform, under -icount (one
# vCPU, guest time = instruction count) so that figures repeat run after
# run; then the invalidation commands one replace and one detach + attach
# cost, counted in QEMU's own trace of the commands its emulated IOMMU
# executes: boots of the benchmark alone, with N and 6N swaps, and the
# difference divided by 5N, so that boot noise cancels.
#   scripts/bench.sh PLATFORM...
# Then the mixed-domain benchmark (fixed map + unmap at 1k, 10k and 100k
# live fixed mappings), likewise under -icount, and the IOASID benchmark
# (alloc + free and find at 1k and 100k live IDs) on the series' kernel and
# on the unpatched base of scripts/bench-base.sh (build/kernel-ARCH-base),
# and P2PDMA map_sg + unmap_sg of 64 segments with 0, 50 and 100 % P2P.
# Logs and bench.txt in build/logs-bench/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/logs-bench
mkdir -p "$out"
rm -f "$out"/*
glob=iommu-edu.edu_replace_benchmark
n=100

# The trace event QEMU emits once per command of each IOMMU model
event() {
	case $1 in
	vtd|vtd-sm) echo vtd_inv_desc ;;
	amd) echo amdvi_command_exec ;;
	smmuv3) echo smmuv3_cmdq_opcode ;;
	esac
}

# commands PLATFORM MODE SWAPS: commands traced during a boot of the benchmark
commands() {
	ev=$(event "$1")
	echo "$ev" > "$out/events"
	rm -f "$out/trace"
	QEMU_EXTRA="-trace events=$out/events -D $out/trace" \
	LOG="$out/$1-$2-$3.log" "$top/scripts/boot.sh" "$1" \
		"kunit.filter_glob=$glob" iommu_test.selftests=0 \
		"iommu_edu_kunit.bench_only=$2" "iommu_edu_kunit.bench_swaps=$3" \
		>/dev/null 2>&1 || true
	grep -c "^[0-9]*@[0-9.]*:$ev \|^$ev " "$out/trace" || true
}

for p in "$@"; do
	SMP=1 QEMU_EXTRA="-icount shift=0,sleep=off" LOG="$out/$p.log" \
		"$top/scripts/boot.sh" "$p" "kunit.filter_glob=$glob" \
		iommu_test.selftests=0 >/dev/null 2>&1 || true
	grep -h "iommu-bench:" "$out/$p.log" | sed 's/.*iommu-bench: //' >> "$out/bench.txt"
	line="platform=$p event=$(event "$p")"
	for mode in replace detach_attach; do
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
	grep -h "iommu-bench:" "$out/$p-mixed.log" |
		sed "s/.*iommu-bench: mixed /platform=$p mixed /" >> "$out/bench.txt"

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
cat "$out/bench.txt"
