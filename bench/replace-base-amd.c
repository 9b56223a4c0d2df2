// SPDX-License-Identifier: GPL-2.0-only
/*
 * For bench/replace-base-bench.c: where the unpatched base's AMD-Vi driver
 * puts its next command (AMD-Vi's types and VT-d's cannot be included in
 * one file).  Not part of the series.
 */
#include <linux/iommu.h>

#if IS_ENABLED(CONFIG_AMD_IOMMU)
#include "amd/amd_iommu_types.h"
#endif

int replace_base_amd_cmdq(struct device *dev, void **buf, u32 *tail);

int replace_base_amd_cmdq(struct device *dev, void **buf, u32 *tail)
{
#if IS_ENABLED(CONFIG_AMD_IOMMU)
	struct amd_iommu *iommu;

	if (!dev->iommu || !dev->iommu->iommu_dev)
		return -ENODEV;
	iommu = container_of(dev->iommu->iommu_dev, struct amd_iommu, iommu);
	*buf = iommu->cmd_buf;
	*tail = READ_ONCE(iommu->cmd_buf_tail);
	return 0;
#else
	return -ENODEV;
#endif
}
