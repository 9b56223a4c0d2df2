# The series' workbench.  "make run" shows the series working, "make check"
# runs every test on every platform.  See README.md.
SHELL := /bin/sh
PLATFORMS ?= vtd vtd-sm vtd-cm amd smmuv3
ARCHES := x86_64 arm64
S := scripts

.PHONY: all deps base tree export check-export build build-each check check-report check-32bit check-kasan bench run checkpatch lint distro-check distro-check-off distro-check-allmod distro-check-rand stress boot-% clean

all: check

deps:
	@$(S)/deps.sh

base: deps
	@$(S)/base.sh

tree: base
	@$(S)/tree.sh

export:
	@$(S)/export.sh

build-%: tree
	@$(S)/build-kernel.sh $*
	@$(S)/build-initramfs.sh $*

build: $(addprefix build-,$(ARCHES))

boot-%:
	@. platforms/$*.conf && $(MAKE) --no-print-directory build-$$ARCH
	@$(S)/boot.sh $* || true
	@python3 $(S)/report.py build/linux $*=build/logs/$*.log

# Every patch of the series builds drivers/iommu/ on both architectures
build-each: build
	@$(S)/build-each.sh

checkpatch: tree
	@$(S)/checkpatch.sh

# patches/ is what any machine exports from base + patches/
check-export: tree
	@$(S)/check-export.sh

# W=1 and sparse on every C file the series touches: nothing new
lint: build
	@$(S)/lint.sh

# report.py's self-tests on the sample logs of scripts/report-tests/ (seconds;
# they need the KUnit parser of build/linux)
check-report:
	@python3 $(S)/report-selftest.py

# Every platform boots even if one fails; the report decides.
check: build check-report
	@rm -f build/logs/*.log; start=$$(date +%s); \
	for p in $(PLATFORMS); do $(S)/boot.sh $$p || true; done; \
	echo "guests ran $$(( $$(date +%s) - start ))s"; \
	rc=0; $(S)/checkpatch.sh || rc=1; \
	$(S)/check-export.sh || rc=1; \
	start=$$(date +%s); $(S)/lint.sh || rc=1; \
	echo "lint ran $$(( $$(date +%s) - start ))s"; \
	python3 $(S)/report.py build/linux $(foreach p,$(PLATFORMS),$(p)=build/logs/$(p).log) || rc=1; \
	exit $$rc

# The KUnit suites that build on 32-bit kernels, on i386 under QEMU through
# kunit.py: where no word or pair is one store, no write is called hitless.
check-32bit: tree
	@$(S)/check-32bit.sh

# The same tests on KASAN kernels (separate object directories, logs in
# build/logs-kasan/): about twice the build time, so not part of "check".
check-kasan: tree
	@for a in $(ARCHES); do KASAN=1 $(S)/build-kernel.sh $$a && $(S)/build-initramfs.sh $$a || exit 1; done
	@rm -f build/logs-kasan/*.log; \
	for p in $(PLATFORMS); do KASAN=1 TIMEOUT=1800 $(S)/boot.sh $$p || true; done; \
	python3 $(S)/report.py build/linux $(foreach p,$(PLATFORMS),$(p)=build/logs-kasan/$(p).log)

# Benchmarks under -icount (one vCPU, guest time = instruction count), so
# that figures repeat run after run, and the invalidation commands per swap
# counted in QEMU's trace; then the DMA API and VFIO in the guest on the
# series and the unpatched base (build/kernel-ARCH-base), interleaved, under
# -icount and on the wall clock; tables of ratios (scripts/bench-report.py),
# logs, bench.txt and bench.json in build/logs-bench/.  Never part of check.
bench: build
	@$(S)/bench-base.sh $(ARCHES)
	@NODEBUG=1 $(S)/bench-base.sh $(ARCHES)
	@for a in $(ARCHES); do NODEBUG=1 $(S)/build-kernel.sh $$a || exit 1; done
	@$(S)/bench.sh $(PLATFORMS)

# drivers/iommu/, drivers/vfio/ and drivers/pci/ of the base and the series
# in Debian 12's own kernel configurations (amd64, i386, arm64, armhf,
# ppc64el, s390x, and the RT flavours on Debian's RT patch set): no error,
# no new warning, no 64-bit division helper on 32-bit, no new modpost
# message.  Installs the cross compilers, the configurations, Debian's
# Module.symvers and RT patch set first.  Not part of check.
distro-check: tree
	@$(S)/deps.sh distro
	@$(S)/distro-check.sh $(DISTRO_CONFIGS)

# Long runs: the seeded type1 fuzzer (SEEDS, ITERS) and the KUnit race
# cases lengthened (RACE_STRESS) on every platform (PARTS, KASAN=1 for the
# KASAN kernels of check-kasan).  Not part of check.
stress: build
	@$(S)/stress.sh $(PLATFORMS)

# The same with the series' options switched off in turn (no IOMMU, no
# PCI_P2PDMA, no VFIO, no IOASID), so that every stub is compiled
distro-check-off: tree
	@$(S)/deps.sh distro
	@$(S)/distro-check.sh off

# allmodconfig on x86_64, i386, arm64 and 32-bit ARM (with ipmmu-vmsa), and
# RAND_SEEDS (default 4) seeded randconfigs on x86_64 and arm64 with the
# series' options set at random
distro-check-allmod: tree
	@$(S)/deps.sh distro
	@$(S)/distro-check.sh allmod

distro-check-rand: tree
	@$(S)/deps.sh distro
	@$(S)/distro-check.sh rand

run: build-x86_64
	@SERIAL=stdio LOG=build/logs/run.log $(S)/boot.sh vtd quiet \
		iommu_test.show=1 iommu_test.selftests=0

clean:
	rm -rf build/obj-* build/kernel-* build/initramfs-* build/kselftest-* build/logs* \
		build/headers-* build/modules-*
