#!/bin/sh
# NVMe probe check: scripts/nvme-probe.sh PLATFORM N [GLOB]
# Boots PLATFORM N times (KERNEL= as in scripts/boot.sh) with an init that
# waits up to 100 s for the platform's NVMe controllers to go live, prints
# their states and powers off; the KUnit suites matching GLOB (default
# none) run at boot before it.  QEMU traces the Doorbell Buffer Config
# command each controller gets (its shadow doorbell base: the smmuv3 probe
# failures of December 3 read IOVA 0x0 to 0xc, QEMU's shadow doorbell
# reads of a base of 0).  One line per boot; logs in build/logs-probe/.
# Exit status 1 if a boot left a controller down or saw an IOMMU event.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
platform=$1 n=$2 glob=${3:-none.none}
. "$top/platforms/$platform.conf"
out=$top/build/logs-probe
root=$out/root-$ARCH
busybox=$top/build/initramfs-$ARCH/bin/busybox
[ -x "$busybox" ] || { echo "nvme-probe: $busybox missing (make build)" >&2; exit 1; }
# Controllers: one on the root bus, two below the switch unless P2P_SWITCH=0
want=3
[ "${P2P_SWITCH:-1}" = 1 ] || want=1

rm -rf "$root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys"
cp "$busybox" "$root/bin/busybox"
cat > "$root/init" <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
i=0 live=0
while [ \$i -lt 1000 ]; do
	live=0
	for c in /sys/class/nvme/nvme*; do
		[ -e "\$c/state" ] && [ "\$(cat "\$c/state")" = live ] && live=\$((live + 1))
	done
	[ \$live -ge $want ] && break
	sleep 0.1
	i=\$((i + 1))
done
echo "PROBE live=\$live waited=\$((i / 10))"
dmesg | grep -E 'nvme|event 0x|fault' | grep -v -E 'Adding to|pci function'
poweroff -f
EOF
chmod +x "$root/init"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -9n) \
	> "$out/initrd-$ARCH.cpio.gz"

bad=0
i=1
while [ "$i" -le "$n" ]; do
	log=$out/$platform-$i.log tr=$out/$platform-$i.trace
	QEMU_EXTRA="${QEMU_EXTRA:-} -trace enable=pci_nvme_dbbuf_config -D $tr" \
	INITRD=$out/initrd-$ARCH.cpio.gz LOG=$log TIMEOUT=${TIMEOUT:-600} \
		"$top/scripts/boot.sh" "$platform" "kunit.filter_glob=$glob" \
		>/dev/null 2>&1 || true
	probe=$(sed -n 's/.*PROBE live=\([0-9]*\) waited=\([0-9]*\).*/\1 live after \2 s/p' "$log")
	# the console up to the init's report (which repeats the kernel's lines)
	events=$(sed '/PROBE live=/q' "$log" |
		grep -a -c -E 'event 0x|DMAR: \[DMA|IO_PAGE_FAULT' || true)
	bases=$(sed -n 's/.*dbs_addr=\(0x[0-9a-f]*\).*/\1/p' "$tr" | tr '\n' ' ')
	echo "nvme-probe: $platform boot $i: ${probe:-no init} of $want, $events IOMMU events, doorbell bases $bases"
	case "$probe" in
	"$want live"*) [ "$events" = 0 ] || bad=1 ;;
	*) bad=1 ;;
	esac
	i=$((i + 1))
done
exit $bad
