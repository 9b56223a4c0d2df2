// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: ns per VFIO_IOMMU_MAP_DMA + VFIO_IOMMU_UNMAP_DMA of 4 KiB and
 * 2 MiB on a type1 v2 container holding QEMU's edu device, as a VFIO user
 * (QEMU, DPDK) maps its buffers.  The same static binary runs on the
 * series' kernel and on the unpatched base; it uses only 6.1's uAPI.
 * Prints one machine-readable line per size and buffer:
 *   iommu-bench: vfio size=BYTES buf=anon|hugetlb iters=N phys_runs=RUNS
 *                map_ns=MEAN unmap_ns=MEAN map_unmap_ns=MEAN
 *                map_unmap_median_ns=MEDIAN
 * The 2 MiB anonymous buffer lies in as many physical runs as it happens
 * to (type1 maps each with one iommu_map()), so its figure moves from boot
 * to boot; the 2 MiB hugetlb page is one run on every kernel (bench/user/run
 * reserves it; kernels without CONFIG_HUGETLBFS have none, and a note
 * line says so).
 * Exit status 0, or 1 with the failing step on stderr.
 */
#include <time.h>
#include <sys/mman.h>

#include "vfio_edu.h"

#define BENCH_IOVA	0x40000000ULL

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The physically contiguous runs of the @len bytes at @buf (root reads
 * PFNs in /proc/self/pagemap), or 0 if unknown.  type1 maps each run with
 * one iommu_map(), which a driver may back with a superpage: the 2 MiB
 * figure depends on how the pinned pages happened to lie.
 */
static unsigned int phys_runs(void *buf, size_t len)
{
	long psz = sysconf(_SC_PAGESIZE);
	uint64_t ent, prev = 0;
	unsigned int runs = 0;
	size_t i;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	for (i = 0; i < len / psz; i++) {
		off_t off = ((uintptr_t)buf / psz + i) * sizeof(ent);

		if (pread(fd, &ent, sizeof(ent), off) != sizeof(ent) ||
		    !(ent & (1ULL << 63)) || !(ent & ((1ULL << 55) - 1))) {
			runs = 0;
			break;
		}
		ent &= (1ULL << 55) - 1;
		if (!i || ent != prev + 1)
			runs++;
		prev = ent;
	}
	close(fd);
	return runs;
}

static int bench(int container, void *buf, uint64_t size, unsigned int iters,
		 const char *kind)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)buf,
		.iova = BENCH_IOVA,
		.size = size,
	};
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = BENCH_IOVA,
		.size = size,
	};
	uint64_t *total = calloc(iters, sizeof(*total));
	uint64_t map_sum = 0, unmap_sum = 0, t0, t1, t2;
	unsigned int i;

	if (!total)
		return -ENOMEM;
	for (i = 0; i < iters; i++) {
		t0 = now_ns();
		if (ioctl(container, VFIO_IOMMU_MAP_DMA, &map))
			goto fail;
		t1 = now_ns();
		unmap.size = size;
		if (ioctl(container, VFIO_IOMMU_UNMAP_DMA, &unmap))
			goto fail;
		t2 = now_ns();
		if (unmap.size != size) {
			errno = EIO;
			goto fail;
		}
		map_sum += t1 - t0;
		unmap_sum += t2 - t1;
		total[i] = t2 - t0;
	}
	qsort(total, iters, sizeof(*total), cmp_u64);
	if (kind)
		printf("iommu-bench: vfio size=%llu buf=%s iters=%u phys_runs=%u map_ns=%llu unmap_ns=%llu map_unmap_ns=%llu map_unmap_median_ns=%llu\n",
		       (unsigned long long)size, kind, iters, phys_runs(buf, size),
		       (unsigned long long)(map_sum / iters),
		       (unsigned long long)(unmap_sum / iters),
		       (unsigned long long)((map_sum + unmap_sum) / iters),
		       (unsigned long long)total[iters / 2]);
	free(total);
	return 0;
fail:
	free(total);
	return -errno;
}

int main(void)
{
	static const struct { uint64_t size; unsigned int iters; } runs[] = {
		{ 4096, 2000 },
		{ 2 << 20, 200 },
	};
	struct edu_vfio ev;
	const char *what;
	unsigned int i;
	void *buf, *huge;
	int ret;

	ret = edu_vfio_open(&ev, &what);
	if (ret) {
		fprintf(stderr, "vfio-map-bench: %s: %s\n", what, strerror(-ret));
		edu_vfio_close(&ev);
		return 1;
	}
	buf = mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED) {
		fprintf(stderr, "vfio-map-bench: mmap: %s\n", strerror(errno));
		edu_vfio_close(&ev);
		return 1;
	}
	/* One untimed round faults everything in and warms the allocator */
	ret = bench(ev.container, buf, 2 << 20, 2, NULL);
	for (i = 0; !ret && i < sizeof(runs) / sizeof(runs[0]); i++)
		ret = bench(ev.container, buf, runs[i].size, runs[i].iters, "anon");
	munmap(buf, 2 << 20);

	huge = mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_HUGETLB,
		    -1, 0);
	if (huge == MAP_FAILED) {
		printf("iommu-bench: note vfio-map-bench: no 2 MiB hugetlb page (CONFIG_HUGETLBFS): %s\n",
		       strerror(errno));
	} else {
		if (!ret)
			ret = bench(ev.container, huge, 2 << 20, 2, NULL);
		if (!ret)
			ret = bench(ev.container, huge, 2 << 20, 200, "hugetlb");
		munmap(huge, 2 << 20);
	}
	if (ret)
		fprintf(stderr, "vfio-map-bench: map/unmap: %s\n", strerror(-ret));
	edu_vfio_close(&ev);
	return ret ? 1 : 0;
}
