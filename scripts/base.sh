#!/bin/sh
# Import the Debian linux-source-6.1 tree as one reproducible git commit
# tagged "base" in build/linux.  Fixed identity and date: the same package
# gives the same commit hash on every machine.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/series.conf"
tree=${TREE:-$top/build/linux}

if [ -d "$tree/.git" ] && git -C "$tree" rev-parse -q --verify refs/tags/base >/dev/null; then
	exit 0
fi
if [ ! -r "$BASE_TARBALL" ]; then
	echo "base: $BASE_TARBALL missing: run 'make deps' (package linux-source-6.1)" >&2
	exit 1
fi

pkgver=$(dpkg-query -W -f '${Version}' linux-source-6.1 2>/dev/null || echo unknown)
rm -rf "$tree.tmp"
mkdir -p "$tree.tmp"
echo "base: extracting $BASE_TARBALL ($pkgver)"
tar -xJf "$BASE_TARBALL" -C "$tree.tmp" --strip-components=1

v=$(sed -n 's/^VERSION = //p' "$tree.tmp/Makefile")
p=$(sed -n 's/^PATCHLEVEL = //p' "$tree.tmp/Makefile")
s=$(sed -n 's/^SUBLEVEL = //p' "$tree.tmp/Makefile")
if [ "$v.$p.$s" != "$BASE_VERSION" ]; then
	echo "base: WARNING: package has Linux $v.$p.$s, the series was made for $BASE_VERSION; trying anyway"
fi

export GIT_AUTHOR_NAME="Debian linux-source-6.1" GIT_AUTHOR_EMAIL="linux-source-6.1@packages.debian.org"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2000-01-01T00:00:00+0000" GIT_COMMITTER_DATE="2000-01-01T00:00:00+0000"
g() { git -C "$tree.tmp" -c core.autocrlf=false -c core.filemode=true -c init.defaultBranch=series "$@"; }
g init -q
g add -A -f
g commit -q --no-verify -m "Linux $v.$p.$s (Debian linux-source-6.1)"
g tag base
rm -rf "$tree"
mv "$tree.tmp" "$tree"
"$top/scripts/unignore.sh" "$tree"
echo "base: $(git -C "$tree" rev-parse base) Linux $v.$p.$s"
