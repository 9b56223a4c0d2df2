#!/bin/sh
# Count the instructions of one kernel function call in a guest, as the
# cover letter's traces of dma_map_page() and the mixed-domain calls were
# made: boots PLATFORM with KERNEL (default: the kernel without debugging,
# build/kernel-ARCH-nodebug, whose vmlinux gives the symbols) and QEMU's
# gdb stub, stops at a call of FUNC (scripts/trace-call.py: SKIP, PRE,
# PRESKIP), single-steps it and prints instructions per function
# (scripts/trace-sum.py).  x86_64 guests only: an arm64 trace with
# gdb-multiarch did not finish its single-stepping.  Needs gdb (not
# installed by make deps: no README command needs it).  Halting the guest
# makes it report an RCU stall in its log: an artifact of the halt.
#   FUNC=iommu_dma_map_page SKIP=20000 scripts/trace-call.sh vtd \
#       iommu_test.bench=1 iommu_bench.kernel=series-nodebug dma_debug=off
# (with INITRD=build/logs-bench/initramfs-x86_64-bench.cpio.gz and
# QEMU_EXTRA="-device pci-testdev" for the DMA-API benchmark's module)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
platform=$1
shift
. "$top/platforms/$platform.conf"
kernel=${KERNEL:-$top/build/kernel-$ARCH-nodebug}
vmlinux=${VMLINUX:-$top/build/obj-$ARCH-nodebug/vmlinux}
out=${OUT:-$top/build/trace-$FUNC.txt}
if [ "$ARCH" != x86_64 ]; then
	echo "trace-call: x86_64 platforms only" >&2
	exit 1
fi
KERNEL=$kernel SMP=1 QEMU_EXTRA="${QEMU_EXTRA:-} -s -S" \
	LOG=${LOG:-$top/build/trace-guest.log} "$top/scripts/boot.sh" "$platform" \
	kunit.filter_glob=none.none iommu_test.selftests=0 nokaslr "$@" \
	>/dev/null 2>&1 &
guest=$!
sleep 2
OUT=$out timeout 900 gdb -q -batch -x "$top/scripts/trace-call.py" \
	"$vmlinux" >/dev/null 2>&1 || echo "trace-call: gdb failed" >&2
wait $guest || true
python3 "$top/scripts/trace-sum.py" "$vmlinux" "$out"
