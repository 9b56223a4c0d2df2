#!/bin/sh
# build/linux = base + patches/ applied with "git am" as commits.
# A tree that already carries other work is left alone (with a warning)
# unless FORCE=1: developers commit there and "make export".
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
"$top/scripts/base.sh"
cd "$tree"
"$top/scripts/unignore.sh" "$tree"

patches=$(ls "$top"/patches/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null | grep -v '/0000-cover-letter.patch$' || true)

if [ "$(git rev-parse HEAD)" != "$(git rev-parse base)" ] && [ "${FORCE:-0}" != 1 ]; then
	if "$top/scripts/export.sh" --check >/dev/null 2>&1; then
		echo "tree: build/linux is base + patches/ ($(git rev-list --count base..HEAD) commits)"
	else
		echo "tree: WARNING: build/linux differs from patches/ (unexported commits, or patches/ changed);"
		echo "tree: using it as it is.  'make export' saves it, 'make tree FORCE=1' resets it to patches/."
	fi
	exit 0
fi

git am --abort >/dev/null 2>&1 || true
git checkout -q -B series base
git reset -q --hard base
"$top/scripts/unignore.sh" "$tree"
for p in $patches; do
	if ! out=$(git -c user.name=x -c user.email=x@x am -q --committer-date-is-author-date "$p" 2>&1); then
		echo "tree: patch $(basename "$p") does not apply:" >&2
		echo "$out" | grep -v -e '^hint:' -e '^When you have' -e '^If you prefer' \
			-e '^To restore' | sed 's/^/tree:   /' >&2
		git am --abort >/dev/null 2>&1 || true
		exit 1
	fi
done
echo "tree: base $(git rev-parse --short=12 base) + $(echo "$patches" | grep -c . || true) patches"
