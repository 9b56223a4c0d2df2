// SPDX-License-Identifier: GPL-2.0-only
/*
 * The replace benchmark's 6.1 side: what moving a group from one
 * UNMANAGED domain to another costs on the unpatched base, where the only
 * way is iommu_detach_group() (to the group's blocking domain, the group
 * being owned as VFIO owns it) then iommu_attach_group().  Time per swap
 * (mean and median over "swaps" swaps, one clock read per swap), then the
 * commands the driver submits for one swap and one back, read back from
 * its command queue.  Same workload, clock and reading as the series'
 * edu_replace_benchmark.  scripts/bench-base.sh builds it into a kernel
 * of the base commit (with replace-base-amd.c); it is not part of the
 * series.  Boot with replace_base_bench.platform=vtd|vtd-sm|amd|smmuv3.
 */
#include <kunit/test.h>
#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sort.h>
#include <linux/string.h>

#if IS_ENABLED(CONFIG_INTEL_IOMMU)
#include "intel/iommu.h"
#endif
#if IS_ENABLED(CONFIG_ARM_SMMU_V3)
#include "arm/arm-smmu-v3/arm-smmu-v3.h"
#endif

static char *platform = "";
module_param(platform, charp, 0444);

static unsigned int swaps = 1000;
module_param(swaps, uint, 0444);

int replace_base_amd_cmdq(struct device *dev, void **buf, u32 *tail);

#define EDU_CMDS_MAX	64

/**
 * struct edu_cmd - one command read back from an IOMMU command queue
 * @op: the command's type: VT-d descriptor type, AMD-Vi opcode, SMMUv3
 *	opcode
 * @tag: the domain tag it names (VT-d DID, AMD-Vi DomainID, SMMUv3 ASID
 *	or VMID), the device for device-table commands (AMD-Vi DeviceID,
 *	SMMUv3 StreamID), or 0
 */
struct edu_cmd {
	u8 op;
	u32 tag;
};

/**
 * struct edu_cmdq - where the driver's next command goes, and its queue
 * @base: the queue's entries
 * @entry_size: bytes per entry
 * @entries: entries in the queue
 * @index_mask: the producer index counts modulo @index_mask + 1
 * @prod: producer index (in entries, with the wrap bit on SMMUv3)
 * @decode: the command in an entry
 */
struct edu_cmdq {
	void *base;
	unsigned int entry_size;
	unsigned int entries;
	u32 index_mask;
	u32 prod;
	void (*decode)(const void *entry, struct edu_cmd *cmd);
};

#if IS_ENABLED(CONFIG_INTEL_IOMMU)
/* VT-d 6.5.2: type in bits 3:0 and 11:9; the DID in bits 31:16 */
static void edu_vtd_decode(const void *entry, struct edu_cmd *cmd)
{
	u64 qw0 = READ_ONCE(*(const u64 *)entry);

	cmd->op = (qw0 & 0xf) | ((qw0 >> 5) & 0x70);
	switch (cmd->op) {
	case QI_CC_TYPE:
	case QI_IOTLB_TYPE:
	case QI_EIOTLB_TYPE:
	case QI_PC_TYPE:
		cmd->tag = (qw0 >> 16) & 0xffff;
		break;
	default:
		cmd->tag = 0;
	}
}
#endif

#if IS_ENABLED(CONFIG_AMD_IOMMU)
/* AMD IOMMU 2.4: opcode in bits 63:60; DeviceID or DomainID follows */
static void edu_amd_decode(const void *entry, struct edu_cmd *cmd)
{
	u64 qw0 = READ_ONCE(*(const u64 *)entry);

	cmd->op = qw0 >> 60;
	switch (cmd->op) {
	case 2:		/* INVALIDATE_DEVTAB_ENTRY */
		cmd->tag = qw0 & 0xffff;
		break;
	case 3:		/* INVALIDATE_IOMMU_PAGES */
		cmd->tag = (qw0 >> 32) & 0xffff;
		break;
	default:
		cmd->tag = 0;
	}
}
#endif

#if IS_ENABLED(CONFIG_ARM_SMMU_V3)
/* SMMUv3 4.1: opcode in bits 7:0; StreamID, ASID or VMID in word 0 */
static void edu_smmu_decode(const void *entry, struct edu_cmd *cmd)
{
	u64 dw0 = le64_to_cpu(READ_ONCE(*(const __le64 *)entry));

	cmd->op = dw0 & 0xff;
	switch (cmd->op) {
	case CMDQ_OP_PREFETCH_CFG:
	case CMDQ_OP_CFGI_STE:
	case CMDQ_OP_CFGI_CD:
		cmd->tag = dw0 >> 32;
		break;
	case CMDQ_OP_TLBI_NH_ASID:
	case CMDQ_OP_TLBI_NH_VA:
		cmd->tag = dw0 >> 48;
		break;
	case CMDQ_OP_TLBI_S12_VMALL:
	case CMDQ_OP_TLBI_S2_IPA:
		cmd->tag = (dw0 >> 32) & 0xffff;
		break;
	default:
		cmd->tag = 0;
	}
}
#endif

