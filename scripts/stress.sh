#!/bin/sh
# make stress: the long runs that do not fit make check.  For now the
# seeded type1 fuzzer (vfio/type1_fuzz, run on its own in the guest with
# iommu_test.fuzz=1): each platform, each seed of SEEDS (default "1 2 3"),
# ITERS iterations per thread (default 200000).  A run passes when the
# fuzzer says ok and the console has no splat (BUG, WARNING, Oops, KASAN,
# panic, soft lockup, hung task, RCU stall).  KASAN=1 boots the KASAN
# kernels (make check-kasan builds them).  Logs in build/logs-stress/.
#   scripts/stress.sh PLATFORM...
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/logs-stress
mkdir -p "$out"
bad=0
for p in "$@"; do
	for seed in ${SEEDS:-1 2 3}; do
		log=$out/$p-$seed.log
		LOG=$log TIMEOUT=${TIMEOUT:-900} "$top/scripts/boot.sh" "$p" \
			kunit.filter_glob=none.none iommu_test.selftests=0 \
			iommu_test.fuzz=1 "iommu_test.fuzz_seed=$seed" \
			"iommu_test.fuzz_iters=${ITERS:-200000}" >/dev/null 2>&1 || true
		reqs=$(sed -n 's/.*fuzz: seed .*iterations per thread, \([0-9]*\) requests.*/\1/p' "$log")
		splat=$(grep -E -m1 'BUG:|WARNING:|Oops|KASAN:|Kernel panic|soft lockup|blocked for more than|rcu_sched self-detected stall|rcu: INFO' "$log" || true)
		if grep -q '^=== FUZZ END rc=0 ===' "$log" && [ -z "$splat" ]; then
			echo "stress: $p seed $seed: ok, ${reqs:-?} requests"
		else
			echo "stress: $p seed $seed: FAILED ${splat:-(the fuzzer failed or did not finish)}, see $log"
			bad=1
		fi
	done
done
exit $bad
