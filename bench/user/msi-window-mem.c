// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench (BENCH_PARTS=mem): the kernel memory a type1 v2 container's
 * IOMMU domain takes, and what placing its MSI window
 * (VFIO_IOMMU_SET_MSI_WINDOW, which gives the domain a mixed cookie)
 * adds, on a guest with as many CPUs as scripts/bench.sh gives it.
 * The same static binary runs on the series' kernel and on the unpatched
 * base (which has no SET_MSI_WINDOW: it prints the domain's figure only).
 *
 * Memory is counted as the bytes of the active slab objects of every cache
 * (/proc/slabinfo: active_objs * objsize) plus the per-CPU allocator's
 * total (/proc/meminfo "Percpu:").  Each step runs ROUNDS times with edu
 * already on vfio-pci; the median of each delta is printed:
 *   iommu-bench: mem cpus=N rounds=R domain_slab=B domain_percpu=B
 *                window_slab=B window_percpu=B left_slab=B left_percpu=B
 * (window_* absent where the window cannot be placed: x86's fixed
 * doorbells, or the base).  left_* is what stays after the container and
 * group are closed, against before they were opened.
 * Exit status 0, or 1 with the failing step on stderr.
 */
#include <time.h>

#include "vfio_edu.h"

#define ROUNDS		7
#define WIN_IOVA	0x40000000ULL
#define WIN_SIZE	0x00100000ULL

#ifndef VFIO_IOMMU_SET_MSI_WINDOW
#define VFIO_IOMMU_SET_MSI_WINDOW	_IO(VFIO_TYPE1_EXT_TYPE, 2)
struct vfio_iommu_type1_msi_window {
	__u32 argsz;
	__u32 flags;
	__u64 iova;
	__u64 size;
};
#endif

struct mem {
	long long slab, percpu;
};

static int read_mem(struct mem *m)
{
	char line[512], name[128];
	long long active, num, size;
	FILE *f;

	/* Let RCU-deferred frees (IOVA magazines, domains) finish */
	sync();
	usleep(200000);
	m->slab = 0;
	m->percpu = -1;
	f = fopen("/proc/slabinfo", "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s %lld %lld %lld", name, &active, &num,
			   &size) == 4)
			m->slab += active * size;
	fclose(f);
	f = fopen("/proc/meminfo", "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Percpu: %lld kB", &size) == 1)
			m->percpu = size * 1024;
	fclose(f);
	return m->percpu < 0 ? -ENOENT : 0;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static long long median(long long *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_ll);
	return v[n / 2];
}

static int open_container(struct edu_vfio *ev)
{
	ev->container = open("/dev/vfio/vfio", O_RDWR);
	if (ev->container < 0)
		return -errno;
	ev->group = open(ev->group_path, O_RDWR);
	if (ev->group < 0)
		return -errno;
	if (ioctl(ev->group, VFIO_GROUP_SET_CONTAINER, &ev->container) ||
	    ioctl(ev->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		return -errno;
	return 0;
}

static void close_container(struct edu_vfio *ev)
{
	close(ev->group);
	close(ev->container);
	ev->group = -1;
	ev->container = -1;
}

int main(void)
{
	long long dom_slab[ROUNDS], dom_pcpu[ROUNDS], win_slab[ROUNDS];
	long long win_pcpu[ROUNDS], left_slab[ROUNDS], left_pcpu[ROUNDS];
	struct vfio_iommu_type1_msi_window win = {
		.argsz = sizeof(win), .iova = WIN_IOVA, .size = WIN_SIZE,
	};
	struct mem m0, m1, m2, m3;
	const char *what;
	struct edu_vfio ev;
	int placed = 0, r, ret;

	ret = edu_vfio_open(&ev, &what);
	if (ret) {
		fprintf(stderr, "msi-window-mem: %s: %s\n", what, strerror(-ret));
		edu_vfio_close(&ev);
		return 1;
	}
	/* edu stays on vfio-pci; each round opens a container of its own */
	close_container(&ev);
	for (r = 0; r < ROUNDS; r++) {
		what = "read memory counters";
		if (read_mem(&m0))
			goto fail;
		what = "open a container with edu's group";
		ret = open_container(&ev);
		if (ret || read_mem(&m1))
			goto fail;
		ret = ioctl(ev.container, VFIO_IOMMU_SET_MSI_WINDOW, &win);
		if (!ret)
			placed++;
		what = "read memory counters";
		if (read_mem(&m2))
			goto fail;
		close_container(&ev);
		if (read_mem(&m3))
			goto fail;
		dom_slab[r] = m1.slab - m0.slab;
		dom_pcpu[r] = m1.percpu - m0.percpu;
		win_slab[r] = m2.slab - m1.slab;
		win_pcpu[r] = m2.percpu - m1.percpu;
		left_slab[r] = m3.slab - m0.slab;
		left_pcpu[r] = m3.percpu - m0.percpu;
	}
	if (placed && placed != ROUNDS) {
		fprintf(stderr, "msi-window-mem: window placed in %d of %d rounds\n",
			placed, ROUNDS);
		edu_vfio_close(&ev);
		return 1;
	}
	printf("iommu-bench: mem cpus=%ld rounds=%d domain_slab=%lld domain_percpu=%lld",
	       sysconf(_SC_NPROCESSORS_CONF), ROUNDS, median(dom_slab, ROUNDS),
	       median(dom_pcpu, ROUNDS));
	if (placed)
		printf(" window_slab=%lld window_percpu=%lld",
		       median(win_slab, ROUNDS), median(win_pcpu, ROUNDS));
	printf(" left_slab=%lld left_percpu=%lld\n", median(left_slab, ROUNDS),
	       median(left_pcpu, ROUNDS));
	edu_vfio_close(&ev);
	return 0;

fail:
	fprintf(stderr, "msi-window-mem: %s: %s\n", what,
		strerror(ret < 0 ? -ret : errno));
	if (ev.container >= 0)
		close_container(&ev);
	edu_vfio_close(&ev);
	return 1;
}