/* The command queue of @dev's IOMMU and its producer index now */
static int edu_cmdq_get(struct device *dev, struct edu_cmdq *q)
{
	struct iommu_device *iommu = dev->iommu ? dev->iommu->iommu_dev : NULL;

	memset(q, 0, sizeof(*q));
	if (!iommu)
		return -ENODEV;
#if IS_ENABLED(CONFIG_INTEL_IOMMU)
	if (!strncmp(platform, "vtd", 3)) {
		struct intel_iommu *vtd = container_of(iommu, struct intel_iommu,
						       iommu);

		if (!vtd->qi)
			return -ENODEV;
		q->base = vtd->qi->desc;
		q->entry_size = 1 << qi_shift(vtd);
		q->entries = QI_LENGTH;
		q->index_mask = QI_LENGTH - 1;
		q->prod = READ_ONCE(vtd->qi->free_head);
		q->decode = edu_vtd_decode;
		return 0;
	}
#endif
#if IS_ENABLED(CONFIG_AMD_IOMMU)
	if (!strcmp(platform, "amd")) {
		u32 tail;

		if (replace_base_amd_cmdq(dev, &q->base, &tail))
			return -ENODEV;
		/* 6.1 allocates CMD_BUFFER_SIZE: 512 commands of 16 bytes */
		q->entry_size = 16;
		q->entries = 512;
		q->index_mask = 511;
		q->prod = tail / 16;
		q->decode = edu_amd_decode;
		return 0;
	}
#endif
#if IS_ENABLED(CONFIG_ARM_SMMU_V3)
	if (!strcmp(platform, "smmuv3")) {
		struct arm_smmu_device *smmu;
		struct arm_smmu_queue *cq;

		smmu = container_of(iommu, struct arm_smmu_device, iommu);
		cq = &smmu->cmdq.q;
		q->base = cq->base;
		q->entry_size = cq->ent_dwords * 8;
		q->entries = 1 << cq->llq.max_n_shift;
		/* the index and its wrap bit */
		q->index_mask = (2 << cq->llq.max_n_shift) - 1;
		q->prod = READ_ONCE(cq->llq.prod) & q->index_mask;
		q->decode = edu_smmu_decode;
		return 0;
	}
#endif
	return -EOPNOTSUPP;
}

/*
 * The commands submitted since @q was taken, the first EDU_CMDS_MAX of them
 * in @cmds: returns how many (all of them), and moves @q on.  Nothing else
 * may submit meanwhile; fewer than a queue's worth may have been submitted.
 */
static unsigned int edu_cmdq_read(struct device *dev, struct edu_cmdq *q,
				  struct edu_cmd *cmds)
{
	struct edu_cmdq now;
	unsigned int n, i;

	if (edu_cmdq_get(dev, &now))
		return 0;
	n = (now.prod - q->prod) & q->index_mask;
	for (i = 0; cmds && i < min(n, (unsigned int)EDU_CMDS_MAX); i++)
		q->decode(q->base + ((q->prod + i) % q->entries) * q->entry_size,
			  &cmds[i]);
	*q = now;
	return n;
}

/* The name of a command type, for messages */
static const char *edu_cmd_name(u8 op)
{
	/* VT-d 6.5.2 descriptor types, AMD IOMMU 2.4 opcodes */
	static const char * const vtd[] = {
		[1] = "cc", [2] = "iotlb", [3] = "devtlb", [4] = "iec",
		[5] = "wait", [6] = "piotlb", [7] = "pc", [8] = "pdevtlb",
	};
	static const char * const amd[] = {
		[1] = "wait", [2] = "dte", [3] = "pages", [4] = "iotlb",
		[5] = "irt", [7] = "ppr", [8] = "all",
	};

	if (!strncmp(platform, "vtd", 3))
		return op < ARRAY_SIZE(vtd) && vtd[op] ? vtd[op] : "?";
	if (!strcmp(platform, "amd"))
		return op < ARRAY_SIZE(amd) && amd[op] ? amd[op] : "?";
	/* SMMUv3 4.1 opcodes */
	switch (op) {
	case 0x01: return "prefetch_cfg";
	case 0x03: return "cfgi_ste";
	case 0x05: return "cfgi_cd";
	case 0x06: return "cfgi_cd_all";
	case 0x11: return "tlbi_asid";
	case 0x12: return "tlbi_va";
	case 0x28: return "tlbi_vmall";
	case 0x40: return "atc_inv";
	case 0x46: return "sync";
	}
	return "?";
}

/* "cc/2,wait,iotlb/2,wait": @n commands, the first EDU_CMDS_MAX named */
static void edu_cmds_str(char *buf, size_t size, const struct edu_cmd *cmds,
			 unsigned int n)
{
	size_t len = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < min(n, (unsigned int)EDU_CMDS_MAX) && len < size; i++)
		len += scnprintf(buf + len, size - len, cmds[i].tag ? "%s%s/%u" : "%s%s",
				 i ? "," : "", edu_cmd_name(cmds[i].op),
				 cmds[i].tag);
}


