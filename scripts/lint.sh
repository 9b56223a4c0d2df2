#!/bin/sh
# W=1 and sparse (C=2) on every C file the series touches, for x86_64 and
# arm64: no warning that the base does not have.  Each file that compiles
# for the architecture (another architecture's driver does not; a file
# the test kernel builds must) is compiled in the series' tree and, if it
# exists there, in a worktree of the base, both with the test kernels'
# configuration, in object directories of their own (build/obj-lint-*).
# Warnings are compared per file, without line numbers; any that only the
# series has fails.
#   scripts/lint.sh [ARCH...]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
base_wt=$top/build/lint-base
arches=${*:-x86_64 arm64}

# The base tree, checked out once per base commit
base=$(git -C "$tree" rev-parse base)
if [ "$(git -C "$base_wt" rev-parse HEAD 2>/dev/null || true)" != "$base" ]; then
	git -C "$tree" worktree remove --force "$base_wt" >/dev/null 2>&1 || rm -rf "$base_wt"
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$base_wt" base
fi

files=$(git -C "$tree" diff --name-only --diff-filter=AM base..HEAD -- '*.c' |
	grep -v '^tools/' || true)
bad=0
for arch in $arches; do
	case $arch in
	x86_64) cross= ;;
	arm64) cross=aarch64-linux-gnu- ;;
	*) echo "lint: unknown arch $arch" >&2; exit 1 ;;
	esac
	cc=${cross}gcc
	command -v ccache >/dev/null 2>&1 && cc="ccache $cc"
	frags="$top/configs/common.config $top/configs/$arch.config $top/configs/debug.config"
	ok=$top/build/obj-lint-series-$arch/lint.files
	for side in series base; do
		src=$tree
		[ $side = base ] && src=$base_wt
		obj=$top/build/obj-lint-$side-$arch
		mkdir -p "$obj"
		cat $frags > "$obj/fragments.config"
		make -s -C "$src" O="$obj" ARCH=$arch CROSS_COMPILE=$cross CC="$cc" \
			KCONFIG_ALLCONFIG="$obj/fragments.config" allnoconfig >/dev/null
		make -s -C "$src" O="$obj" ARCH=$arch CROSS_COMPILE=$cross CC="$cc" \
			-j"$(nproc)" prepare >/dev/null 2>&1
		: > "$obj/lint.log"
		[ $side = base ] || : > "$ok"
		for f in $files; do
			[ -f "$src/$f" ] || continue
			[ $side = series ] || grep -qxF "$f" "$ok" || continue
			o=${f%.c}.o
			# Compile it again even if up to date (ccache keeps it
			# cheap): an object not rebuilt shows no warning
			rm -f "$obj/$o"
			if ! out=$(make -s -C "$src" O="$obj" ARCH=$arch CROSS_COMPILE=$cross \
				CC="$cc" W=1 C=2 "$o" 2>&1); then
				# Not for this architecture (another one's driver),
				# unless the test kernel builds it
				if [ $side = series ] && [ -f "$top/build/obj-$arch/$o" ]; then
					echo "lint: $arch: $f does not build:" >&2
					echo "$out" >&2
					bad=1
				fi
				continue
			fi
			[ $side = base ] || echo "$f" >> "$ok"
			# file: message, without line/column numbers and paths;
			# only the file's own (headers included), not those of
			# what kbuild rebuilds on the way
			echo "$out" | grep -E 'warning:|error:' |
				sed -e "s|^$src/||" -e 's|^\([^:]*\):[0-9]*:[0-9]*:|\1:|' \
					-e 's|^\([^:]*\):[0-9]*:|\1:|' |
				grep -v -e '^arch/[^:]*/vdso' >> "$obj/lint.log" || true
		done
		sort "$obj/lint.log" -o "$obj/lint.log"
	done
	new=$(comm -23 "$top/build/obj-lint-series-$arch/lint.log" \
		"$top/build/obj-lint-base-$arch/lint.log")
	n=$(grep -c . "$ok" || true)
	if [ -n "$new" ]; then
		echo "lint: $arch: warnings the base does not have (W=1, sparse):"
		echo "$new" | sed 's/^/lint:   /'
		bad=1
	else
		echo "lint: $arch: no new W=1 or sparse warning in the $n C files the series touches" \
			"($(grep -c . "$top/build/obj-lint-base-$arch/lint.log" || true) in the base)"
	fi
done
# The series also builds where no test is configured: drivers/iommu/ with
# the test configuration minus KUnit and the tests, W=1, no warning
for arch in $arches; do
	case $arch in x86_64) cross= ;; arm64) cross=aarch64-linux-gnu- ;; esac
	cc=${cross}gcc
	command -v ccache >/dev/null 2>&1 && cc="ccache $cc"
	obj=$top/build/obj-nokunit-$arch
	mkdir -p "$obj"
	cat "$top/configs/common.config" "$top/configs/$arch.config" |
		grep -v -e KUNIT -e '_TEST=' > "$obj/fragments.config"
	make -s -C "$tree" O="$obj" ARCH=$arch CROSS_COMPILE=$cross CC="$cc" \
		KCONFIG_ALLCONFIG="$obj/fragments.config" allnoconfig >/dev/null
	if grep -q '^CONFIG_KUNIT=y' "$obj/.config"; then
		echo "lint: $arch: the configuration without KUnit still has it" >&2
		bad=1
		continue
	fi
	out=$(make -s -C "$tree" O="$obj" ARCH=$arch CROSS_COMPILE=$cross \
		CC="$cc" -j"$(nproc)" W=1 drivers/iommu/ 2>&1) || {
		echo "lint: $arch: drivers/iommu/ does not build without KUnit:" >&2
		echo "$out" >&2
		bad=1
		continue
	}
	if echo "$out" | grep -q -E 'warning:|error:'; then
		echo "lint: $arch: drivers/iommu/ without KUnit:" >&2
		echo "$out" | grep -E 'warning:|error:' >&2
		bad=1
	else
		echo "lint: $arch: drivers/iommu/ builds without KUnit, W=1 clean"
	fi
done
exit $bad
