#!/bin/sh
# make check-32bit: the KUnit suites that build on 32-bit kernels, on a
# minimal i386 kernel (allnoconfig + configs/kunit-i386.config) under
# qemu-system-i386; KUnit runs them at boot, before the missing init
# panics the kernel (panic=-1 and -no-reboot end QEMU).  Where each 64-bit
# word is two stores, the entry writer must call no write hitless
# (iommu-entry-claim).  Fails on a failed or missing case and on a splat.
# Objects in build/obj-i386-kunit, the console in build/logs/kunit-i386.log.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
src=$top/build/linux
obj=$top/build/obj-i386-kunit
log=$top/build/logs/kunit-i386.log
frag=$top/configs/kunit-i386.config
mkdir -p "$obj" "$top/build/logs"
cc=gcc
if command -v ccache >/dev/null 2>&1; then
	cc="ccache gcc"
	export CCACHE_BASEDIR="$top/build"
fi
m() { make -s -C "$src" O="$obj" ARCH=i386 CC="$cc" "$@"; }

start=$(date +%s)
m KCONFIG_ALLCONFIG="$frag" allnoconfig >/dev/null
for o in $(sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=y$/\1/p' "$frag"); do
	grep -q "^$o=y" "$obj/.config" ||
		{ echo "check-32bit: $o did not stay set" >&2; exit 1; }
done
if grep -q '^CONFIG_64BIT=y' "$obj/.config"; then
	echo "check-32bit: not a 32-bit kernel" >&2; exit 1
fi
m -j"$(nproc)" bzImage >/dev/null || { echo "check-32bit: build failed" >&2; exit 1; }
built=$(( $(date +%s) - start ))

timeout 300 qemu-system-i386 -nographic -no-reboot -m 256 \
	-kernel "$obj/arch/x86/boot/bzImage" \
	-append "console=ttyS0 panic=-1" > "$log" 2>&1 || true
# The run ends in the expected panic (no root file system): read up to it
run=$(sed '/VFS: Unable to mount root fs/q' "$log")
cases=$(echo "$run" | grep -c '^[[:space:]]*ok [0-9]* entry_claim_' || true)
bad=$(echo "$run" | grep -E -m1 'not ok|BUG:|WARNING:|Oops|Call Trace:' || true)
if [ "$cases" = 3 ] && [ -z "$bad" ] &&
   echo "$run" | grep -q '^ok [0-9]* iommu-entry-claim'; then
	echo "check-32bit: i386 iommu-entry-claim: $cases cases passed (build ${built}s, run $(( $(date +%s) - start - built ))s)"
else
	echo "check-32bit: FAILED (${bad:-$cases of 3 cases passed}), see $log"
	exit 1
fi
