#!/bin/sh
# Boot one test platform: scripts/boot.sh PLATFORM [extra kernel args]
# Console log in build/logs/PLATFORM.log (build/logs-kasan/ with KASAN=1),
# QEMU's trace of each NVMe Doorbell Buffer Config command (its shadow
# doorbell base: the unexplained smmuv3 NVMe probe failures read IOVA 0x0
# to 0xc, as QEMU does under a base of 0) in LOG.qemu unless QEMU_EXTRA
# names another -D file.  Exit status 0 when the guest reached the end of
# its init, 124 on timeout, else QEMU's status.
# KERNEL=path boots another kernel image (the benchmarks' unpatched base),
# INITRD=path another initramfs (the benchmarks').
# Every platform has QEMU's edu device and an NVMe device with a CMB on
# the root bus, and (unless its conf says P2P_SWITCH=0) a PCIe switch with
# an NVMe device with a CMB and one without below two of its downstream
# ports (QEMU's xio3130 has no ACS, so nothing redirects): P2PDMA through
# the host bridge, and by bus address.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
platform=$1
shift
. "$top/platforms/$platform.conf"
suffix=
[ "${KASAN:-0}" = 0 ] || suffix=-kasan
log=${LOG:-$top/build/logs$suffix/$platform.log}
mkdir -p "$(dirname "$log")"

kernel=${KERNEL:-$top/build/kernel-$ARCH$suffix}
initrd=${INITRD:-$top/build/initramfs-$ARCH.cpio.gz}
for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || { echo "boot: $f missing (make build)" >&2; exit 1; }
done
nvme=$top/build/nvme.img
[ -f "$nvme" ] || truncate -s 16M "$nvme"
nvme2=$top/build/nvme-p2p.img
[ -f "$nvme2" ] || truncate -s 16M "$nvme2"

# The switch, unless the platform cannot do DMA below it (P2P_SWITCH=0)
switch=
if [ "${P2P_SWITCH:-1}" = 1 ]; then
	switch="-device pcie-root-port,id=p2prp,chassis=10,slot=1
		-device x3130-upstream,id=p2pup,bus=p2prp
		-device xio3130-downstream,id=p2pdn0,bus=p2pup,chassis=11,slot=0
		-device xio3130-downstream,id=p2pdn1,bus=p2pup,chassis=12,slot=0
		-drive file=$nvme2,if=none,format=raw,id=nvm1
		-device nvme,serial=p2pprovider,drive=nvm1,cmb_size_mb=16,bus=p2pdn0
		-device nvme,serial=p2pclient,bus=p2pdn1"
fi
cmdline="$CMDLINE panic=-1 iommu_edu_kunit.platform=$platform $*"
# Multi-threaded TCG, so that vCPUs really race (DMA during a swap); icount
# (benchmarks) needs single-threaded TCG.
case "${QEMU_EXTRA:-}" in
*-icount*) accel=tcg,thread=single ;;
*) accel=tcg,thread=multi ;;
esac
rm -f "$log.qemu"
start=$(date +%s)
set +e
# shellcheck disable=SC2086
timeout -k 10 "${TIMEOUT:-900}" $QEMU -m "${MEM:-2G}" -smp "${SMP:-2}" \
	-accel "$accel" -nographic -no-reboot -monitor none -serial "${SERIAL:-file:$log}" \
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	-device edu \
	-drive "file=$nvme,if=none,format=raw,id=nvm0" \
	-device "nvme,serial=iommutest,drive=nvm0,cmb_size_mb=16" \
	$switch \
	-trace enable=pci_nvme_dbbuf_config -D "$log.qemu" \
	${QEMU_EXTRA:-}
rc=$?
set -e
echo "$platform: guest ran $(( $(date +%s) - start ))s (qemu status $rc)" >&2
if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "$platform: TIMEOUT after ${TIMEOUT:-900}s, see $log" >&2
	exit 124
fi
exit $rc