static int bench_edu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	return 0;
}

static const struct pci_device_id bench_edu_ids[] = {
	{ PCI_DEVICE(0x1234, 0x11e8) },
	{ }
};

static struct pci_driver bench_edu_driver = {
	.name = "replace-base-bench",
	.id_table = bench_edu_ids,
	.probe = bench_edu_probe,
	.driver_managed_dma = true,
};

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static void replace_base_benchmark(struct kunit *test)
{
	unsigned int n = round_up(max(swaps, 2U), 2), cmds_n[2];
	struct iommu_domain *dom[2] = {};
	struct iommu_group *group;
	struct edu_cmd *cmds;
	struct pci_dev *pdev;
	struct edu_cmdq q;
	u64 start, t0, t1, *ns, med;
	char *seq;
	int i, ret = 0;

	pdev = pci_get_device(0x1234, 0x11e8, NULL);
	if (!pdev)
		kunit_skip(test, "no edu device");
	ns = kunit_kcalloc(test, n, sizeof(*ns), GFP_KERNEL);
	cmds = kunit_kcalloc(test, EDU_CMDS_MAX, sizeof(*cmds), GFP_KERNEL);
	seq = kunit_kzalloc(test, 1024, GFP_KERNEL);
	/*
	 * On arm64, 6.1 gives a PCI device its group when a driver binds
	 * (dma_configure): bind one that leaves DMA ownership to us
	 */
	ret = pci_register_driver(&bench_edu_driver);
	if (ret) {
		KUNIT_FAIL(test, "driver: %d", ret);
		goto out_pdev;
	}
	group = iommu_group_get(&pdev->dev);
	if (!ns || !cmds || !seq || !group) {
		KUNIT_FAIL(test, "no memory or no group");
		goto out_put;
	}
	ret = iommu_group_claim_dma_owner(group, test);
	if (ret) {
		KUNIT_FAIL(test, "claim: %d", ret);
		goto out_put;
	}
	dom[0] = iommu_domain_alloc(pdev->dev.bus);
	dom[1] = iommu_domain_alloc(pdev->dev.bus);
	if (!dom[0] || !dom[1]) {
		KUNIT_FAIL(test, "no domain");
		goto out_release;
	}
	ret = iommu_attach_group(dom[0], group);
	if (ret) {
		KUNIT_FAIL(test, "attach: %d", ret);
		goto out_release;
	}

	start = ktime_get_ns();
	t0 = start;
	for (i = 0; i < n && !ret; i++) {
		iommu_detach_group(dom[i & 1], group);
		ret = iommu_attach_group(dom[(i + 1) & 1], group);
		t1 = ktime_get_ns();
		ns[i] = t1 - t0;
		t0 = t1;
	}
	KUNIT_EXPECT_EQ(test, ret, 0);
	if (ret)
		goto out_release;
	sort(ns, n, sizeof(*ns), cmp_u64, NULL);
	med = (ns[n / 2 - 1] + ns[n / 2]) / 2;
	kunit_info(test, "iommu-bench: platform=%s kernel=base detach_attach_ns=%llu detach_attach_median_ns=%llu swaps=%u\n",
		   platform, div_u64(t0 - start, n), med, n);

	if (!edu_cmdq_get(&pdev->dev, &q)) {
		for (i = 0; i < 2 && !ret; i++) {
			iommu_detach_group(dom[i], group);
			ret = iommu_attach_group(dom[!i], group);
			cmds_n[i] = edu_cmdq_read(&pdev->dev, &q, i ? NULL : cmds);
		}
		KUNIT_EXPECT_EQ(test, ret, 0);
		edu_cmds_str(seq, 1024, cmds, cmds_n[0]);
		kunit_info(test, "iommu-bench: platform=%s kernel=base cmds mode=detach_attach per_swap=%u.%u seq=%s\n",
			   platform, (cmds_n[0] + cmds_n[1]) / 2,
			   (cmds_n[0] + cmds_n[1]) & 1 ? 5 : 0, seq);
	}
	iommu_detach_group(dom[0], group);
out_release:
	for (i = 0; i < 2; i++)
		if (dom[i])
			iommu_domain_free(dom[i]);
	iommu_group_release_dma_owner(group);
out_put:
	iommu_group_put(group);
	pci_unregister_driver(&bench_edu_driver);
out_pdev:
	pci_dev_put(pdev);
}

static struct kunit_case replace_base_bench_cases[] = {
	KUNIT_CASE(replace_base_benchmark),
	{}
};

static struct kunit_suite replace_base_bench_suite = {
	.name = "replace-base-bench",
	.test_cases = replace_base_bench_cases,
};

kunit_test_suite(replace_base_bench_suite);
MODULE_LICENSE("GPL");
