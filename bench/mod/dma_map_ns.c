// SPDX-License-Identifier: GPL-2.0-only
/*
 * make bench: ns per dma_map_page() and per dma_unmap_page() on one PCI
 * device, beside the kernel's dma_map_benchmark, whose figures come in
 * steps of 0.1 us.  Built out of tree (M=) against the series' kernel and
 * against the unpatched base; loaded with bdf=DDDD:BB:DD.F, it measures at
 * load time, prints one line per size and stays loaded until rmmod:
 *   iommu-bench: dma_map size=BYTES iters=N map_ns=MEAN unmap_ns=MEAN
 */
#include <linux/dma-mapping.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sched.h>

static char *bdf;
module_param(bdf, charp, 0444);
MODULE_PARM_DESC(bdf, "PCI device to map for (bound to dma_map_benchmark)");
static unsigned int iters = 10000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "map + unmap pairs per size (default 10000)");

static int dma_map_ns_size(struct device *dev, struct page *page, size_t size,
			   bool report)
{
	u64 map_ns = 0, unmap_ns = 0, t0, t1, t2;
	dma_addr_t addr;
	unsigned int i;

	for (i = 0; i < iters; i++) {
		t0 = ktime_get_ns();
		addr = dma_map_page(dev, page, 0, size, DMA_BIDIRECTIONAL);
		t1 = ktime_get_ns();
		if (dma_mapping_error(dev, addr))
			return -ENOMEM;
		dma_unmap_page(dev, addr, size, DMA_BIDIRECTIONAL);
		t2 = ktime_get_ns();
		map_ns += t1 - t0;
		unmap_ns += t2 - t1;
		cond_resched();
	}
	if (report)
		pr_info("iommu-bench: dma_map size=%zu iters=%u map_ns=%llu unmap_ns=%llu\n",
			size, iters, div_u64(map_ns, iters),
			div_u64(unmap_ns, iters));
	return 0;
}

static int __init dma_map_ns_init(void)
{
	static const size_t sizes[] = { PAGE_SIZE, 16 * PAGE_SIZE };
	struct device *dev;
	struct page *page;
	unsigned int i;
	int ret = 0;

	if (!bdf || !iters)
		return -EINVAL;
	dev = bus_find_device_by_name(&pci_bus_type, NULL, bdf);
	if (!dev)
		return -ENODEV;
	page = alloc_pages(GFP_KERNEL, get_order(16 * PAGE_SIZE));
	if (!page) {
		ret = -ENOMEM;
		goto out_put_dev;
	}
	/* Warm the IOVA caches up, untimed */
	for (i = 0; i < ARRAY_SIZE(sizes) && !ret; i++)
		ret = dma_map_ns_size(dev, page, sizes[i], false);
	for (i = 0; i < ARRAY_SIZE(sizes) && !ret; i++)
		ret = dma_map_ns_size(dev, page, sizes[i], true);
	__free_pages(page, get_order(16 * PAGE_SIZE));
out_put_dev:
	put_device(dev);
	return ret;
}

static void __exit dma_map_ns_exit(void)
{
}

module_init(dma_map_ns_init);
module_exit(dma_map_ns_exit);
MODULE_DESCRIPTION("ns-resolution dma_map_page() benchmark for make bench");
MODULE_LICENSE("GPL");
