#!/bin/sh
# make stress: the long runs that do not fit make check, on each platform
# given, in two parts (PARTS, default "fuzz races"):
# - fuzz: the seeded type1 fuzzer (vfio/type1_fuzz, run on its own in the
#   guest with iommu_test.fuzz=1), each seed of SEEDS (default "1 2 3"),
#   ITERS iterations per thread (default 200000), UNPLUGS hot-unplugs of
#   edu (default 10); it passes when the
#   fuzzer says ok;
# - races: every KUnit suite, with the race cases' iterations multiplied
#   by RACE_STRESS (default 10, each suite's stress= parameter); it passes
#   when no case fails, and prints the operations each race case survived.
# Either part fails on a splat or a leak the final kmemleak scan reports,
# judged by scripts/report.py as in make check.
# KASAN=1 boots the KASAN kernels (make check-kasan builds them).  Logs in
# build/logs-stress/.
#   scripts/stress.sh PLATFORM...
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/logs-stress
mkdir -p "$out"
bad=0
# The first splat or kmemleak report of a log, as make check's report
# judges them (scripts/report.py: lockdep, ODEBUG, RCU stalls and the rest)
splat() {
	python3 -c 'import importlib.util, sys
spec = importlib.util.spec_from_file_location("report", sys.argv[1])
r = importlib.util.module_from_spec(spec); spec.loader.exec_module(r)
text = open(sys.argv[2], errors="replace").read().splitlines()
bad = r.splats(text) + [(n, w) for n, w, _ in (r.kmemleak_reports(text) or [])]
print(bad[0][1][:120] if bad else "")' "$top/scripts/report.py" "$1"
}

for p in "$@"; do
	case " ${PARTS:-fuzz races} " in *" fuzz "*) ;; *) continue ;; esac
	for seed in ${SEEDS:-1 2 3}; do
		log=$out/$p-$seed.log
		LOG=$log TIMEOUT=${TIMEOUT:-900} "$top/scripts/boot.sh" "$p" \
			kunit.filter_glob=none.none iommu_test.selftests=0 \
			iommu_test.fuzz=1 "iommu_test.fuzz_seed=$seed" \
			"iommu_test.fuzz_iters=${ITERS:-200000}" \
			"iommu_test.fuzz_unplugs=${UNPLUGS:-10}" >/dev/null 2>&1 || true
		reqs=$(sed -n 's/.*fuzz: seed .*iterations per thread, \([0-9]*\) requests.*/\1/p' "$log")
		unplugs=$(sed -n 's/.*fuzz: seed .* requests, \([0-9]*\) hot-unplugs.*/\1/p' "$log")
		splat=$(splat "$log")
		if grep -q '^=== FUZZ END rc=0 ===' "$log" && [ -z "$splat" ]; then
			echo "stress: $p seed $seed: ok, ${reqs:-?} requests, ${unplugs:-?} hot-unplugs"
		else
			echo "stress: $p seed $seed: FAILED ${splat:-(the fuzzer failed or did not finish)}, see $log"
			bad=1
		fi
	done
done

for p in "$@"; do
	case " ${PARTS:-fuzz races} " in *" races "*) ;; *) continue ;; esac
	n=${RACE_STRESS:-10}
	log=$out/$p-races.log
	LOG=$log TIMEOUT=${TIMEOUT:-1800} "$top/scripts/boot.sh" "$p" \
		iommu_test.selftests=0 "ioasid_kunit.stress=$n" \
		"iommu_mixed_kunit.stress=$n" "iommu_replace_kunit.stress=$n" \
		"iommu_edu_kunit.stress=$n" >/dev/null 2>&1 || true
	splat=$(splat "$log")
	failed=$(grep -E -c '^(\[[ 0-9.]+\] )?[[:space:]]*not ok ' "$log" || true)
	cases=$(sed -n 's/.*iommu-stress: \([a-z_]*\) ops=\([0-9]*\).*/\1=\2/p' "$log" | tr '\n' ' ')
	if grep -q '^=== GUEST DONE ===' "$log" && [ -z "$splat" ] &&
	   [ "$failed" = 0 ] && [ -n "$cases" ]; then
		echo "stress: $p races x$n: ok, $cases"
	else
		echo "stress: $p races x$n: FAILED ${splat:-($failed failed, or the guest did not finish)}, see $log"
		bad=1
	fi
done
exit $bad
