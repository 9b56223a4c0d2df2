// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IOASID benchmark of the series' "ioasid" KUnit suite, written for
 * the unpatched 6.1 allocator (one global ID space, ioasid_free() without
 * a set).  scripts/bench-base.sh builds it into a kernel of the base
 * commit; it is not part of the series.  Same workload as
 * ioasid_benchmark(): with 1k and 100k live IDs, 10000 alloc + free, then
 * 10000 finds; then the first and the last 4096 of 2^20 - 1 IDs.
 */
#include <kunit/test.h>
#include <linux/ioasid.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/rcupdate.h>

static DECLARE_IOASID_SET(bench_set);

static void ioasid_base_benchmark(struct kunit *test)
{
	static const unsigned int lives[] = { 1000, 100000 };
	const ioasid_t max = (1U << 20) - 1;
	const unsigned int ops = 10000, edge = 4096;
	unsigned int i, k;
	u64 t0, alloc_ns, find_ns, first_ns = 0, last_ns;
	ioasid_t id;

	for (k = 0; k < ARRAY_SIZE(lives); k++) {
		for (i = 0; i < lives[k]; i++)
			KUNIT_ASSERT_NE(test, ioasid_alloc(&bench_set, 1, max,
							   NULL),
					INVALID_IOASID);
		t0 = ktime_get_ns();
		for (i = 0; i < ops; i++) {
			id = ioasid_alloc(&bench_set, 1, max, NULL);
			if (id == INVALID_IOASID)
				break;
			ioasid_free(id);
		}
		alloc_ns = ktime_get_ns() - t0;
		KUNIT_EXPECT_EQ(test, i, ops);
		t0 = ktime_get_ns();
		for (i = 0; i < ops; i++)
			if (IS_ERR(ioasid_find(&bench_set, 1 + (i * 7919) % lives[k],
					       NULL)))
				break;
		find_ns = ktime_get_ns() - t0;
		KUNIT_EXPECT_EQ(test, i, ops);
		kunit_info(test, "iommu-bench: ioasid-base live=%u alloc_free_ns=%llu find_ns=%llu\n",
			   lives[k], div_u64(alloc_ns, ops), div_u64(find_ns, ops));
		for (i = 1; i <= lives[k]; i++)
			ioasid_free(i);
	}

	/* The whole PASID space: the first and the last IDs */
	rcu_barrier();	/* the frees above: not in the first IDs' time */
	for (i = 0; i < max; i++) {
		if (i == 0 || i == max - edge)
			t0 = ktime_get_ns();
		if (ioasid_alloc(&bench_set, 1, max, NULL) == INVALID_IOASID)
			break;
		if (i == edge - 1)
			first_ns = ktime_get_ns() - t0;
		if (!(i & 4095))
			cond_resched();
	}
	last_ns = ktime_get_ns() - t0;
	KUNIT_EXPECT_EQ(test, i, max);
	kunit_info(test, "iommu-bench: ioasid-base-fill ids=%u first_ns=%llu last_ns=%llu\n",
		   i, div_u64(first_ns, edge), div_u64(last_ns, edge));
	for (id = 1; id <= i; id++)
		ioasid_free(id);
}

static struct kunit_case ioasid_base_bench_cases[] = {
	KUNIT_CASE(ioasid_base_benchmark),
	{}
};

static struct kunit_suite ioasid_base_bench_suite = {
	.name = "ioasid-base-bench",
	.test_cases = ioasid_base_bench_cases,
};

kunit_test_suite(ioasid_base_bench_suite);
MODULE_LICENSE("GPL");
